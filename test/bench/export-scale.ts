/**
 * "Scale on paper" (README): the whole headless triage of a folder on one core (`--workers 1`),
 * without Sigma, with the bundled Sigma set, and without Sigma but writing every event as ECS
 * NDJSON; each a fresh process (tsx start-up, rule load, hashing, reading, detections, JSON),
 * interleaved, median of N runs. Prints events/s and MB/s per core, the export's cost as a
 * same-run ratio, and the ECS bytes per input MB. Run: `npx tsx test/bench/export-scale.ts [DIR] [--runs N]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, SHARED_EVIDENCE } from '../helpers/paths';

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 3;
const dir = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs') ?? SHARED_EVIDENCE;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'export-scale-'));

interface Config { name: string; args: string[] }
const configs: Config[] = [
  { name: 'no Sigma', args: ['--no-sigma'] },
  { name: 'full Sigma set', args: [] },
  { name: 'no Sigma + ECS events', args: ['--no-sigma', '--events', path.join(tmp, 'events.ndjson')] },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times = new Map<string, number[]>(configs.map((c) => [c.name, []]));
let stats = { events: 0, bytes: 0 };
for (let r = 0; r < runs; r++) {
  for (const c of configs) {
    const json = path.join(tmp, 'triage.json');
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-main/cli/triage.ts'), dir, '--workers', '1', '--quiet', '--json', json, ...c.args], { stdio: ['ignore', 'ignore', 'inherit'], cwd: REPO_ROOT });
    times.get(c.name)!.push(Number(process.hrtime.bigint() - t0) / 1e9);
    stats = JSON.parse(readFileSync(json, 'utf8')).stats;
  }
}
const ecsBytes = statSync(path.join(tmp, 'events.ndjson')).size;
const base = median(times.get('no Sigma')!);
console.log(`${dir}: ${stats.events} events, ${(stats.bytes / 1e6).toFixed(1)} MB, 1 worker, median of ${runs} interleaved runs, load average ${os.loadavg()[0]!.toFixed(1)}`);
for (const c of configs) {
  const t = median(times.get(c.name)!);
  console.log(`  ${c.name.padEnd(24)} ${t.toFixed(2)} s  ${Math.round(stats.events / t)} events/s  ${(stats.bytes / 1e6 / t).toFixed(2)} MB/s  throughput ${(base / t).toFixed(2)}x no-Sigma  (runs: ${times.get(c.name)!.map((x) => x.toFixed(2)).join(', ')})`);
}
console.log(`  ECS NDJSON: ${(ecsBytes / 1e6).toFixed(1)} MB = ${(ecsBytes / stats.bytes).toFixed(2)} bytes per input byte, ${Math.round(ecsBytes / stats.events)} bytes per event`);
rmSync(tmp, { recursive: true, force: true });
