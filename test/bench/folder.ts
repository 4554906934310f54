/**
 * Whole-folder benchmark: the headless triage's read of an evidence folder (hash, sniff, parse
 * every format, normalise) with 1 and 2 workers, in-process (`readCase`, with the main thread's
 * share of the CPU time), and the whole triage without Sigma as `npm run triage` runs it (a fresh
 * process through the compiled CLI's launcher, JSON written, peak RSS from GNU time), beside
 * `evtxexport` run over every .evtx file of the same folder in the same run (the C peer; it only
 * parses EVTX, so the ratio flatters it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, SHARED_EVIDENCE } from '../helpers/paths';
import { ensureCliBuilt } from './startup';

export interface FolderRow {
  label: string; seconds: number; mbPerSecond: number; eventsPerSecond: number; peakRssMb: number | null; ratioToPeer: number | null;
  /** In-process rows: the main thread's CPU time over the process's (receiving batches, progress). */
  mainCpuShare?: number | null;
  /** Whole-process rows: user + system CPU seconds (GNU time): on a busy machine the wall time is mostly waiting. */
  cpuSeconds?: number | null;
}

const HAS_GNU_TIME = existsSync('/usr/bin/time');

/** Every .evtx file below `dir` (the peer's workload and the Sigma bench's events). */
export function listEvtx(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...listEvtx(p));
    else if (name.toLowerCase().endsWith('.evtx')) out.push(p);
  }
  return out;
}

function runOurs(dir: string, workers: number): { seconds: number; bytes: number; events: number; peakRss: number; mainCpuMs: number | null; processCpuMs: number } {
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'folder-run.ts'), dir, String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`folder-run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** `npm run triage -- DIR --no-sigma --quiet --workers N --json TMP` as one timed process (peak RSS and CPU with GNU time). */
function runCli(dir: string, workers: number): { seconds: number; peakRssKb: number; cpuSeconds: number } {
  const out = mkdtempSync(path.join(tmpdir(), 'bench-folder-'));
  try {
    const args = [path.join(REPO_ROOT, 'scripts', 'cli.cjs'), 'triage', dir, '--no-sigma', '--quiet', '--workers', String(workers), '--json', path.join(out, 't.json')];
    const t0 = process.hrtime.bigint();
    const r = HAS_GNU_TIME
      ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, ...args], { encoding: 'utf8', cwd: REPO_ROOT, maxBuffer: 1 << 24 })
      : spawnSync(process.execPath, args, { encoding: 'utf8', cwd: REPO_ROOT, maxBuffer: 1 << 24 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`triage failed: ${r.stderr}`);
    const [rss, user, sys] = HAS_GNU_TIME ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
    return { seconds, peakRssKb: rss ?? NaN, cpuSeconds: (user ?? NaN) + (sys ?? NaN) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function runEvtxexport(files: string[]): { seconds: number; bytes: number; peakRssKb: number } {
  let seconds = 0;
  let bytes = 0;
  let peakRssKb = 0;
  for (const f of files) {
    const t0 = process.hrtime.bigint();
    // GNU time (Debian package `time`) reports the peak RSS; without it, only the time is measured.
    const r = HAS_GNU_TIME
      ? spawnSync('/usr/bin/time', ['-f', '%M', 'evtxexport', '-f', 'xml', f], { encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync('evtxexport', ['-f', 'xml', f], { encoding: 'utf8', maxBuffer: 1 << 30 });
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    bytes += statSync(f).size;
    const rss = HAS_GNU_TIME ? Number(r.stderr.trim().split('\n').pop() ?? '0') : NaN;
    if (Number.isFinite(rss)) peakRssKb = Math.max(peakRssKb, rss);
  }
  return { seconds, bytes, peakRssKb };
}

export function benchFolder(dir: string, repeat = 3): FolderRow[] {
  const files = listEvtx(dir);
  const hasPeer = (() => { try { execFileSync('evtxexport', ['-V'], { stdio: 'ignore' }); return true; } catch { return false; } })();
  const best = <T extends { seconds: number }>(runs: T[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const peer = hasPeer ? best(Array.from({ length: repeat }, () => runEvtxexport(files))) : null;
  const rows: FolderRow[] = [];
  if (peer) {
    rows.push({ label: `evtxexport over the ${files.length} .evtx files`, seconds: peer.seconds, mbPerSecond: peer.bytes / 1e6 / peer.seconds, eventsPerSecond: NaN, peakRssMb: HAS_GNU_TIME ? peer.peakRssKb / 1024 : null, ratioToPeer: 1 });
  }
  const peerMbs = peer ? peer.bytes / 1e6 / peer.seconds : NaN;
  let bytes = 0;
  let events = 0;
  for (const workers of [1, 2]) {
    const r = best(Array.from({ length: repeat }, () => runOurs(dir, workers)));
    const mbs = r.bytes / 1e6 / r.seconds;
    bytes = r.bytes;
    events = r.events;
    rows.push({
      label: `whole folder, ${workers} worker${workers > 1 ? 's' : ''} (hash + every format + normalise)`,
      seconds: r.seconds, mbPerSecond: mbs, eventsPerSecond: r.events / r.seconds, peakRssMb: r.peakRss / 1024 / 1024,
      ratioToPeer: peer ? mbs / peerMbs : null,
      mainCpuShare: r.mainCpuMs === null ? null : r.mainCpuMs / r.processCpuMs,
    });
  }
  ensureCliBuilt();
  for (const workers of [1, 2]) {
    const r = best(Array.from({ length: repeat }, () => runCli(dir, workers)));
    const mbs = bytes / 1e6 / r.seconds;
    rows.push({
      label: `\`npm run triage -- DIR --no-sigma --json F\`, ${workers} worker${workers > 1 ? 's' : ''} (whole process, compiled CLI)`,
      seconds: r.seconds, mbPerSecond: mbs, eventsPerSecond: events / r.seconds, peakRssMb: Number.isFinite(r.peakRssKb) ? r.peakRssKb / 1024 : null,
      ratioToPeer: peer ? mbs / peerMbs : null,
      cpuSeconds: Number.isFinite(r.cpuSeconds) ? r.cpuSeconds : null,
    });
  }
  return rows;
}

export function formatFolderRows(dir: string, rows: FolderRow[]): string {
  const lines = [
    `Whole-folder read of ${dir} (best of 3). MB/s: the whole folder's bytes (every file, not only .evtx) over the wall time (whole process for the CLI rows); evtxexport: the .evtx files' bytes over its time.`,
    '', '| run | s | MB/s | events/s | peak RSS MB | × evtxexport MB/s | main thread, share of CPU | process CPU s |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const share = r.mainCpuShare === undefined || r.mainCpuShare === null ? '—' : `${(100 * r.mainCpuShare).toFixed(0)} %`;
    const cpu = r.cpuSeconds === undefined || r.cpuSeconds === null ? '—' : r.cpuSeconds.toFixed(2);
    lines.push(`| ${r.label} | ${r.seconds.toFixed(2)} | ${r.mbPerSecond.toFixed(1)} | ${Number.isNaN(r.eventsPerSecond) ? '—' : Math.round(r.eventsPerSecond).toLocaleString('en-US')} | ${r.peakRssMb === null ? '—' : r.peakRssMb.toFixed(0)} | ${r.ratioToPeer === null ? '—' : r.ratioToPeer.toFixed(2)} | ${share} | ${cpu} |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? SHARED_EVIDENCE);
  console.log(formatFolderRows(dir, benchFolder(dir)));
}
