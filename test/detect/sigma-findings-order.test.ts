/**
 * Sigma findings do not depend on the order batches arrive in (worker count, which worker finishes
 * first): the same matched events fed in other orders and partitions give the same findings,
 * listed events and counts, with every bound engaged (findings cap, total listed-event budget,
 * guids per finding). And the findings cap is on memory, not on findings: 100,000 (rule, host)
 * keys are all kept while the listed events stay within their budget.
 */
import { describe, expect, it } from 'vitest';
import { builtinIntel, builtinRuleset, DetectionSession } from '../../src-main/detect/index';
import type { DetectionOptions } from '../../src-main/detect/index';
import { SigmaFindings } from '../../src-main/detect/sigma-findings';
import type { NormalisedEvent } from '../../src-main/model/event';
import type { CompiledSigmaRule } from '../../src-main/detect/sigma/types';
import { sysmon } from './helpers';
import { fakeRule, fakeRuleSet, sigmaMeta } from './sigma-fake';

/** A small seeded PRNG (mulberry32): the orders differ between seeds but every run is the same. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Splits `xs` into batches of random sizes (1..max), as workers hand them over. */
function partitioned<T>(xs: readonly T[], rnd: () => number, max: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length;) {
    const n = 1 + Math.floor(rnd() * max);
    out.push(xs.slice(i, i + n));
    i += n;
  }
  return out;
}

/**
 * 12 hosts × varied processes; several events share a timestamp (ties broken by evidence and
 * record id), some records come twice (the same file, or an .evtx and its export, whose copy sorts
 * first), a third of them have no time.
 */
function corpus(): NormalisedEvent[] {
  const out: NormalisedEvent[] = [];
  for (let i = 0; i < 600; i++) {
    const host = `WS${i % 12}`;
    const sec = Math.floor(i / 7) % 60;
    const guid = `{AAAAAAAA-0000-0000-0000-${String(i % 37).padStart(12, '0')}}`;
    const data = {
      ...(i % 3 === 0 ? {} : { UtcTime: `2026-03-01 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(sec).padStart(2, '0')}.000` }),
      ProcessGuid: guid, ProcessId: String(1000 + (i % 37)), Image: `C:\\tools\\p${i % 5}.exe`, CommandLine: `p${i % 5}.exe /run ${i}`, User: 'CORP\\bob',
    };
    const e = sysmon(1, host, data, 100 + (i % 200), `disk${i % 2}.evtx`);
    out.push(e);
    if (i % 11 === 0) out.push(sysmon(1, host, data, 100 + (i % 200), `disk${i % 2}.evtx`)); // read twice
    if (i % 13 === 0) out.push(sysmon(1, host, data, 100 + (i % 200), `copy${i % 2}.xml`)); // an export of it, listed only if it sorts first
  }
  return out;
}

const RULES: CompiledSigmaRule[] = [
  fakeRule(sigmaMeta('r-all', 'low'), () => true),
  fakeRule(sigmaMeta('r-p1', 'high'), (e) => e.view?.kind === 'process' && /p1\.exe$/i.test(e.view.process_path ?? '')),
  fakeRule(sigmaMeta('r-even', 'medium'), (e) => (e.record_id ?? 0) % 2 === 0),
];

function triage(batches: NormalisedEvent[][], options: DetectionOptions) {
  const intel = builtinIntel();
  const s = new DetectionSession(builtinRuleset(intel), intel, undefined, { ...options, today: '2026-06-01', sigma: fakeRuleSet(RULES) });
  for (const b of batches) s.add(b);
  const r = s.finish();
  const sigma = r.findings.filter((f) => f.source === 'sigma').map((f) => ({ ...f, sigma: f.sigma?.id }));
  return { findings: JSON.stringify(sigma), stats: JSON.stringify({ dropped: r.stats.dropped, sigma: r.stats.sigma }), count: sigma.length, listed: sigma.reduce((n, f) => n + f.events.length, 0), r };
}

