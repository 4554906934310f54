// Large, varied EVTX files on demand (fuzz seeds, benchmarks):
//   npx tsx test/tools/evtx-writer/make-sample.ts OUT.evtx [--events N] [--seed S] [--shapes K] [--dirty]

import { writeFileSync } from 'node:fs';
import { EvtxWriter } from './writer';
import { sampleEvents } from './sample-events';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const out = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--') || args[i - 1] === '--dirty'));
if (!out) {
  console.error('usage: make-sample.ts OUT.evtx [--events N] [--seed S] [--shapes K] [--dirty]');
  process.exit(2);
}
const t0 = performance.now();
const w = new EvtxWriter({ dirty: args.includes('--dirty') }).addAll(sampleEvents(opt('seed', 1), opt('events', 10_000), opt('shapes', 6)));
const bytes = w.toBytes();
writeFileSync(out, bytes);
console.log(`${out}: ${opt('events', 10_000)} records, ${w.chunkCount} chunks, ${bytes.length} bytes, ${Math.round(performance.now() - t0)} ms`);
