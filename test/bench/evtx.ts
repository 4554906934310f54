/**
 * EVTX benchmark workloads: real samples from ../shared/evidence plus a ≥ 1 GiB file built at
 * bench time under the OS temp dir (header with a valid CRC, then real chunks copied
 * cyclically from the System sample). Every measurement is a separate process so peak RSS (from
 * /usr/bin/time %M) belongs to one tool. Library rows ("to objects") time the parse inside the
 * process, excluding start-up; CLI rows (evtx-dump, evtxexport, python-evtx) time the whole
 * process with stdout to /dev/null. Ratios are throughput relative to evtxexport in this run.
 * "CPU (s)" is the whole process's user+system time (incl. start-up and GC threads): on a
 * shared machine it shows whether a run got the cores it could use.
 * Our one- and two-worker rows run REPEATS times each, interleaved, and show the median run.
 * `--huge` adds a 4.5 GiB file (benchHuge).
 * Library rows are measured twice on the files under 100 MB: cold (one pass in a fresh process,
 * the JIT compiling as it goes) and warm (the median of passes 9–16 in one process, its workers
 * kept): on a 16.8 MB file the JIT's warm-up is a large share of a pass, each new worker thread
 * pays it again, and a long-lived worker pool pays it once. Cold rows give fresh workers that ran
 * the pool's warm-up on the built-in samples first (worker/warm-up.ts, as the app's and the CLI's
 * workers do before their first item; its time is not in the pass but in `readyMs`, shown beside),
 * and again without it ("no warm-up", the cold rows before the warm-up existed).
 * Our workers run compiled (evtx-worker-build.ts: one esbuild bundle, as `dist-cli/` and the app
 * ship them), not through tsx; before 2026-12-06 07:00 UTC they ran through tsx.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from '../../src-main/ingest/evtx/crc32';
import { REPO_ROOT, SHARED_EVIDENCE } from '../helpers/paths';
import { buildBenchWorker } from './evtx-worker-build';
import { ensureCliBuilt } from './startup';

const ROOT = REPO_ROOT;
const EVIDENCE = SHARED_EVIDENCE;
const CHILD = join(__dirname, 'evtx-child.ts');
/** Our parser's worker, compiled as the CLI and the app run theirs (built once per bench run, untimed). */
let benchWorker: string | null = null;
const workerArg = () => `--worker=${(benchWorker ??= buildBenchWorker())}`;
const SYSTEM = 'dfir-artifact-museum/Win2012R2/StolenSzechuan/System.evtx';

export const REAL_WORKLOADS = [
  SYSTEM,
  'dfir-artifact-museum/Win2012R2/StolenSzechuan/Security.evtx',
  'deepbluecli/evtx/smb-password-guessing-security.evtx',
  'plaso/test_data/evtx/System.evtx',
  'omerbenamram-evtx/samples/security.evtx',
  'dfir-artifact-museum/Win10/APTSimulatorVM/Microsoft-Windows-Sysmon%4Operational.evtx',
];
const PYTHON_MAX = 3_000_000;
const TSEVTX_MAX = 100 * 1024 * 1024; // EvtxFile refuses larger files

interface Run {
  seconds: number;
  rssMb: number;
  cpu?: number;
  records?: number;
  error?: string;
  /** Every run's time when the row is the median of several (medianRun). */
  of?: number[];
  /** Library rows: creating the workers → all ready (code loaded, warm-up done), ms. */
  readyMs?: number;
}
/**
 * Passes per warm measurement: the first WARM_SKIP warm the JIT, the median of the rest is
 * reported. Measured on System.evtx (per-pass times, 16 passes, three runs each): one worker
 * settles after about 5 passes, two workers after about 8, because each worker's isolate sees
 * half the records per pass and so reaches the JIT's thresholds half as fast.
 */
const WARM_PASSES = 16;
const WARM_SKIP = 8;
interface Row { tool: string; run: Run }
const runsNote = (run: Run) => (run.of ? ` (median of ${run.of.map((x) => fmt(x, 3)).join(', ')})` : '');
/** Runs of each of our one- and two-worker rows, interleaved; the row is their median. */
const REPEATS = 5;

