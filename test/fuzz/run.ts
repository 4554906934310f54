/**
 * Fuzz campaign over every evidence format:
 *
 *   npm run fuzz -- --cases 10000 [--start 0] [--format evtx,xml,…] [--timeout 20000] [--max-rss 2048] [--json FILE]
 *   npm run fuzz -- --replay xml:7 [--save FILE]
 *
 * Case i belongs to target i mod (number of targets) and is rebuilt from i alone, so any failure
 * is replayed in-process with `--replay target:i` (same seed file, same mutation, same chunking).
 * Cases run in a forked child watched by the parent (campaign.ts): time limit per case, resident
 * memory limit, crashes counted and skipped. Prints per target: cases, events read, errors counted,
 * exceptions escaping an API, broken invariants, crashes, hangs, memory kills, slowest case; and
 * the maximum RSS. Exit code 1 when anything failed.
 */
import { writeFileSync } from 'node:fs';
import { runChild } from './campaign-child';
import { runCampaign, type CampaignResult } from './campaign';
import { TARGETS, targetByName } from './targets/index';
import type { FuzzTarget } from './target';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function targetsFrom(list: string | undefined): FuzzTarget[] {
  if (!list) return [...TARGETS];
  return list.split(',').map((n) => {
    const t = targetByName(n);
    if (!t) throw new Error(`unknown fuzz target ${JSON.stringify(n)} (known: ${TARGETS.map((x) => x.name).join(', ')})`);
    return t;
  });
}

async function replay(key: string): Promise<void> {
  const [name, num] = key.split(':');
  const target = targetByName(name ?? '');
  if (!target || !Number.isInteger(Number(num))) throw new Error(`--replay wants target:case, e.g. xml:7 (targets: ${TARGETS.map((x) => x.name).join(', ')})`);
  const c = target.make(Number(num));
  console.log(`case ${key}: seed ${c.seed}\n  mutation: ${c.mutation}\n  ${c.bytes.length} bytes`);
  const save = arg('save');
  if (save) writeFileSync(save, c.bytes);
  const t0 = performance.now();
  const o = await target.check(c);
  console.log(`  ${(performance.now() - t0).toFixed(0)} ms, ${o.events} events, ${o.lost} errors, RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  for (const v of o.violations) console.log(`  ${v.replaceAll(' | ', '\n      ')}`);
  process.exitCode = o.violations.length ? 1 : 0;
}

function print(r: CampaignResult, timeoutMs: number, maxRssMb: number): void {
  const mb = (n: number) => (n / 1048576).toFixed(0);
  console.log(`target        cases    events    errors  throws  invariant  crashes  hangs  rss  slowest ms  mean ms`);
  for (const [name, s] of Object.entries(r.perTarget)) {
    const f = s.failures;
    console.log(`${name.padEnd(12)} ${String(s.cases).padStart(6)} ${String(s.events).padStart(9)} ${String(s.lost).padStart(9)} ${String(f.throw).padStart(7)} ${String(f.invariant).padStart(10)} ${String(f.crash).padStart(8)} ${String(f.hang).padStart(6)} ${String(f.rss).padStart(4)} ${s.maxMs.toFixed(0).padStart(11)} ${(s.totalMs / Math.max(1, s.cases)).toFixed(1).padStart(8)}`);
  }
  const slowest = Object.entries(r.perTarget).filter(([, s]) => s.slowestCase !== null).map(([name, s]) => `${name}:${s.slowestCase}`);
  if (slowest.length) console.log(`slowest case per target (--replay): ${slowest.join(' ')}`);
  console.log(`time ${r.seconds.toFixed(0)} s, ${r.children} child process(es), max RSS ${mb(r.maxRssBytes)} MB (limits: ${timeoutMs} ms per case, ${maxRssMb} MB)`);
  // one line per distinct failure (same kind, target and first words), with up to five replays
  const groups = new Map<string, { kind: string; detail: string; cases: string[] }>();
  for (const f of r.failures) {
    const key = `${f.kind} ${f.target} ${f.detail.replace(/\d+/g, 'N').slice(0, 120)}`;
    const g = groups.get(key) ?? { kind: f.kind, detail: f.detail, cases: [] };
    g.cases.push(`${f.target}:${f.i}`);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    console.log(`\n${g.kind.toUpperCase()} ×${g.cases.length}: ${g.detail.slice(0, 600)}`);
    console.log(`  replay: ${g.cases.slice(0, 5).map((c) => `npm run fuzz -- --replay ${c}`).join(' ; ')}`);
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    const targets = targetsFrom(process.argv[3]);
    return runChild(targets, Number(process.argv[4]), Number(process.argv[5]));
  }
  const key = arg('replay');
  if (key) return replay(key);
  const targets = targetsFrom(arg('format'));
  const cases = Number(arg('cases') ?? 1000);
  const timeoutMs = Number(arg('timeout') ?? 20_000);
  const maxRssMb = Number(arg('max-rss') ?? 2048);
  const json = arg('json');
  const started = Date.now();
  const r = await runCampaign({
    script: __filename, targets: targets.map((t) => t.name), start: Number(arg('start') ?? 0), cases, timeoutMs, maxRssMb,
    onCase: (done, partial) => {
      if (done % 250 !== 0) return;
      process.stderr.write(`… ${done} cases\n`);
      if (json) writeFileSync(json, JSON.stringify({ ...partial, seconds: (Date.now() - started) / 1000, partial: true }, null, 1));
    },
  });
  print(r, timeoutMs, maxRssMb);
  if (json) writeFileSync(json, JSON.stringify(r, null, 1));
  process.exitCode = r.failures.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
});
