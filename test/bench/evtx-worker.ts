/**
 * Bench-local worker thread: parses each chunk-slot range [from, to) it is sent to RawEvent objects.
 * Unless `warmUp` is false it first runs the pool workers' warm-up (src-main/worker/warm-up.ts: the
 * built-in samples, the same limits), as the app's and the CLI's workers do before their first item;
 * 'ready' carries its report. Run compiled (evtx-worker-build.ts) or, without a bundle, through tsx;
 * `samplesDir` is the demo evidence (a bundle's own directory is not the source tree's).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readEvtxFile } from '../../src-main/evidence-reading/evtx-source';
import { warmUpParser, warmUpSamples } from '../../src-main/evidence-reading/warm-up';

const { file, warmUp, samplesDir } = workerData as { file: string; warmUp: boolean; samplesDir: string };
parentPort!.on('message', ([from, to]: [number, number]) => {
  let records = 0;
  readEvtxFile(file, { from, to, onChunk: (r) => { records += r.records.length; } }).then(
    ({ summary }) => parentPort!.postMessage({ records, failed: summary.recordsFailed }),
    (e: Error) => parentPort!.postMessage({ error: e.message }),
  );
});
(warmUp ? warmUpParser(warmUpSamples(samplesDir), () => false) : Promise.resolve(null)).then((report) => parentPort!.postMessage({ ready: true, warmUp: report }));
