/**
 * One whole-folder triage read in a fresh process (so peak RSS is this run's alone):
 * `node --require tsx/cjs test/bench/folder-run.ts DIR WORKERS` prints one JSON line.
 */
import { readCase } from '../../src-main/case/read-case';

async function main(): Promise<void> {
  const [dir, workersArg] = process.argv.slice(2);
  if (!dir) throw new Error('usage: folder-run.ts DIR WORKERS');
  const workers = Number(workersArg ?? '1');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);
  let events = 0;
  const t0 = process.hrtime.bigint();
  const scan = await readCase(dir, { jobId: 'bench', workers, onEvents: (b) => { events += b.length; } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  process.stdout.write(JSON.stringify({ workers, seconds, bytes: scan.stats.bytes, events, files: scan.evidence.length, peakRss }) + '\n');
}

main().catch((err: unknown) => { process.stderr.write(String(err) + '\n'); process.exitCode = 1; });
