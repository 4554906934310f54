import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { readEvtxFile } from '../../src-main/worker/evtx-source';
const { file } = workerData as { file: string };
const ss = () => readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
parentPort!.on('message', ([from, to]: [number, number]) => {
  let records = 0; const t0 = performance.now(); const s0 = ss();
  readEvtxFile(file, { from, to, onChunk: (r) => { records += r.records.length; } }).then(
    ({ summary }) => { const s1 = ss(); process.stderr.write(`${from}:${(performance.now()-t0).toFixed(1)}/run${((s1[0]-s0[0])/1e6).toFixed(1)}/wait${((s1[1]-s0[1])/1e6).toFixed(1)} `); parentPort!.postMessage({ records, failed: summary.recordsFailed }); },
    (e: Error) => parentPort!.postMessage({ error: e.message }),
  );
});
parentPort!.postMessage('ready');
