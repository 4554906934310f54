/**
 * Bench-local worker thread: parses each chunk-slot range [from, to) it is sent to RawEvent objects
 * and answers with the records, the failures and the thread's CPU time for the range ('ready' also carries its thread id).
 * Unless `warmUp` is false it first runs the pool workers' warm-up (src-main/worker/warm-up.ts: the
 * built-in samples, the same limits), as the app's and the CLI's workers do before their first item;
 * 'ready' carries its report. Run compiled (evtx-worker-build.ts) or, without a bundle, through tsx;
 * `samplesDirs` are the warm-up's sample folders in the source tree (a bundle's own directory is not the source tree's).
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readEvtxFile } from '../../src-main/evidence-reading/evtx-source';
import { threadCpuMs, warmUpParser, warmUpSamples } from '../../src-main/evidence-reading/warm-up';
import type { WarmUpLimits } from '../../src-main/evidence-reading/warm-up';

const { file, warmUp, samplesDirs, warmUpLimits } = workerData as { file: string; warmUp: boolean; samplesDirs: string[]; warmUpLimits?: WarmUpLimits };
parentPort!.on('message', ([from, to]: [number, number]) => {
  let records = 0;
  const cpu0 = threadCpuMs();
  readEvtxFile(file, { from, to, onChunk: (r) => { records += r.records.length; } }).then(
    ({ summary }) => parentPort!.postMessage({ records, failed: summary.recordsFailed, cpuMs: threadCpuMs() - cpu0 }),
    (e: Error) => parentPort!.postMessage({ error: e.message }),
  );
});
/** This thread's id (Linux), so the parent can tell its CPU time from its other threads'. */
function ownTid(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}
(warmUp ? warmUpParser(warmUpSamples(samplesDirs), () => false, warmUpLimits) : Promise.resolve(null)).then((report) => parentPort!.postMessage({ ready: true, warmUp: report, tid: ownTid() }));
