/** Bench-local worker thread: parses a chunk-slot range of one file to RawEvent objects, once per 'go' message. */
import { parentPort, workerData } from 'node:worker_threads';
import { readEvtxFile } from '../../src-main/worker/evtx-source';

const { file, from, to } = workerData as { file: string; from: number; to: number };
parentPort!.on('message', () => {
  let records = 0;
  readEvtxFile(file, { from, to, onChunk: (r) => { records += r.records.length; } }).then(
    ({ summary }) => parentPort!.postMessage({ records, failed: summary.recordsFailed }),
    (e: Error) => parentPort!.postMessage({ error: e.message }),
  );
});
parentPort!.postMessage('ready');
