/**
 * The parent side of a fuzz campaign: forks a child that runs cases in order, and watches it.
 * A case that does not finish within `timeoutMs` is a hang; a child whose resident memory passes
 * `maxRssMb` (polled from /proc) or whose V8 heap hits the same limit is killed and the case is
 * an `rss` failure; a child that dies any other way is a crash of the case it was running (or,
 * if it died before its first report, of the case it was started at). After any of these the
 * campaign forks a new child at the next case, so no case is ever retried forever.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChildMsg } from './campaign-child';

export interface CampaignOptions {
  /** The script to fork (it must call runChild when started with `--child`). */
  script: string;
  targets: string[];
  start: number;
  cases: number;
  timeoutMs: number;
  maxRssMb: number;
  /** Node options of the child (default: this process's, e.g. tsx's loader); the heap limit is added. */
  execArgv?: string[];
  /** Called after every case (progress). */
  onCase?: (done: number, partial: CampaignResult) => void;
}

type FailureKind = 'throw' | 'invariant' | 'crash' | 'hang' | 'rss';

interface Failure {
  kind: FailureKind;
  target: string;
  i: number;
  detail: string;
}

interface TargetStats {
  cases: number;
  events: number;
  lost: number;
  maxMs: number;
  /** The case that took `maxMs` (replay it to see whether a near-limit time is the case or the machine's load). */
  slowestCase: number | null;
  totalMs: number;
  failures: Record<FailureKind, number>;
}

export interface CampaignResult {
  seconds: number;
  maxRssBytes: number;
  perTarget: Record<string, TargetStats>;
  failures: Failure[];
  children: number;
}

/** Time a fresh child may take to send its first report (a loaded 2-core box can take seconds). */
const STARTUP_MS = 120_000;

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const t0 = Date.now();
  const end = o.start + o.cases;
  const perTarget: Record<string, TargetStats> = {};
  for (const t of o.targets) perTarget[t] = { cases: 0, events: 0, lost: 0, maxMs: 0, slowestCase: null, totalMs: 0, failures: { throw: 0, invariant: 0, crash: 0, hang: 0, rss: 0 } };
  const res: CampaignResult = { seconds: 0, maxRssBytes: 0, perTarget, failures: [], children: 0 };
  const targetOf = (i: number) => o.targets[i % o.targets.length]!;
  const fail = (kind: FailureKind, i: number, detail: string) => {
    const target = targetOf(i);
    perTarget[target]!.failures[kind]++;
    res.failures.push({ kind, target, i, detail });
  };
  let done = 0;
  let next = o.start;
  while (next < end) {
    res.children++;
    next = await new Promise<number>((resolveNext) => {
      const from = next;
      const child: ChildProcess = fork(o.script, ['--child', o.targets.join(','), String(from), String(end)], {
        stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
        execArgv: [...(o.execArgv ?? process.execArgv), `--max-old-space-size=${o.maxRssMb}`],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
      let current: number | null = null;
      let what = '';
      let lastDone = from - 1;
      let killedFor: FailureKind | null = null;
      const kill = (why: FailureKind) => {
        if (killedFor) return;
        killedFor = why;
        child.kill('SIGKILL');
      };
      // starting a child (TypeScript transform, module loading) is not charged to the first case
      let timer = setTimeout(() => kill('hang'), Math.max(o.timeoutMs, STARTUP_MS));
      const poll = setInterval(() => {
        const rss = child.pid ? rssOf(child.pid) : 0;
        res.maxRssBytes = Math.max(res.maxRssBytes, rss);
        if (rss > o.maxRssMb * 1048576) kill('rss');
      }, 100);
      child.on('message', (m: ChildMsg) => {
        clearTimeout(timer);
        timer = setTimeout(() => kill('hang'), o.timeoutMs);
        if (m.t === 'start') {
          current = m.i;
          what = m.seed === undefined ? '' : ` [seed ${m.seed}; ${m.mutation}; ${m.bytes} bytes]`;
          return;
        }
        current = null;
        lastDone = m.i;
        done++;
        const s = perTarget[targetOf(m.i)]!;
        s.cases++;
        s.events += m.events;
        s.lost += m.lost;
        if (m.ms >= s.maxMs) { s.maxMs = m.ms; s.slowestCase = m.i; }
        s.totalMs += m.ms;
        res.maxRssBytes = Math.max(res.maxRssBytes, m.maxRss, m.rss);
        for (const v of m.violations) fail(v.startsWith('throw:') ? 'throw' : 'invariant', m.i, v);
        o.onCase?.(done, res);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        clearInterval(poll);
        if (lastDone + 1 >= end && current === null) return resolveNext(end);
        // the case that was running, or the one the child was started at if it died before reporting
        const victim = current ?? lastDone + 1;
        const heapLimit = /heap limit|Allocation failed|out of memory/i.test(stderr);
        const kind: FailureKind = killedFor ?? (heapLimit ? 'rss' : 'crash');
        const why = killedFor === 'hang' ? `no answer within ${o.timeoutMs} ms`
          : killedFor === 'rss' ? `resident memory over ${o.maxRssMb} MB`
            : `child exited (code ${code}, signal ${signal}): ${stderr.trim().split('\n').slice(-8).join(' | ')}`;
        fail(kind, victim, current === null ? why : why + what);
        countCase(perTarget[targetOf(victim)]!);
        done++;
        o.onCase?.(done, res);
        resolveNext(victim + 1);
      });
    });
  }
  res.seconds = (Date.now() - t0) / 1000;
  return res;
}

/** A case that ended in a hang, a crash or a kill still counts as a case run. */
function countCase(s: TargetStats): void {
  s.cases++;
}
