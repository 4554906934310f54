/**
 * Measures the Sigma engine on real events: cold load + compile of the bundled set, then
 * matches() over every event of the shared corpus's .evtx files (read and normalised first, not
 * timed), three passes, one core. Prints wall and CPU time (the build machines are shared).
 *
 *   npx tsx test/tools/sigma/measure-throughput.ts [EVIDENCE_DIR]
 */
import { readFileSync } from 'node:fs';
import { loadSigmaRuleSet } from '../../../src-main/detect/sigma/load';
import { parseEvtxBytes } from '../../../src-main/ingest/evtx/index';
import { normaliseEvent } from '../../../src-main/model/index';
import type { NormalisedEvent } from '../../../src-main/model/index';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { listEvtx } from '../../bench/folder';

const root = process.argv[2] ?? SHARED_EVIDENCE;
const events: NormalisedEvent[] = [];
for (const f of listEvtx(root)) {
  try {
    for (const r of parseEvtxBytes(new Uint8Array(readFileSync(f))).records) events.push(normaliseEvent(r, { evidence: f }));
  } catch {
    // a damaged sample: not what we measure
  }
}
const c0 = process.cpuUsage();
const t0 = performance.now();
const set = loadSigmaRuleSet({});
console.log(`load+compile: ${(performance.now() - t0).toFixed(0)} ms wall, ${(process.cpuUsage(c0).user / 1000).toFixed(0)} ms CPU; ${set.rules.length} rules`);
const heavy = events.filter((e) => set.candidates(e).length > 500);
const light = events.filter((e) => set.candidates(e).length <= 500);
for (const [name, list] of [['busy buckets (>500 candidate rules, e.g. Sysmon process creation)', heavy], ['all other events', light]] as const) {
  const c1 = process.cpuUsage();
  for (let pass = 0; pass < 3; pass++) for (const e of list) set.matches(e);
  const cpu = (process.cpuUsage(c1).user + process.cpuUsage(c1).system) / 1e6;
  console.log(`${name}: ${list.length} events, ${((3 * list.length) / cpu).toFixed(0)} events/s CPU`);
}
for (let pass = 1; pass <= 3; pass++) {
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  let matches = 0;
  let candidates = 0;
  for (const e of events) {
    candidates += set.candidates(e).length;
    matches += set.matches(e).length;
  }
  const cpu = (process.cpuUsage(c1).user + process.cpuUsage(c1).system) / 1e6;
  const wall = (performance.now() - t1) / 1000;
  console.log(`pass ${pass}: ${events.length} events, ${matches} matches, ${(candidates / events.length).toFixed(1)} candidate rules/event; ${(events.length / wall).toFixed(0)} events/s wall, ${(events.length / cpu).toFixed(0)} events/s CPU`);
}
