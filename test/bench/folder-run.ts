/**
 * One whole-folder triage read in a fresh process (so peak RSS is this run's alone):
 * `node --require tsx/cjs test/bench/folder-run.ts DIR WORKERS` prints one JSON line. It also
 * gives the CPU time of the main thread (receiving and decoding the workers' packed batches,
 * evidence-reading/packed-batch-decode.ts) beside the whole process's, from /proc (Linux; null elsewhere).
 */
import { readCase } from '../../src-main/case/read-case';
import { threadCpuMs } from '../../src-main/evidence-reading/warm-up';

async function main(): Promise<void> {
  const [dir, workersArg] = process.argv.slice(2);
  if (!dir) throw new Error('usage: folder-run.ts DIR WORKERS');
  const workers = Number(workersArg ?? '1');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);
  let events = 0;
  const cpu0 = process.cpuUsage();
  const main0 = threadCpuMs();
  const t0 = process.hrtime.bigint();
  const scan = await readCase(dir, { jobId: 'bench', workers, onEvents: (b) => { events += b.length; } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const main1 = threadCpuMs();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const mainCpuMs = main1 - main0; // NaN where a thread's CPU time cannot be read: null in the JSON
  const processCpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ workers, seconds, bytes: scan.stats.bytes, events, files: scan.evidence.length, peakRss, mainCpuMs, processCpuMs }) + '\n');
}

main().catch((err: unknown) => { process.stderr.write(String(err) + '\n'); process.exitCode = 1; });
