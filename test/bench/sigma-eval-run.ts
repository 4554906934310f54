/**
 * One Sigma measurement in a fresh process (so the load is cold and the JIT state is this run's):
 * `node --require tsx/cjs test/bench/sigma-eval-run.ts DIR` loads and compiles the bundled
 * SigmaHQ set, reads and normalises every .evtx of DIR (not timed), then runs `matches()` over
 * every event, five passes on one core. Prints one JSON line. `--load-only` stops after the load;
 * `--no-precheck` loads without the bundle's load cache (detect/sigma/precheck.ts).
 */
import { readFileSync } from 'node:fs';
import { loadSigmaRuleSet } from '../../src-main/detect/sigma/load';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { normaliseEvent } from '../../src-main/model/index';
import type { NormalisedEvent } from '../../src-main/model/index';
import { listEvtx } from './folder';

const dir = process.argv[2];
if (!dir) throw new Error('usage: sigma-eval-run.ts DIR [--load-only] [--no-precheck]');
const c0 = process.cpuUsage();
const t0 = performance.now();
// --no-precheck: the load without the bundle's load cache (assets/sigma/precheck.json), every rule checked.
const set = loadSigmaRuleSet(process.argv.includes('--no-precheck') ? { precheck: false } : {});
const load = { wallMs: performance.now() - t0, cpuMs: process.cpuUsage(c0).user / 1000, rules: set.rules.length };
if (process.argv.includes('--load-only')) {
  process.stdout.write(JSON.stringify({ load }) + '\n');
  process.exit(0);
}
const events: NormalisedEvent[] = [];
for (const f of listEvtx(dir)) {
  try {
    for (const r of parseEvtxBytes(new Uint8Array(readFileSync(f))).records) events.push(normaliseEvent(r, { evidence: f }));
  } catch {
    // a damaged sample: its readable records are measured elsewhere
  }
}
const passes: number[] = [];
let matches = 0;
for (let pass = 0; pass < 5; pass++) {
  const c1 = process.cpuUsage();
  matches = 0;
  for (const e of events) matches += set.matches(e).length;
  const u = process.cpuUsage(c1);
  passes.push(events.length / ((u.user + u.system) / 1e6));
}
process.stdout.write(JSON.stringify({ load, events: events.length, matches, eventsPerCpuSecond: passes }) + '\n');
