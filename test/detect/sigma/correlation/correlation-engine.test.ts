/**
 * CorrelationEngine: each correlation type on the specification's own examples (positive and
 * negative), the window boundaries, arrival order, group-by separation, aliases, chaining,
 * `generate` and the bounds. Hits are crafted: the base engine's matching is tested elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { CorrelationEngine } from '../../../../src-main/detect/sigma/correlation/correlation-engine';
import type { CorrelationHit, CorrelationMatch, CorrelationRule } from '../../../../src-main/detect/sigma/correlation/correlation-types';
import { corr, hit, T0 } from './helpers';

const FAILED = '5638f7c0-ac70-491d-8465-2a65075e0d86';
const MANY_FAILED = corr(`
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules: [${FAILED}]
    group-by: [ComputerName]
    timespan: 1h
    condition:
        gte: 100
`);

function run(rules: CorrelationRule[], hits: CorrelationHit<string>[]): { matches: CorrelationMatch<string>[]; engine: CorrelationEngine<string> } {
  const engine = new CorrelationEngine<string>(rules);
  for (const h of hits) engine.add(h);
  return { matches: engine.finish(), engine };
}

function failures(n: number, host: string, startSec: number, stepSec: number): CorrelationHit<string>[] {
  return Array.from({ length: n }, (_, i) => hit(FAILED, startSec + i * stepSec, { ComputerName: host }));
}

/** A deterministic shuffle (Fisher–Yates with a small LCG). */
function shuffled<X>(xs: X[], seed = 7): X[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const summary = (ms: CorrelationMatch<string>[]) => ms.map((m) => ({ rule: m.rule.title, group: m.group, first: (m.firstMs - T0) / 1000, last: (m.lastMs - T0) / 1000, fire: (m.fireMs - T0) / 1000, count: m.count, events: m.events }));

describe('event_count (spec: ≥ 100 failed logins to a host in an hour)', () => {
  it('fires for 100 failures within the hour, once, at the 100th', () => {
    const { matches } = run([MANY_FAILED], failures(100, 'DC1', 0, 30));
    expect(summary(matches)).toEqual([{ rule: 'Many failed logins', group: { ComputerName: 'DC1' }, first: 0, last: 2970, fire: 2970, count: 100, events: 100 }]);
    expect(matches[0]!.refs).toHaveLength(50);
    expect(matches[0]!.refsDropped).toBe(50);
    expect(matches[0]!.refs[0]).toEqual({ kind: 'event', ref: `${FAILED}@0` });
  });

  it('does not fire for 99', () => {
    expect(run([MANY_FAILED], failures(99, 'DC1', 0, 30)).matches).toEqual([]);
  });

  it('counts per group-by value: 60 + 60 on two hosts is no match', () => {
    expect(run([MANY_FAILED], [...failures(60, 'DC1', 0, 10), ...failures(60, 'DC2', 0, 10)]).matches).toEqual([]);
  });

  it('the window is inclusive: events exactly the timespan apart are within it, 1 ms more is not', () => {
    const two = corr(`title: Two\ncorrelation: {type: event_count, rules: [r], group-by: [H], timespan: 1h, condition: {gte: 2}}`);
    expect(run([two], [hit('r', 0, { H: 'a' }), hit('r', 3600, { H: 'a' })]).matches).toHaveLength(1);
    const late = { ...hit('r', 3600, { H: 'a' }), timeMs: T0 + 3_600_001 };
    expect(run([two], [hit('r', 0, { H: 'a' }), late]).matches).toEqual([]);
  });

  it('slides: 100 failures spanning two clock hours (not aligned to the hour) still fire', () => {
    // 30 min into one hour to 29.5 min into the next: a fixed hourly bucket would split them 60/40.
    const { matches } = run([MANY_FAILED], failures(100, 'DC1', 1800, 35));
    expect(matches).toHaveLength(1);
  });

  it('100 failures spread over more than the hour do not fire', () => {
    expect(run([MANY_FAILED], failures(100, 'DC1', 0, 37)).matches).toEqual([]); // 99 × 37 s = 3663 s
  });

  it('arrival order does not matter (shuffled across "files")', () => {
    const hits = [...failures(150, 'DC1', 0, 20), ...failures(40, 'DC2', 0, 20), ...failures(100, 'DC3', 10_000, 1)];
    const inOrder = summary(run([MANY_FAILED], hits).matches);
    expect(inOrder.map((m) => m.group.ComputerName)).toEqual(['DC1', 'DC3']);
    expect(summary(run([MANY_FAILED], shuffled(hits)).matches)).toEqual(inOrder);
    expect(summary(run([MANY_FAILED], [...hits].reverse()).matches)).toEqual(inOrder);
  });

  it('a long run is one match (its windows share events); a second run after a gap is another, no event counted twice', () => {
    const hits = [...failures(300, 'DC1', 0, 10), ...failures(120, 'DC1', 20_000, 10)];
    const ms = summary(run([MANY_FAILED], hits).matches);
    expect(ms).toEqual([
      { rule: 'Many failed logins', group: { ComputerName: 'DC1' }, first: 0, last: 2990, fire: 990, count: 300, events: 300 },
      { rule: 'Many failed logins', group: { ComputerName: 'DC1' }, first: 20_000, last: 21_190, fire: 20_990, count: 120, events: 120 },
    ]);
  });

  it('a count above the range ends the match; gt/lte are both applied', () => {
    const range = corr(`title: R\ncorrelation: {type: event_count, rules: [r], group-by: [H], timespan: 1m, condition: {gt: 2, lte: 3}}`);
    // 3 events in a minute: fires; 5 in a minute: the windows with 3 fire then 4 and 5 do not.
    expect(run([range], [0, 1, 2].map((s) => hit('r', s, { H: 'a' }))).matches.map((m) => m.count)).toEqual([3]);
    expect(run([range], [0, 1].map((s) => hit('r', s, { H: 'a' }))).matches).toEqual([]);
    const five = run([range], [0, 1, 2, 3, 4].map((s) => hit('r', s, { H: 'a' }))).matches;
    expect(five.map((m) => [m.count, m.events, (m.fireMs - T0) / 1000])).toEqual([[3, 3, 2]]);
  });

  it('events at the same time are all in the window, whatever their arrival order', () => {
    const three = corr(`title: S\ncorrelation: {type: event_count, rules: [r], group-by: [H], timespan: 10s, condition: {eq: 3}}`);
    // Counting one at a time would pass through 3 at the fourth event; all four share the time.
    expect(run([three], [5, 5, 5, 5].map((s) => hit('r', s, { H: 'a' }))).matches).toEqual([]);
    expect(run([three], [5, 5, 5].map((s) => hit('r', s, { H: 'a' }))).matches).toHaveLength(1);
  });

  it('a hit without a group-by field is in no group (counted), not in a null group', () => {
    const two = corr(`title: Two\ncorrelation: {type: event_count, rules: [r], group-by: [H], timespan: 1h, condition: {gte: 2}}`);
    const { matches, engine } = run([two], [hit('r', 0, {}), hit('r', 1, {}), hit('r', 2, { H: 'a' })]);
    expect(matches).toEqual([]);
    expect(engine.stats.ungrouped).toBe(2);
  });

  it('without group-by everything is one group', () => {
    const two = corr(`title: Two\ncorrelation: {type: event_count, rules: [r], timespan: 1h, condition: {gte: 2}}`);
    expect(run([two], [hit('r', 0, { H: 'a' }), hit('r', 1, { H: 'b' })]).matches.map((m) => m.group)).toEqual([{}]);
  });

  it('counts the hits of every referenced rule, by id or by name', () => {
    const both = corr(`title: B\ncorrelation: {type: event_count, rules: [rule-a, rule_b_name], group-by: [H], timespan: 1m, condition: {gte: 3}}`);
    const hits = [hit('rule-a', 0, { H: 'x' }), hit('id-of-b', 1, { H: 'x' }, { name: 'rule_b_name' }), hit('unrelated', 2, { H: 'x' })];
    expect(run([both], hits).matches).toEqual([]);
    expect(run([both], [...hits, hit('rule-a', 3, { H: 'x' })]).matches.map((m) => m.count)).toEqual([3]);
  });

  it('a rule named twice (by id and by name) counts each hit once', () => {
    const twice = corr(`title: T\ncorrelation: {type: event_count, rules: [rule-a, rule_a_name], timespan: 1m, condition: {gte: 2}}`);
    expect(run([twice], [hit('rule-a', 0, {}, { name: 'rule_a_name' })]).matches).toEqual([]);
    expect(run([twice], [hit('rule-a', 0, {}, { name: 'rule_a_name' }), hit('rule-a', 1, {}, { name: 'rule_a_name' })]).matches.map((m) => m.count)).toEqual([2]);
  });

  it('a hit without a usable time is counted, not placed', () => {
    const two = corr(`title: Two\ncorrelation: {type: event_count, rules: [r], timespan: 1h, condition: {gte: 1}}`);
    const { matches, engine } = run([two], [{ ...hit('r', 0, {}), timeMs: Number.NaN }]);
    expect(matches).toEqual([]);
    expect(engine.stats.untimed).toBe(1);
  });
});

describe('value_count (spec: failed logons with ≥ 100 different users per source and destination in a day)', () => {
  const rule = corr(`
title: Failed login
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules: [${FAILED}]
    group-by: [ComputerName, WorkstationName]
    timespan: 1d
    condition:
        field: User
        gte: 100
`);
  const spray = (n: number, users: number, ws = 'WS1') => Array.from({ length: n }, (_, i) => hit(FAILED, i * 60, { ComputerName: 'DC1', WorkstationName: ws, User: `u${i % users}` }));

  it('fires on 100 distinct users', () => {
    expect(summary(run([rule], spray(100, 100)).matches)).toEqual([{ rule: 'Failed login', group: { ComputerName: 'DC1', WorkstationName: 'WS1' }, first: 0, last: 5940, fire: 5940, count: 100, events: 100 }]);
  });

  it('repeats of the same user do not count: 500 failures over 99 users is no match', () => {
    expect(run([rule], spray(500, 99)).matches).toEqual([]);
  });

  it('both group-by fields separate: 50 users from each of two workstations is no match', () => {
    expect(run([rule], [...spray(50, 50, 'WS1'), ...spray(50, 50, 'WS2').map((h, i) => ({ ...h, field: (n: string) => (n === 'User' ? `v${i}` : h.field(n)) }))]).matches).toEqual([]);
  });

  it('hits without the counted field are not counted', () => {
    const two = corr(`title: V\ncorrelation: {type: value_count, rules: [r], group-by: [H], timespan: 1h, condition: {field: User, gte: 2}}`);
    const { matches, engine } = run([two], [hit('r', 0, { H: 'a', User: 'x' }), hit('r', 1, { H: 'a' }), hit('r', 2, { H: 'a' })]);
    expect(matches).toEqual([]);
    expect(engine.stats.valueless).toBe(2);
  });

  it('several fields are counted as combinations', () => {
    const pairs = corr(`title: V\ncorrelation: {type: value_count, rules: [r], group-by: [H], timespan: 1h, condition: {field: [User, Domain], gte: 2}}`);
    expect(run([pairs], [hit('r', 0, { H: 'a', User: 'x', Domain: 'D' }), hit('r', 1, { H: 'a', User: 'x', Domain: 'D' })]).matches).toEqual([]);
    expect(run([pairs], [hit('r', 0, { H: 'a', User: 'x', Domain: 'D' }), hit('r', 1, { H: 'a', User: 'x', Domain: 'E' })]).matches).toHaveLength(1);
  });

  it('distinct values leave the window as it slides', () => {
    const three = corr(`title: V\ncorrelation: {type: value_count, rules: [r], group-by: [H], timespan: 10s, condition: {field: User, gte: 3}}`);
    // u1, u2 at 0–1 s, u3 at 11 s: u1 has left the window (11 − 10 = 1 > 0) but u2 at 1 s is in: 2 values only.
    expect(run([three], [hit('r', 0, { H: 'a', User: 'u1' }), hit('r', 1, { H: 'a', User: 'u2' }), hit('r', 11, { H: 'a', User: 'u3' })]).matches).toEqual([]);
    expect(run([three], [hit('r', 1, { H: 'a', User: 'u1' }), hit('r', 1, { H: 'a', User: 'u2' }), hit('r', 11, { H: 'a', User: 'u3' })]).matches).toHaveLength(1);
  });
});

describe('temporal (spec: recon commands a, b, c in any order within 5 minutes on a system by the same user)', () => {
  const recon = corr(`
title: Recon
correlation:
    type: temporal
    rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c]
    group-by: [ComputerName, User]
    timespan: 5m
`);
  const at = (r: string, sec: number, user = 'bob', host = 'WS1') => hit(r, sec, { ComputerName: host, User: user });

  it('fires for all three in any order', () => {
    const ms = run([recon], [at('recon_cmd_c', 0), at('recon_cmd_a', 100), at('recon_cmd_b', 300)]).matches;
    expect(summary(ms)).toEqual([{ rule: 'Recon', group: { ComputerName: 'WS1', User: 'bob' }, first: 0, last: 300, fire: 300, count: 3, events: 3 }]);
  });

  it('does not fire with one rule missing, however many of the others', () => {
    expect(run([recon], [0, 10, 20, 30].flatMap((s) => [at('recon_cmd_a', s), at('recon_cmd_b', s)])).matches).toEqual([]);
  });

  it('does not fire when the three span more than 5 minutes', () => {
    expect(run([recon], [at('recon_cmd_a', 0), at('recon_cmd_b', 150), at('recon_cmd_c', 301)]).matches).toEqual([]);
  });

  it('does not mix users or hosts', () => {
    expect(run([recon], [at('recon_cmd_a', 0, 'bob'), at('recon_cmd_b', 1, 'eve'), at('recon_cmd_c', 2, 'bob')]).matches).toEqual([]);
    expect(run([recon], [at('recon_cmd_a', 0), at('recon_cmd_b', 1, 'bob', 'WS2'), at('recon_cmd_c', 2)]).matches).toEqual([]);
  });

  it('lists the first hit of each rule first when refs are capped', () => {
    const engine = new CorrelationEngine<string>([recon], { maxRefsPerMatch: 3 });
    for (let s = 0; s < 20; s++) engine.add(at('recon_cmd_a', s));
    engine.add(at('recon_cmd_b', 30));
    engine.add(at('recon_cmd_c', 40));
    const [m] = engine.finish();
    expect(m!.refs.map((r) => (r.kind === 'event' ? r.ref : ''))).toEqual(['recon_cmd_a@0', 'recon_cmd_b@30', 'recon_cmd_c@40']);
    expect(m!.refsDropped).toBe(19);
  });

  it('a condition can ask for fewer than all rules (2 of 3 distinct rules)', () => {
    const two = corr(`title: R2\ncorrelation: {type: temporal, rules: [a, b, c], group-by: [U], timespan: 1m, condition: {gte: 2}}`);
    expect(run([two], [hit('a', 0, { U: 'x' }), hit('a', 1, { U: 'x' })]).matches).toEqual([]);
    expect(run([two], [hit('a', 0, { U: 'x' }), hit('c', 1, { U: 'x' })]).matches.map((m) => m.count)).toEqual([2]);
  });
});

describe('temporal_ordered (spec: the events appear in the order of the rules attribute)', () => {
  const ordered = corr(`title: Recon ordered\ncorrelation:\n  type: temporal_ordered\n  rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c]\n  group-by: [ComputerName, User]\n  timespan: 5m\n`);
  const at = (r: string, sec: number) => hit(r, sec, { ComputerName: 'WS1', User: 'bob' });

  it('fires for a, b, c in order within 5 minutes (whatever the order of arrival)', () => {
    const hits = [at('recon_cmd_c', 200), at('recon_cmd_a', 0), at('recon_cmd_b', 100)];
    expect(summary(run([ordered], hits).matches)).toEqual([{ rule: 'Recon ordered', group: { ComputerName: 'WS1', User: 'bob' }, first: 0, last: 200, fire: 200, count: 3, events: 3 }]);
  });

  it('does not fire out of order, where temporal would', () => {
    const hits = [at('recon_cmd_b', 0), at('recon_cmd_a', 100), at('recon_cmd_c', 200)];
    expect(run([ordered], hits).matches).toEqual([]);
    const unordered = corr(`title: U\ncorrelation: {type: temporal, rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c], group-by: [ComputerName, User], timespan: 5m}`);
    expect(run([unordered], hits).matches).toHaveLength(1);
  });

  it('takes the tightest chain: an early a outside the span does not hide a later one inside', () => {
    const hits = [at('recon_cmd_a', 0), at('recon_cmd_a', 400), at('recon_cmd_b', 500), at('recon_cmd_c', 700)];
    const [m] = run([ordered], hits).matches;
    expect(m && [(m.firstMs - T0) / 1000, m.refs.map((r) => (r.kind === 'event' ? r.ref : ''))]).toEqual([400, ['recon_cmd_a@400', 'recon_cmd_b@500', 'recon_cmd_c@700']]);
  });

  it('the span runs from the first rule to the last, inclusive', () => {
    expect(run([ordered], [at('recon_cmd_a', 0), at('recon_cmd_b', 1), at('recon_cmd_c', 300)]).matches).toHaveLength(1);
    expect(run([ordered], [at('recon_cmd_a', 0), at('recon_cmd_b', 1), at('recon_cmd_c', 301)]).matches).toEqual([]);
  });

  it('equal times count as in order, in whichever order they arrive', () => {
    expect(run([ordered], [at('recon_cmd_c', 5), at('recon_cmd_b', 5), at('recon_cmd_a', 5)]).matches).toHaveLength(1);
  });

  it('separate sequences are separate matches; overlapping ones are one', () => {
    const apart = [0, 1000].flatMap((s) => [at('recon_cmd_a', s), at('recon_cmd_b', s + 1), at('recon_cmd_c', s + 2)]);
    expect(run([ordered], apart).matches).toHaveLength(2);
    const overlapping = [at('recon_cmd_a', 0), at('recon_cmd_b', 1), at('recon_cmd_c', 2), at('recon_cmd_c', 3)];
    expect(run([ordered], overlapping).matches.map((m) => m.events)).toEqual([4]);
  });
});

describe('aliases (spec: internal_error and new_network_connection joined on internal_ip and remote_ip)', () => {
  const rule = corr(`
title: Alias example
correlation:
    type: temporal
    rules: [internal_error, new_network_connection]
    group-by: [internal_ip, remote_ip]
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
`);
  const err = (sec: number, dst: string, src: string) => hit('id-1', sec, { 'destination.ip': dst, 'source.ip': src }, { name: 'internal_error' });
  const conn = (sec: number, src: string, dst: string) => hit('id-2', sec, { 'source.ip': src, 'destination.ip': dst }, { name: 'new_network_connection' });

  it('joins each rule on its own field', () => {
    const ms = run([rule], [err(0, '10.0.0.5', '203.0.113.9'), conn(4, '10.0.0.5', '203.0.113.9')]).matches;
    expect(ms.map((m) => m.group)).toEqual([{ internal_ip: '10.0.0.5', remote_ip: '203.0.113.9' }]);
  });

  it('does not join on the same field names (the addresses reversed)', () => {
    expect(run([rule], [err(0, '10.0.0.5', '203.0.113.9'), conn(4, '203.0.113.9', '10.0.0.5')]).matches).toEqual([]);
  });
});

describe('chaining (spec example: multiple failed logins followed by a successful login)', () => {
  const outer = corr(`
title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
correlation:
    type: temporal_ordered
    rules: [multiple_failed_login, successful_login]
    group-by: [User]
    timespan: 10m
level: high
`);
  const inner = corr(`
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules: [failed_login]
    group-by: [User]
    timespan: 10m
    condition:
        gte: 10
`);
  const failed = (sec: number, user = 'alice') => hit('53ba33fd-3a50-4468-a5ef-c583635cfa92', sec, { User: user, ComputerName: 'DC1' }, { name: 'failed_login' });
  const success = (sec: number, user = 'alice') => hit('4d0a2c83-c62c-4ed4-b475-c7e23a9269b8', sec, { User: user }, { name: 'successful_login' });
  const tenFailures = Array.from({ length: 10 }, (_, i) => failed(i * 10));

  it('fires when the tenth failure precedes the success, with the inner match as a ref', () => {
    const { matches } = run([outer, inner], [success(200), ...tenFailures]);
    expect(matches.map((m) => [m.rule.title, m.group])).toEqual([
      ['Multiple failed logons', { User: 'alice' }],
      ['Correlation - Multiple Failed Logins Followed by Successful Login', { User: 'alice' }],
    ]);
    const refs = matches[1]!.refs;
    expect(refs.map((r) => r.kind)).toEqual(['correlation', 'event']);
    expect(refs[0]!.kind === 'correlation' && refs[0]!.match).toBe(matches[0]);
  });

  it('does not fire when the success comes before the failures reach ten', () => {
    expect(run([outer, inner], [...tenFailures, success(85)]).matches.map((m) => m.rule.title)).toEqual(['Multiple failed logons']);
  });

  it('does not fire for nine failures, nor for another user\'s success, nor a success 10 min after', () => {
    expect(run([outer, inner], [...tenFailures.slice(1), success(200)]).matches).toEqual([]);
    expect(run([outer, inner], [...tenFailures, success(200, 'bob')]).matches).toHaveLength(1);
    expect(run([outer, inner], [...tenFailures, success(90 + 601)]).matches).toHaveLength(1);
  });

  it('a long burst of failures is present throughout: a success 10 min after its start but right after its end still fires', () => {
    const spray = Array.from({ length: 120 }, (_, i) => failed(i * 10)); // 0 … 1190 s, fires at 90 s
    const { matches } = run([outer, inner], [...spray, success(1195)]);
    expect(matches.map((m) => m.rule.title)).toEqual(['Multiple failed logons', 'Correlation - Multiple Failed Logins Followed by Successful Login']);
    expect(matches[0]!.heldMs.length).toBe(111);
    expect(matches[1]!.refs.map((r) => r.kind)).toEqual(['correlation', 'event']);
    expect(matches[1]!.events).toBe(2);
  });

  it('an inner match seen at many times is one event and one ref of the outer match', () => {
    const near = corr(`title: Near\ncorrelation: {type: temporal, rules: [multiple_failed_login, successful_login], group-by: [User], timespan: 10m}`);
    const spray = Array.from({ length: 120 }, (_, i) => failed(i * 10));
    const [, m] = run([near, inner], [...spray, success(600)]).matches;
    expect(m && [m.rule.title, m.events, m.refs.map((r) => r.kind), m.refsDropped]).toEqual(['Near', 2, ['correlation', 'event'], 0]);
  });

  it('a counting correlation over an inner one counts each inner match once, however long', () => {
    const twice = corr(`title: Twice\ncorrelation: {type: event_count, rules: [multiple_failed_login], group-by: [User], timespan: 1h, condition: {gte: 2}}`);
    const longBurst = Array.from({ length: 120 }, (_, i) => failed(i * 10));
    expect(run([twice, inner], longBurst).matches.map((m) => m.rule.title)).toEqual(['Multiple failed logons']);
    const secondBurst = Array.from({ length: 10 }, (_, i) => failed(2000 + i * 10));
    expect(run([twice, inner], [...longBurst, ...secondBurst]).matches.map((m) => [m.rule.title, m.count])).toEqual([['Multiple failed logons', 61], ['Multiple failed logons', 10], ['Twice', 2]]);
  });

  it('suppresses the referenced rules and the inner correlation (generate defaults to false)', () => {
    const engine = new CorrelationEngine([outer, inner]);
    expect(engine.suppressBase('53ba33fd-3a50-4468-a5ef-c583635cfa92', 'failed_login')).toBe(true);
    expect(engine.suppressBase('4d0a2c83-c62c-4ed4-b475-c7e23a9269b8', 'successful_login')).toBe(true);
    expect(engine.suppressBase('a8418a5a-5fc4-46b5-b23b-6c73beb19d41', 'multiple_failed_login')).toBe(true);
    expect(engine.suppressBase('b180ead8-d58f-40b2-ae54-c8940995b9b6', null)).toBe(false);
    expect(engine.suppressBase('unrelated', 'unrelated')).toBe(false);
  });

  it('generate: true keeps the referenced rules\' own output', () => {
    const gen = corr(`title: G\ncorrelation: {type: event_count, rules: [r], timespan: 1m, condition: {gte: 2}, generate: true}`);
    expect(new CorrelationEngine([gen]).suppressBase('r')).toBe(false);
  });
});

describe('rule set problems and bounds', () => {
  it('a reference cycle and a duplicate id are errors; the other correlations still run', () => {
    const a = corr(`title: A\nname: ca\ncorrelation: {type: event_count, rules: [cb], timespan: 1m, condition: {gte: 1}}`, 'a.yml');
    const b = corr(`title: B\nname: cb\ncorrelation: {type: event_count, rules: [ca], timespan: 1m, condition: {gte: 1}}`, 'b.yml');
    const ok = corr(`title: OK\nid: dup\ncorrelation: {type: event_count, rules: [r], timespan: 1m, condition: {gte: 1}}`, 'ok.yml');
    const dup = corr(`title: Dup\nid: dup\ncorrelation: {type: event_count, rules: [r], timespan: 1m, condition: {gte: 1}}`, 'dup.yml');
    const engine = new CorrelationEngine<string>([a, b, ok, dup]);
    expect(engine.errors.map((e) => [e.path, e.code]).sort()).toEqual([['a.yml', 'correlation-cycle'], ['b.yml', 'correlation-cycle'], ['dup.yml', 'duplicate-id']]);
    engine.add(hit('r', 0, {}));
    expect(engine.finish().map((m) => m.rule.title)).toEqual(['OK']);
  });

  it('caps the hits kept per group and counts the rest', () => {
    const one = corr(`title: One\ncorrelation: {type: event_count, rules: [r], group-by: [H], timespan: 1h, condition: {gte: 1}}`);
    const engine = new CorrelationEngine<string>([one], { maxHitsPerGroup: 100, maxGroupsPerRule: 3 });
    for (let i = 0; i < 1000; i++) engine.add(hit('r', i, { H: 'a' }));
    for (let g = 0; g < 10; g++) engine.add(hit('r', 0, { H: `g${g}` }));
    const ms = engine.finish();
    expect(ms.map((m) => m.events).sort((x, y) => y - x)).toEqual([100, 1, 1]);
    expect(engine.stats.droppedHits).toBe(900 + 8);
  });

  it('an inner match\'s times and event hits are bounded apart: neither crowds the other out of a group', () => {
    const inner = corr(`title: I\nname: many\ncorrelation: {type: event_count, rules: [f], group-by: [U], timespan: 1h, condition: {gte: 2}}`);
    const outer = corr(`title: O\ncorrelation: {type: temporal_ordered, rules: [many, s], group-by: [U], timespan: 1h}`);
    const engine = new CorrelationEngine<string>([outer, inner], { maxHitsPerGroup: 100 });
    for (let i = 0; i < 100; i++) engine.add(hit('f', i, { U: 'x' }));
    for (let i = 0; i < 100; i++) engine.add(hit('s', 200 + i, { U: 'x' })); // fills the outer group's event budget
    expect(engine.finish().map((m) => m.rule.title)).toEqual(['I', 'O']);
    expect(engine.stats.droppedHits).toBe(0);
  });

  it('caps the matches kept per correlation and counts the rest', () => {
    const one = corr(`title: One\ncorrelation: {type: event_count, rules: [r], group-by: [H], timespan: 1s, condition: {gte: 1}}`);
    const engine = new CorrelationEngine<string>([one], { maxMatchesPerRule: 5 });
    for (let i = 0; i < 20; i++) engine.add(hit('r', i * 10, { H: 'a' }));
    expect(engine.finish()).toHaveLength(5);
    expect(engine.stats.droppedMatches).toBe(15);
  });

  it('a hostile volume stays within the bounds and finishes', () => {
    const rule = corr(`title: V\ncorrelation: {type: value_count, rules: [r], group-by: [H], timespan: 1d, condition: {field: U, gte: 2}}`);
    const engine = new CorrelationEngine<string>([rule], { maxHits: 25_000 });
    for (let i = 0; i < 100_000; i++) engine.add(hit('r', i % 5000, { H: `h${i % 7}`, U: `u${i}` }));
    const ms = engine.finish();
    expect(ms.reduce((n, m) => n + m.events, 0)).toBe(25_000);
    expect(engine.stats.droppedHits).toBe(75_000);
    expect(ms.every((m) => m.refs.length <= 50)).toBe(true);
  });

  it('finish is idempotent and add after finish is refused', () => {
    const one = corr(`title: One\ncorrelation: {type: event_count, rules: [r], timespan: 1h, condition: {gte: 1}}`);
    const engine = new CorrelationEngine<string>([one]);
    engine.add(hit('r', 0, {}));
    const first = engine.finish();
    expect(engine.finish()).toBe(first);
    expect(() => engine.add(hit('r', 1, {}))).toThrow(/after finish/);
  });
});
