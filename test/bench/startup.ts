/**
 * Start-up benchmark (issue 21): how long a command takes from process spawn to its first touch of
 * the evidence, and to the end of `--help`, for the compiled CLI (`dist-cli/`, scripts/cli.cjs)
 * beside the old path (the TypeScript sources through tsx) and beside `node -e ''`. Each row is the
 * median of RUNS runs, the rows interleaved so a neighbour's burst does not land on one row only.
 * The first touch is recorded by test/bench/first-read-probe.cjs (`--require`d into the process),
 * with the CPU time the process had used by then (all threads): on a busy machine the wall times
 * stretch with the neighbours' load, the CPU times much less.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

const RUNS = 9;
const PROBE = join(__dirname, 'first-read-probe.cjs');
const DEMO = join(REPO_ROOT, 'assets', 'demo-evidence');
const SMALL_EVTX = join(DEMO, 'DC01', 'Security.evtx');

interface Case { label: string; args: string[]; firstRead?: boolean }

interface Once { total: number; firstRead: number | null; firstReadCpu: number | null }

function once(c: Case, marker: string): Once {
  rmSync(marker, { force: true });
  // Epoch ms, as the probe records them.
  const started = performance.timeOrigin + performance.now();
  const r = spawnSync(process.execPath, c.firstRead ? ['--require', PROBE, ...c.args] : c.args, {
    cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', FIRST_READ_PREFIX: DEMO, FIRST_READ_OUT: marker },
  });
  const total = performance.timeOrigin + performance.now() - started;
  if (r.status !== 0) throw new Error(`${c.label} failed (${r.status}): ${r.stderr}`);
  if (!c.firstRead) return { total, firstRead: null, firstReadCpu: null };
  let text: string;
  try { text = readFileSync(marker, 'utf8'); } catch { throw new Error(`${c.label}: the probe saw no evidence read`); }
  const [wall, cpu] = text.split(' ').map(Number);
  return { total, firstRead: wall! - started, firstReadCpu: cpu! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;

/** Brings dist-cli/ up to date (not timed): launcher rows then measure the up-to-date check, not a build. */
export function ensureCliBuilt(): void {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'cli.cjs'), '--build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0 || /build failed/.test(build.stderr)) throw new Error(`scripts/cli.cjs --build failed: ${build.stderr}`);
}

export async function runStartupBench(opts: { log: (s: string) => void }): Promise<string> {
  ensureCliBuilt();
  // The npm scripts run the launcher without --enable-source-maps (the bundles map stacks lazily,
  // scripts/cli-build.cjs `lazySourceMaps`); the flag's rows show what Node's mapping at load costs.
  const sm = '--enable-source-maps';
  const cases: Case[] = [
    { label: "node -e ''", args: ['-e', ''] },
    { label: 'evtx-dump --help, compiled (node dist-cli/cli/evtx-dump.js)', args: ['dist-cli/cli/evtx-dump.js', '--help'] },
    { label: 'evtx-dump --help, launcher (scripts/cli.cjs: up-to-date check + compiled)', args: ['scripts/cli.cjs', 'evtx-dump', '--help'] },
    { label: 'evtx-dump --help, tsx (before)', args: ['--import', 'tsx', 'src-main/cli/evtx-dump.ts', '--help'] },
    { label: 'evtx-dump FILE → first file read, launcher', args: ['scripts/cli.cjs', 'evtx-dump', SMALL_EVTX], firstRead: true },
    { label: 'evtx-dump FILE → first file read, tsx (before)', args: ['--import', 'tsx', 'src-main/cli/evtx-dump.ts', SMALL_EVTX], firstRead: true },
    { label: 'triage --no-sigma → first evidence read, launcher', args: ['scripts/cli.cjs', 'triage', DEMO, '--no-sigma', '--quiet'], firstRead: true },
    { label: 'triage --no-sigma → first evidence read, compiled, no up-to-date check (node dist-cli/cli/triage.js)', args: ['dist-cli/cli/triage.js', DEMO, '--no-sigma', '--quiet'], firstRead: true },
    { label: 'triage --no-sigma → first evidence read, launcher with --enable-source-maps (maps read at load, before)', args: [sm, 'scripts/cli.cjs', 'triage', DEMO, '--no-sigma', '--quiet'], firstRead: true },
    { label: 'triage --no-sigma → first evidence read, tsx (before)', args: ['--import', 'tsx', 'src-main/cli/triage.ts', DEMO, '--no-sigma', '--quiet'], firstRead: true },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  const totals = cases.map(() => [] as number[]);
  const firsts = cases.map(() => [] as number[]);
  const firstCpus = cases.map(() => [] as number[]);
  try {
    for (let i = 0; i < RUNS; i++) {
      opts.log(`  start-up run ${i + 1}/${RUNS}`);
      cases.forEach((c, k) => {
        const r = once(c, join(dir, 'first-read'));
        totals[k]!.push(r.total);
        if (r.firstRead !== null) firsts[k]!.push(r.firstRead);
        if (r.firstReadCpu !== null) firstCpus[k]!.push(r.firstReadCpu);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = median(totals[0]!);
  const lines = [
    `Median of ${RUNS} interleaved runs; "first read" is spawn → first open/listing of the evidence (probe), "CPU by then" the`,
    'CPU time the process had used at that moment (user + system, all threads), "whole" is spawn → exit.',
    '',
    "| command | first read (ms) | CPU by then (ms) | whole process (ms) | whole × `node -e ''` |",
    '|---|---:|---:|---:|---:|',
  ];
  cases.forEach((c, k) => {
    const t = median(totals[k]!);
    const f = firsts[k]!.length > 0 ? median(firsts[k]!).toFixed(0) : '—';
    const fc = firstCpus[k]!.length > 0 ? median(firstCpus[k]!).toFixed(0) : '—';
    lines.push(`| ${c.label} | ${f} | ${fc} | ${t.toFixed(0)} | ${(t / base).toFixed(1)} |`);
  });
  return lines.join('\n');
}