describe('Sigma findings: independent of batch order', () => {
  const events = corpus();
  const bounds: Array<[string, DetectionOptions['sigmaLimits']]> = [
    ['default bounds', {}],
    ['every bound engaged', { maxFindings: 20, maxEventsPerFinding: 16, maxStoredEvents: 120, maxGuidsPerFinding: 3 }],
    ['a findings cap below one per host', { maxFindings: 5, maxEventsPerFinding: 1000, maxStoredEvents: 40 }],
  ];
  for (const [name, limits] of bounds) {
    it(`same findings, listed events and counts in any order and partition (${name})`, () => {
      const ref = triage([events], { sigmaLimits: limits });
      expect(ref.count).toBeGreaterThan(0);
      for (let seed = 1; seed <= 6; seed++) {
        const rnd = prng(seed);
        const other = triage(partitioned(shuffled(events, rnd), rnd, 90), { sigmaLimits: limits });
        expect(JSON.parse(other.findings)).toEqual(JSON.parse(ref.findings));
        expect(other.stats).toBe(ref.stats);
      }
      // Reversed, one event per batch: the worst case for "first to arrive".
      const rev = triage([...events].reverse().map((e) => [e]), { sigmaLimits: limits });
      expect(rev.findings).toBe(ref.findings);
      expect(rev.stats).toBe(ref.stats);
    });
  }

  it('the bounds cut what they say: findings kept by key order, the dropped matches counted, the listed budget held', () => {
    const all = triage([events], {});
    const capped = triage([events], { sigmaLimits: { maxFindings: 20, maxEventsPerFinding: 16, maxStoredEvents: 120, maxGuidsPerFinding: 3 } });
    expect(all.count).toBe(30); // r-all and r-p1 on the 12 hosts, r-even (even records) on the 6 even ones
    expect(capped.count).toBe(20);
    const key = (f: { rule_id: string; dest: string }) => `${f.rule_id}\u0000${f.dest.toLowerCase()}`;
    const kept = capped.r.findings.filter((f) => f.source === 'sigma').map(key).sort();
    const sortedAll = all.r.findings.filter((f) => f.source === 'sigma').map(key).sort();
    // The 20 keys that sort first (rule path then host: the fake rules' paths sort as their ids).
    expect(kept).toEqual(sortedAll.slice(0, 20));
    const dropped = all.r.findings.filter((f) => f.source === 'sigma' && !kept.includes(key(f)));
    // Every match of a dropped key is counted (duplicates included: 1 in 11 records is read twice here).
    expect(capped.r.stats.dropped.sigmaMatches).toBeGreaterThanOrEqual(dropped.reduce((n, f) => n + f.count, 0));
    expect(capped.listed).toBeLessThanOrEqual(120);
    expect(capped.r.stats.sigma!.eventsPerFinding).toBeLessThan(16);
    for (const f of capped.r.findings.filter((x) => x.source === 'sigma')) {
      expect(f.events.length).toBe(Math.min(f.count, capped.r.stats.sigma!.eventsPerFinding));
      expect(f.events_truncated).toBe(f.events.length < f.count);
      expect(f.process_guids.length).toBeLessThanOrEqual(3);
      // The finding keeps its full count and span whatever it lists.
      const full = all.r.findings.find((x) => x.source === 'sigma' && key(x) === key(f))!;
      expect([f.count, f.firstTime, f.lastTime]).toEqual([full.count, full.firstTime, full.lastTime]);
      expect(f.events).toEqual(full.events.slice(0, f.events.length)); // the earliest ones
    }
    expect(all.r.stats.dropped.sigmaMatches).toBe(0);
  });
});

describe('Sigma findings: the cap is on memory, not on findings', () => {
  it('keeps 100,000 distinct (rule, host) keys as findings, none dropped, listed events within the budget', () => {
    const base = sysmon(1, 'H', { UtcTime: '2026-03-01 10:00:00.000', ProcessGuid: '{BBBBBBBB-0000-0000-0000-000000000001}', Image: 'C:\\x.exe' }, 1, 'many.evtx');
    const set = fakeRuleSet([fakeRule(sigmaMeta('r-every', 'high'), () => true)]);
    const budget = 150_000;
    const s = new SigmaFindings(set, { maxStoredEvents: budget });
    const N = 100_000;
    // Each host twice (so a finding could list 2), in an order no worker pool would make.
    for (const pass of [0, 1]) {
      for (let i = 0; i < N; i++) {
        const h = (i * 7919) % N;
        s.add({ ...base, dest: `H${h}.corp.example`, record_id: 2 * h + pass + 1 }, `h${h}|sysmon|${2 * h + pass + 1}`);
      }
    }
    const groups = s.groups();
    expect(groups).toHaveLength(N);
    expect(s.matchesDropped).toBe(0);
    expect(groups.every((g) => g.count === 2)).toBe(true);
    // 2 × 100,000 would exceed the budget: every finding lists 1 (the earliest), deterministically.
    const listed = groups.reduce((n, g) => n + g.events.length, 0);
    expect(listed).toBeLessThanOrEqual(budget);
    expect(s.eventsPerFinding).toBe(1);
    expect(groups.every((g) => g.events.length === 1 && g.events[0]!.record_id === Number(g.dest.slice(1, g.dest.indexOf('.'))) * 2 + 1)).toBe(true);
  });
});
