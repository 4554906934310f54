/**
 * Long fuzz campaign: `npm run fuzz -- --cases 10000 [--start 0] [--timeout 10000]`.
 * Cases run in a forked child; the parent is a watchdog: a case that does not finish within the
 * timeout is a hang (the child is killed and the campaign resumes at the next case). Prints
 * cases, crashes (exceptions other than "not EVTX"), hangs, rejected headers, and max RSS.
 */
import { fork } from 'node:child_process';
import { IngestError } from '../../src-main/ingest/issues';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { loadSeeds, mutate } from './evtx-mutate';

type Msg =
  | { t: 'case'; n: number; ms: number; ok: number; failed: number; rejected: boolean; rss: number }
  | { t: 'crash'; n: number; kind: string; message: string }
  | { t: 'end'; maxRss: number };

function child(start: number, end: number): void {
  const seeds = loadSeeds();
  for (let n = start; n < end; n++) {
    const { kind, bytes } = mutate(seeds[n % seeds.length]!, n);
    const t0 = performance.now();
    let ok = 0;
    let failed = 0;
    let rejected = false;
    try {
      const r = parseEvtxBytes(bytes, { xml: n % 2 === 1, recover: n % 3 === 0 });
      ok = r.summary.recordsOk;
      failed = r.summary.recordsFailed;
      JSON.stringify(r.records);
    } catch (e) {
      if (e instanceof IngestError && e.code.startsWith('evtx.file.')) rejected = true;
      else process.send!({ t: 'crash', n, kind, message: (e as Error).stack ?? String(e) } satisfies Msg);
    }
    process.send!({ t: 'case', n, ms: performance.now() - t0, ok, failed, rejected, rss: process.memoryUsage().rss } satisfies Msg);
  }
  process.send!({ t: 'end', maxRss: process.resourceUsage().maxRSS * 1024 } satisfies Msg, () => process.exit(0));
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

async function parent(): Promise<void> {
  const cases = arg('cases', 1000);
  const start = arg('start', 0);
  const timeout = arg('timeout', 10000);
  const end = start + cases;
  const stats = { done: 0, crashes: [] as string[], hangs: [] as number[], rejected: 0, ok: 0, failed: 0, maxMs: 0, maxRss: 0 };
  const t0 = Date.now();
  let next = start;
  while (next < end) {
    await new Promise<void>((resolveRun) => {
      const c = fork(__filename, ['--child', String(next), String(end)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let last = next - 1;
      let timer = setTimeout(onHang, timeout);
      function onHang() {
        stats.hangs.push(last + 1);
        c.kill('SIGKILL');
      }
      c.on('message', (m: Msg) => {
        clearTimeout(timer);
        timer = setTimeout(onHang, timeout);
        if (m.t === 'case') {
          last = m.n;
          stats.done++;
          stats.ok += m.ok;
          stats.failed += m.failed;
          if (m.rejected) stats.rejected++;
          stats.maxMs = Math.max(stats.maxMs, m.ms);
          stats.maxRss = Math.max(stats.maxRss, m.rss);
          if (stats.done % 1000 === 0) process.stderr.write(`… ${stats.done} cases\n`);
        } else if (m.t === 'crash') {
          stats.crashes.push(`case ${m.n} (${m.kind}): ${m.message.split('\n').slice(0, 3).join(' | ')}`);
        } else stats.maxRss = Math.max(stats.maxRss, m.maxRss);
      });
      c.on('exit', () => {
        clearTimeout(timer);
        next = last + 2 > next ? last + 1 : next + 1;
        if (stats.hangs.includes(last + 1)) next = last + 2;
        resolveRun();
      });
    });
  }
  const mb = (n: number) => (n / 1048576).toFixed(0);
  console.log(`cases:     ${stats.done} (seeds ${start}..${end - 1}), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`crashes:   ${stats.crashes.length}`);
  for (const c of stats.crashes.slice(0, 20)) console.log(`  ${c}`);
  console.log(`hangs:     ${stats.hangs.length}${stats.hangs.length ? ` (cases ${stats.hangs.slice(0, 20).join(', ')})` : ''} (timeout ${timeout} ms)`);
  console.log(`rejected:  ${stats.rejected} (file header destroyed: "not EVTX")`);
  console.log(`records:   ${stats.ok} ok, ${stats.failed} failed`);
  console.log(`slowest:   ${stats.maxMs.toFixed(1)} ms per case`);
  console.log(`max RSS:   ${mb(stats.maxRss)} MB`);
  process.exitCode = stats.crashes.length || stats.hangs.length ? 1 : 0;
}

if (process.argv[2] === '--child') child(Number(process.argv[3]), Number(process.argv[4]));
else void parent();
