/**
 * Bench-local worker thread: parses each chunk-slot range [from, to) it is sent to RawEvent objects.
 * Unless `warmUp` is false it first runs the pool workers' warm-up (src-main/worker/warm-up.ts: the
 * built-in samples, the same limits), as the app's and the CLI's workers do before their first item;
 * 'ready' carries its report.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readEvtxFile } from '../../src-main/evidence-reading/evtx-source';
import { warmUpParser, warmUpSamples } from '../../src-main/evidence-reading/warm-up';

const { file, warmUp } = workerData as { file: string; warmUp: boolean };
parentPort!.on('message', ([from, to]: [number, number]) => {
  let records = 0;
  readEvtxFile(file, { from, to, onChunk: (r) => { records += r.records.length; } }).then(
    ({ summary }) => parentPort!.postMessage({ records, failed: summary.recordsFailed }),
    (e: Error) => parentPort!.postMessage({ error: e.message }),
  );
});
(warmUp ? warmUpParser(warmUpSamples(), () => false) : Promise.resolve(null)).then((report) => parentPort!.postMessage({ ready: true, warmUp: report }));