/**
 * The run with the median time (an error if any run failed); its peak RSS is the largest of all
 * the runs, so the memory target is checked against the worst of them.
 */
function medianRun(runs: Run[]): Run {
  const failed = runs.find((r) => r.error);
  if (failed) return failed;
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return { ...sorted[(sorted.length - 1) >> 1]!, rssMb: Math.max(...runs.map((r) => r.rssMb)), of: runs.map((r) => r.seconds) };
}

const sh = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * Runs a command under /usr/bin/time. `inProcess`: time and records come from the child's JSON
 * line. Otherwise (CLIs) the whole process is timed and its records are counted by piping its
 * output through `grep -c PATTERN` (peak RSS is the largest process of the pipeline).
 */
function measure(cmd: string, args: string[], inProcess: boolean, countPattern = '', timeoutMs = 1_800_000): Promise<Run> {
  return new Promise((res) => {
    const t0 = process.hrtime.bigint();
    const argv = inProcess ? [cmd, ...args] : ['sh', '-c', `${[cmd, ...args].map(sh).join(' ')} 2>/dev/null | grep -c ${sh(countPattern)}`];
    const p = spawn('/usr/bin/time', ['-f', '%M %U %S', ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout?.on('data', (d: Buffer) => { out += d; });
    p.stderr!.on('data', (d: Buffer) => { err += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => {
      clearTimeout(timer);
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const lines = err.trim().split('\n');
      const [maxKb, user, sys] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
      const rssMb = (maxKb ?? NaN) / 1024;
      const cpu = (user ?? NaN) + (sys ?? NaN);
      if (!inProcess) {
        const records = Number(out.trim());
        return res(Number.isFinite(records) && records > 0 ? { seconds: wall, rssMb, cpu, records } : { seconds: wall, rssMb, error: `exit ${code}, ${out.trim()} records` });
      }
      try {
        const j = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { records?: number; ms?: number; passes?: number[]; readyMs?: number; error?: string };
        if (j.error || j.ms === undefined) return res({ seconds: wall, rssMb, error: j.error ?? `exit ${code}` });
        const warm = (j.passes ?? []).slice(WARM_SKIP).sort((x, y) => x - y);
        // A warm run reports the median of its passes after the warm-up; its CPU spans every pass.
        if (warm.length > 0) return res({ seconds: warm[(warm.length - 1) >> 1]! / 1000, rssMb, records: j.records });
        res({ seconds: j.ms / 1000, rssMb, cpu, records: j.records, readyMs: j.readyMs });
      } catch {
        res({ seconds: wall, rssMb, error: `exit ${code}` });
      }
    });
  });
}

/** Builds (once) a file of at least `minBytes` from the System sample's real chunks. */
export function buildLargeFile(minBytes = 1024 ** 3): string {
  const src = readFileSync(join(EVIDENCE, SYSTEM));
  const chunks: Uint8Array[] = [];
  for (let off = 4096; off + 65536 <= src.length; off += 65536) {
    const c = src.subarray(off, off + 65536);
    if (c[0] === 0x45 && c[1] === 0x6c && c[2] === 0x66 && c[3] === 0x43) chunks.push(c);
  }
  const n = Math.ceil((minBytes - 4096) / 65536);
  const path = join(tmpdir(), `evtx-triage-bench-${n}.evtx`);
  const size = 4096 + n * 65536;
  if (existsSync(path) && statSync(path).size === size) return path;
  const h = Buffer.alloc(4096);
  h.write('ElfFile\0', 0, 'latin1');
  h.writeBigUInt64LE(0n, 8);
  h.writeBigUInt64LE(BigInt(n - 1), 16);
  h.writeBigUInt64LE(BigInt(n * 300), 24);
  h.writeUInt32LE(128, 32);
  h.writeUInt16LE(1, 36);
  h.writeUInt16LE(3, 38);
  h.writeUInt16LE(4096, 40);
  h.writeUInt16LE(n & 0xffff, 42); // u16 field: 16384 slots for 1 GiB
  h.writeUInt32LE(0, 120);
  h.writeUInt32LE(crc32(h, 0, 120), 124);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, h);
    const batch = Buffer.alloc(65536 * 64);
    for (let i = 0; i < n; ) {
      const k = Math.min(64, n - i);
      for (let j = 0; j < k; j++) batch.set(chunks[(i + j) % chunks.length]!, j * 65536);
      writeSync(fd, batch, 0, k * 65536);
      i += k;
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');

/** Runs every tool on one workload and returns its markdown table (and the raw rows). */
export async function benchWorkload(label: string, file: string, log: (s: string) => void): Promise<{ md: string; rows: Row[] }> {
  const bytes = statSync(file).size;
  const node = process.execPath;
  const rows: Row[] = [];
  const add = async (tool: string, p: Run | Promise<Run>) => {
    const run = await p;
    log(`  ${tool}: ${run.error ? run.error : `${fmt(run.seconds, 2)} s${runsNote(run)}, ${fmt(run.rssMb, 0)} MB`}`);
    rows.push({ tool, run });
  };
  log(`${label} (${(bytes / 1048576).toFixed(1)} MiB)`);
  await add('evtxexport (libevtx 20181227, text)', measure('evtxexport', [file], false, '^Event number'));
  const child = (...args: string[]) => measure(node, ['--import', 'tsx', CHILD, ...args], true);
  // Warm rows only where the JIT's warm-up is a visible share of a pass (not on the 1 GiB file).
  const warm = bytes <= TSEVTX_MAX;
  // One worker and two, interleaved REPEATS times, each row the median run: on a shared 2-core
  // machine a neighbour's burst otherwise lands on one row of the pair and decides the ratio.
  // Cold pairs also run without the warm-up (`no warm-up`), interleaved with the others.
  const pair = async (suffix: string, passes: number) => {
    const variants = passes === 1 ? ['', ', no warm-up'] : [''];
    const runs = variants.map(() => [[], []] as Run[][]);
    for (let i = 0; i < REPEATS; i++) {
      for (const [v, variant] of variants.entries()) {
        const flag = variant ? ['--no-warm-up'] : [];
        runs[v]![0]!.push(await child('ours', file, '1', String(passes), workerArg(), ...flag));
        runs[v]![1]!.push(await child('ours', file, '2', String(passes), workerArg(), ...flag));
      }
    }
    for (const [v, variant] of variants.entries()) {
      await add(`ours → objects, 1 worker${suffix}${variant}`, medianRun(runs[v]![0]!));
      await add(`ours → objects, 2 workers${suffix}${variant}`, medianRun(runs[v]![1]!));
    }
  };
  await pair('', 1);
  if (warm) await pair(', warm', WARM_PASSES);
  // As `npm run evtx-dump` runs it (compiled; dist-cli/ brought up to date before, untimed), and the old path through tsx.
  ensureCliBuilt();
  await add('ours evtx-dump → JSONL (whole CLI, compiled)', measure(node, [join(ROOT, 'scripts/cli.cjs'), 'evtx-dump', file], false, '^{'));
  await add('ours evtx-dump --workers 2 → JSONL (whole CLI, compiled)', measure(node, [join(ROOT, 'scripts/cli.cjs'), 'evtx-dump', file, '--workers', '2'], false, '^{'));
  await add('ours evtx-dump → JSONL (whole CLI, tsx)', measure(node, ['--import', 'tsx', join(ROOT, 'src-main/cli/evtx-dump.ts'), file], false, '^{'));
  if (bytes <= TSEVTX_MAX) {
    await add('@ts-evtx/core 1.1.1 → XML', child('tsevtx', file, '1'));
    await add('@ts-evtx/core 1.1.1 → XML, warm', child('tsevtx', file, String(WARM_PASSES)));
  } else rows.push({ tool: '@ts-evtx/core 1.1.1 → XML', run: { seconds: NaN, rssMb: NaN, error: 'refuses files > 100 MB' } });
  if (bytes < PYTHON_MAX) await add('python-evtx 0.6.1 evtx_dump.py', measure('/usr/bin/python3', ['/usr/bin/evtx_dump.py', file], false, '<Event '));
  const ours = rows.find((r) => r.tool.startsWith('ours → objects, 1'))!.run.records ?? NaN;
  const cpuCell = (run: Run) => (run.cpu === undefined ? '—' : fmt(run.cpu, 2));
  const base = rows[0]!.run.seconds;
  const lines = [
    `**${label}** — ${(bytes / 1e6).toFixed(1)} MB, ${ours} records`,
    '',
    '| tool | time (s) | CPU (s) | MB/s | records | records/s | peak RSS (MB) | throughput × evtxexport |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { tool, run } of rows) {
    if (run.error) { lines.push(`| ${tool} | — | — | — | — | — | — | ${run.error} |`); continue; }
    const rec = run.records ?? ours;
    lines.push(`| ${tool} | ${fmt(run.seconds, 3)}${runsNote(run)} | ${cpuCell(run)} | ${fmt(bytes / 1e6 / run.seconds)} | ${rec} | ${fmt(rec / run.seconds, 0)} | ${fmt(run.rssMb, 0)} | ${fmt(base / run.seconds, 2)} |`);
  }
  return { md: lines.join('\n'), rows };
}

export function targets(label: string, rows: Row[], large: boolean): string[] {
  const t = (tool: string) => rows.find((r) => r.tool === tool || r.tool.startsWith(tool + ' '))?.run;
  const lib = t('evtxexport');
  const ratio = (a?: Run, b?: Run) => (a && b && !a.error && !b.error ? b.seconds / a.seconds : NaN);
  const line = (kind: string, suffix: string) => {
    const one = t(`ours → objects, 1 worker${suffix}`);
    const two = t(`ours → objects, 2 workers${suffix}`);
    // The peer at its best: its warm passes can be slower than its first (its garbage grows).
    const tsRuns = [t('@ts-evtx/core 1.1.1 → XML'), t('@ts-evtx/core 1.1.1 → XML, warm')].filter((r): r is Run => !!r && !r.error);
    const ts = tsRuns.sort((a, b) => a.seconds - b.seconds)[0];
    const coldOne = t('ours → objects, 1 worker, no warm-up');
    const coldTwo = t('ours → objects, 2 workers, no warm-up');
    // Creating the workers to the end of the first pass: load + warm-up + pass.
    const fromStart = (r?: Run) => (r && !r.error && r.readyMs !== undefined ? r.readyMs / 1000 + r.seconds : NaN);
    const startRatio = (a?: Run, b?: Run) => fromStart(a) / fromStart(b);
    return `- ${label}, ${kind}: 1 worker = ${fmt(ratio(one, lib), 1)}× evtxexport (target ≥ 5)` +
      (ts ? `, ${fmt(ratio(one, ts), 1)}× @ts-evtx/core's faster run (target ≥ 10)` : '') +
      `; 2 workers = ${fmt(ratio(two, one), 2)}× 1 worker (target ≥ 1.7` +
      (suffix === '' ? `; CPU s 1w ${fmt(one?.cpu ?? NaN, 1)}, 2w ${fmt(two?.cpu ?? NaN, 1)})` : ')') +
      (suffix === '' && one?.readyMs !== undefined
        ? `; workers ready (code + warm-up) after ${fmt(one.readyMs, 0)} ms (1) / ${fmt(two?.readyMs ?? NaN, 0)} ms (2)` +
          `; creating the workers → end of the pass: 1w ${fmt(fromStart(one), 3)} s, 2w ${fmt(fromStart(two), 3)} s (${fmt(startRatio(one, two), 2)}×)`
        : '') +
      (coldOne && coldTwo && suffix === ''
        ? `; without the warm-up (as before): 2 workers = ${fmt(ratio(coldTwo, coldOne), 2)}× 1 worker` +
          `, creating the workers → end of the pass: 1w ${fmt(fromStart(coldOne), 3)} s, 2w ${fmt(fromStart(coldTwo), 3)} s (${fmt(startRatio(coldOne, coldTwo), 2)}×)`
        : '') +
      (large ? `; peak RSS 1 worker ${fmt(one?.rssMb ?? NaN, 0)} MB, 2 workers ${fmt(two?.rssMb ?? NaN, 0)} MB (target < 300)` : '');
  };
  const out = [line('cold (first pass of a fresh process / fresh workers, after their warm-up on the built-in samples)', '')];
  if (t('ours → objects, 1 worker, warm')) out.push(line(`warm (median of passes ${WARM_SKIP + 1}–${WARM_PASSES} in the same process / workers)`, ', warm'));
  return out;
}

export async function runEvtxBench(opts: { large: boolean; log: (s: string) => void }): Promise<string> {
  const parts: string[] = [];
  const summary: string[] = [];
  for (const w of REAL_WORKLOADS) {
    const f = join(EVIDENCE, w);
    if (!existsSync(f)) continue;
    const r = await benchWorkload(w, f, opts.log);
    parts.push(r.md);
    if (w === SYSTEM) summary.push(...targets('System.evtx 16.8 MB', r.rows, false));
  }
  if (opts.large) {
    opts.log('building the 1 GiB workload…');
    const big = buildLargeFile();
    const r = await benchWorkload(`synthetic ${(statSync(big).size / 1024 ** 3).toFixed(2)} GiB (real System.evtx chunks, valid header)`, big, opts.log);
    parts.push(r.md);
    summary.push(...targets('1 GiB', r.rows, true));
  }
  if (process.argv.includes('--huge')) parts.push(await benchHuge(opts.log));
  return [`Targets (same run):\n\n${summary.join('\n')}`, ...parts].join('\n\n');
}

/**
 * `--huge`: a 4.5 GiB file built from real chunks (offsets past 32 bits; past Node's 2 GiB buffer
 * limit), read by our parser on one and two workers and by the compiled evtx-dump, with peak RSS.
 * The peers are left out: evtxexport needs minutes per GiB here and @ts-evtx/core refuses the file.
 */
async function benchHuge(log: (s: string) => void): Promise<string> {
  log('building the 4.5 GiB workload…');
  const file = buildLargeFile(4.5 * 1024 ** 3);
  const bytes = statSync(file).size;
  const node = process.execPath;
  const rows: Row[] = [];
  for (const [tool, run] of [
    ['ours → objects, 1 worker', () => measure(node, ['--import', 'tsx', CHILD, 'ours', file, '1', '1', workerArg()], true)],
    ['ours → objects, 2 workers', () => measure(node, ['--import', 'tsx', CHILD, 'ours', file, '2', '1', workerArg()], true)],
    ['ours evtx-dump → JSONL (whole CLI, compiled)', () => measure(node, [join(ROOT, 'scripts/cli.cjs'), 'evtx-dump', file], false, '^{')],
  ] as const) {
    const r = await run();
    log(`  ${tool}: ${r.error ?? `${fmt(r.seconds, 2)} s, ${fmt(r.rssMb, 0)} MB`}`);
    rows.push({ tool, run: r });
  }
  const lines = [`**synthetic ${(bytes / 1024 ** 3).toFixed(2)} GiB** (real System.evtx chunks; one pass each)`, '', '| tool | time (s) | MB/s | records | peak RSS (MB) |', '|---|---:|---:|---:|---:|'];
  for (const { tool, run } of rows) {
    lines.push(run.error ? `| ${tool} | — | — | — | ${run.error} |` : `| ${tool} | ${fmt(run.seconds, 2)} | ${fmt(bytes / 1e6 / run.seconds)} | ${run.records ?? '—'} | ${fmt(run.rssMb, 0)} |`);
  }
  return lines.join('\n');
}
