/**
 * One whole-folder triage read in a fresh process (so peak RSS is this run's alone):
 * `node --require tsx/cjs test/bench/folder-run.ts DIR WORKERS` prints one JSON line. It also
 * gives the CPU time of the main thread (receiving and decoding the workers' packed batches,
 * evidence-reading/packed-batch-decode.ts) beside the whole process's, from /proc (Linux; null elsewhere).
 */
import { readFileSync } from 'node:fs';
import { readCase } from '../../src-main/case/read-case';

/** This thread's user + system CPU time in ms (Linux), else null. */
function threadCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

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
  const mainCpuMs = main0 === null || main1 === null ? null : main1 - main0;
  const processCpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ workers, seconds, bytes: scan.stats.bytes, events, files: scan.evidence.length, peakRss, mainCpuMs, processCpuMs }) + '\n');
}

main().catch((err: unknown) => { process.stderr.write(String(err) + '\n'); process.exitCode = 1; });
