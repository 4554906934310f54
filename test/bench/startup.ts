/**
 * Start-up benchmark (issue 21): how long a command takes from process spawn to its first touch of
 * the evidence, and to the end of `--help`, for the compiled CLI (`dist-cli/`, scripts/cli.cjs)
 * beside the old path (the TypeScript sources through tsx) and beside `node -e ''`. Each row is the
 * median of RUNS runs, the rows interleaved so a neighbour's burst does not land on one row only.
 * The first touch is recorded by test/bench/first-read-probe.cjs (`--require`d into the process),
 * with the CPU time the process had used by then (all threads): on a busy machine the wall times
 * stretch with the neighbours' load, the CPU times much less. The floor is a bare `node` whose
 * first statement lists the folder: "ours" is a row's first read minus that floor, the part of
 * the start-up the command itself adds.
 *
 * A/B against another checkout: `npm run bench -- --only startup --startup-base DIR [--startup-runs N]`
 * (DIR e.g. `git worktree add --detach /tmp/base main` with node_modules linked; built here with
 * its own launcher) runs only the floor and the compiled rows of both, interleaved run by run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

const RUNS = 9;

/** The value after `flag` on the bench's command line, if any. */
function argOf(flag: string): string | null {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] ?? null : null;
}
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

/** Brings dist-cli/ of `root` up to date (not timed): launcher rows then measure the up-to-date check, not a build. */
export function ensureCliBuilt(root = REPO_ROOT): void {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'cli.cjs'), '--build'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0 || /build failed/.test(build.stderr)) throw new Error(`scripts/cli.cjs --build failed: ${build.stderr}`);
}

/** The floor: node itself, listing the evidence folder as its first statement. */
const FLOOR: Case = { label: 'node -e "readdirSync(folder)" (the floor)', args: ['-e', `require('node:fs').readdirSync(${JSON.stringify(DEMO)})`], firstRead: true };

/** The compiled rows of this checkout and of `base`, for an A/B run. */
function abCases(base: string): Case[] {
  const triage = [DEMO, '--no-sigma', '--quiet'];
  return [
    { label: "node -e ''", args: ['-e', ''] },
    FLOOR,
    { label: 'triage → first evidence read, launcher, this checkout', args: ['scripts/cli.cjs', 'triage', ...triage], firstRead: true },
    { label: `triage → first evidence read, launcher, base (${base})`, args: [join(base, 'scripts', 'cli.cjs'), 'triage', ...triage], firstRead: true },
    { label: 'triage → first evidence read, compiled, this checkout', args: ['dist-cli/cli/triage.js', ...triage], firstRead: true },
    { label: 'triage → first evidence read, compiled, base', args: [join(base, 'dist-cli', 'cli', 'triage.js'), ...triage], firstRead: true },
    { label: 'evtx-dump FILE → first file read, launcher, this checkout', args: ['scripts/cli.cjs', 'evtx-dump', SMALL_EVTX], firstRead: true },
    { label: 'evtx-dump FILE → first file read, launcher, base', args: [join(base, 'scripts', 'cli.cjs'), 'evtx-dump', SMALL_EVTX], firstRead: true },
  ];
}

export async function runStartupBench(opts: { log: (s: string) => void }): Promise<string> {
  ensureCliBuilt();
  const base = argOf('--startup-base');
  if (base !== null) ensureCliBuilt(base);
  const runs = Number(argOf('--startup-runs') ?? RUNS);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--startup-runs takes a whole number of runs');
  // The npm scripts run the launcher without --enable-source-maps (the bundles map stacks lazily,
  // scripts/cli-build.cjs `lazySourceMaps`); the flag's rows show what Node's mapping at load costs.
  const sm = '--enable-source-maps';
  const cases: Case[] = base !== null ? abCases(base) : [
    { label: "node -e ''", args: ['-e', ''] },
    FLOOR,
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
    for (let i = 0; i < runs; i++) {
      opts.log(`  start-up run ${i + 1}/${runs}`);
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
  const nodeWhole = median(totals[0]!);
  const floorAt = cases.indexOf(FLOOR);
  const floor = median(firsts[floorAt]!);
  const floorCpu = median(firstCpus[floorAt]!);
  const lines = [
    `Median of ${runs} interleaved runs; "first read" is spawn → first open/listing of the evidence (probe), "CPU by then" the`,
    'CPU time the process had used at that moment (user + system, all threads), "whole" is spawn → exit; "ours" is a',
    "row's median minus the floor's (a bare `node` listing the folder first).",
    '',
    "| command | first read (ms) | ours (ms) | CPU by then (ms) | ours, CPU (ms) | whole process (ms) | whole × `node -e ''` |",
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  cases.forEach((c, k) => {
    const t = median(totals[k]!);
    const first = firsts[k]!.length > 0 ? median(firsts[k]!) : null;
    const cpu = firstCpus[k]!.length > 0 ? median(firstCpus[k]!) : null;
    const cell = (v: number | null) => (v === null ? '—' : v.toFixed(0));
    lines.push(`| ${c.label} | ${cell(first)} | ${cell(first === null ? null : first - floor)} | ${cell(cpu)} | ${cell(cpu === null ? null : cpu - floorCpu)} | ${t.toFixed(0)} | ${(t / nodeWhole).toFixed(1)} |`);
  });
  return lines.join('\n');
}
