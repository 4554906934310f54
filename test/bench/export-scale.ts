/**
 * "Scale on paper" (README): the whole headless triage of a folder on one core (`--workers 1`),
 * without Sigma, with the bundled Sigma set, and without Sigma but writing every event as ECS
 * NDJSON; each a fresh process (tsx start-up, rule load, hashing, reading, detections, JSON),
 * interleaved, median of N runs. Prints wall time and the CPU time the child used (user + system,
 * all its threads: /proc/self/stat's cutime + cstime), events and MB per CPU-second (per core:
 * on a shared machine the wall time mostly measures the other processes), the export's cost as a
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

/** CPU seconds used by this process's waited-for children (Linux /proc, fields 16 and 17, in clock ticks). */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return (Number(fields[13]) + Number(fields[14])) / ticks;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const times = new Map<string, number[]>(configs.map((c) => [c.name, []]));
const cpus = new Map<string, number[]>(configs.map((c) => [c.name, []]));
let stats = { events: 0, bytes: 0 };
for (let r = 0; r < runs; r++) {
  for (const c of configs) {
    const json = path.join(tmp, 'triage.json');
    const c0 = childCpuSeconds();
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src-main/cli/triage.ts'), dir, '--workers', '1', '--quiet', '--json', json, ...c.args], { stdio: ['ignore', 'ignore', 'inherit'], cwd: REPO_ROOT });
    times.get(c.name)!.push(Number(process.hrtime.bigint() - t0) / 1e9);
    cpus.get(c.name)!.push(childCpuSeconds() - c0);
    stats = JSON.parse(readFileSync(json, 'utf8')).stats;
  }
}
const ecsBytes = statSync(path.join(tmp, 'events.ndjson')).size;
const base = median(cpus.get('no Sigma')!);
console.log(`${dir}: ${stats.events} events, ${(stats.bytes / 1e6).toFixed(1)} MB, 1 worker, median of ${runs} interleaved runs, load average ${os.loadavg()[0]!.toFixed(1)}`);
for (const c of configs) {
  const t = median(cpus.get(c.name)!);
  console.log(`  ${c.name.padEnd(24)} CPU ${t.toFixed(2)} s: ${Math.round(stats.events / t)} events/s, ${(stats.bytes / 1e6 / t).toFixed(2)} MB/s per core, ${(base / t).toFixed(2)}x no-Sigma`
    + `  (CPU runs: ${cpus.get(c.name)!.map((x) => x.toFixed(2)).join(', ')}; wall runs: ${times.get(c.name)!.map((x) => x.toFixed(1)).join(', ')} s)`);
}
console.log(`  ECS NDJSON: ${(ecsBytes / 1e6).toFixed(1)} MB = ${(ecsBytes / stats.bytes).toFixed(2)} bytes per input byte, ${Math.round(ecsBytes / stats.events)} bytes per event`);
rmSync(tmp, { recursive: true, force: true });
