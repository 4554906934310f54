/** Bench-local worker thread: parses each chunk-slot range [from, to) it is sent to RawEvent objects. */
import { parentPort, workerData } from 'node:worker_threads';
import { readEvtxFile } from '../../src-main/evidence-reading/evtx-source';

const { file } = workerData as { file: string };
parentPort!.on('message', ([from, to]: [number, number]) => {
  let records = 0;
  readEvtxFile(file, { from, to, onChunk: (r) => { records += r.records.length; } }).then(
    ({ summary }) => parentPort!.postMessage({ records, failed: summary.recordsFailed }),
    (e: Error) => parentPort!.postMessage({ error: e.message }),
  );
});
parentPort!.postMessage('ready');
