/**
 * parseCorrelation: the specification's own examples load with the meaning they state, and bad
 * or unsupported documents become SigmaLoadErrors with a reason (never a throw).
 */
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseCorrelation } from '../../../../src-main/detect/sigma/correlation/parse-correlation';
import { corr } from './helpers';

const MANY_FAILED = `
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
    timespan: 1h
    condition:
        gte: 100
`;

function error(doc: unknown) {
  const r = parseCorrelation(doc, 'rules/mr_x.yml');
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

function base(correlation: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { title: 'T', id: 'c-1', correlation: { type: 'event_count', rules: ['a'], 'group-by': ['User'], timespan: '5m', condition: { gte: 2 }, ...correlation }, ...extra };
}

describe('parseCorrelation: the specification examples', () => {
  it('event_count: rules, group-by, timespan, condition', () => {
    const r = corr(MANY_FAILED);
    expect(r).toMatchObject({ id: '0e95725d-7320-415d-80f7-004da920fc11', title: 'Many failed logins', type: 'event_count', rules: ['5638f7c0-ac70-491d-8465-2a65075e0d86'], groupBy: ['ComputerName'], timespan: '1h', timespanMs: 3_600_000, generate: false });
    expect(r.condition).toEqual({ bounds: [{ op: 'gte', value: 100 }], field: null });
  });

  it('value_count: the condition names the counted field', () => {
    const r = corr(`
title: Failed login
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]
    group-by: [ComputerName, WorkstationName]
    timespan: 1d
    condition:
        field: User
        gte: 100
`);
    expect(r.type).toBe('value_count');
    expect(r.timespanMs).toBe(86_400_000);
    expect(r.condition).toEqual({ bounds: [{ op: 'gte', value: 100 }], field: ['User'] });
  });

  it('temporal without a condition: all referenced rules (gte their number)', () => {
    const r = corr('title: Recon\ncorrelation:\n  type: temporal\n  rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c]\n  group-by: [ComputerName, User]\n  timespan: 5m\n');
    expect(r.condition.bounds).toEqual([{ op: 'gte', value: 3 }]);
    expect(r.id).toBeNull();
  });

  it('a range (gt 100 and lte 200) keeps both criteria', () => {
    const r = parseCorrelation(base({ condition: { gt: 100, lte: 200 } }), 'x.yml');
    expect(r.ok && r.rule.condition.bounds).toEqual([{ op: 'gt', value: 100 }, { op: 'lte', value: 200 }]);
  });

  it('aliases, generate and the meta fields of the outermost rule', () => {
    const r = corr(`
title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
name: brute_then_login
status: experimental
description: Detects multiple failed logins by a single user followed by a successful login of that user
references:
    - https://reference.com
author: Florian Roth (Nextron Systems)
date: 2023-06-16
tags: [attack.credential-access, attack.t1110]
correlation:
    type: temporal
    rules: [internal_error, new_network_connection]
    group-by: [internal_ip, remote_ip]
    timespan: 10s
    generate: true
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
falsepositives:
    - Unlikely
level: high
`);
    expect(r).toMatchObject({ name: 'brute_then_login', status: 'experimental', level: 'high', author: 'Florian Roth (Nextron Systems)', date: '2023-06-16', references: ['https://reference.com'], falsepositives: ['Unlikely'], tags: ['attack.credential-access', 'attack.t1110'], generate: true, timespanMs: 10_000 });
    expect(r.aliases.get('internal_ip')?.get('new_network_connection')).toBe('source.ip');
    expect(r.aliases.get('remote_ip')?.get('internal_error')).toBe('source.ip');
  });

  it('temporal_ordered accepts a condition that asks for all rules', () => {
    const r = parseCorrelation(base({ type: 'temporal_ordered', rules: ['a', 'b'], condition: { eq: 2 } }), 'x.yml');
    expect(r.ok).toBe(true);
  });
});

describe('parseCorrelation: the specification\'s complete example file (multi-document YAML)', () => {
  const FILE = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
description: Detects multiple failed logins by a single user followed by a successful login of that user
references:
    - https://reference.com
author: Florian Roth (Nextron Systems)
date: 2023-06-16
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
falsepositives:
    - Unlikely
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
description: Detects multiple failed logins within a certain amount of time
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
`;

  it('reads both correlation documents as the loader hands them over', () => {
    const docs = parseAllDocuments(FILE).map((d) => d.toJS() as Record<string, unknown>).filter((d) => d.correlation !== undefined);
    const rules = docs.map((d) => parseCorrelation(d, 'mr_brute_force.yml', 'sigmahq'));
    expect(rules.map((r) => (r.ok ? [r.rule.type, r.rule.name, r.rule.level, r.rule.timespanMs, r.rule.rules, r.rule.origin] : r.error.reason))).toEqual([
      ['temporal_ordered', null, 'high', 600_000, ['multiple_failed_login', 'successful_login'], 'sigmahq'],
      ['event_count', 'multiple_failed_login', null, 600_000, ['failed_login'], 'sigmahq'],
    ]);
  });
});

describe('parseCorrelation: bad documents are errors with a reason', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['not a map', ['a'], 'schema', /must be a map/],
    ['no title', { correlation: base({}).correlation }, 'schema', /title is missing/],
    ['no correlation map', { title: 'T', correlation: 'x' }, 'schema', /correlation must be a map/],
    ['no type', base({ type: undefined }), 'schema', /type is missing/],
    ['unknown type', base({ type: 'event_sum' }), 'schema', /unknown correlation type/],
    ['metric types of 2.1.0', base({ type: 'value_avg', condition: { field: 'Bytes', gt: 5 } }), 'unsupported-correlation', /value_avg is not supported/],
    ['no rules', base({ rules: [] }), 'schema', /at least one rule/],
    ['rules not strings', base({ rules: [{ a: 1 }] }), 'schema', /strings only/],
    ['a rule twice', base({ rules: ['a', 'a'] }), 'schema', /twice/],
    ['temporal with one rule', base({ type: 'temporal', rules: ['a'], condition: undefined }), 'schema', /at least two rules/],
    ['group-by not a list', base({ 'group-by': { User: 1 } }), 'schema', /group-by must be a list/],
    ['no timespan', base({ timespan: undefined }), 'timespan', /timespan is missing/],
    ['timespan upper-case unit', base({ timespan: '5M' }), 'timespan', /not a number followed by/],
    ['timespan zero', base({ timespan: '0s' }), 'timespan', /not a number followed by/],
    ['timespan as a number', base({ timespan: 300 }), 'timespan', /must be a string/],
    ['timespan decimal', base({ timespan: '1.5h' }), 'timespan', /not a number followed by/],
    ['event_count without condition', base({ condition: undefined }), 'schema', /needs a condition/],
    ['condition not a map', base({ condition: [1] }), 'schema', /must be a map/],
    ['unknown criterion', base({ condition: { ge: 1 } }), 'condition', /unknown criterion "ge"/],
    ['negative count', base({ condition: { gte: -1 } }), 'condition', /whole number/],
    ['fractional count', base({ condition: { gte: 1.5 } }), 'condition', /whole number/],
    ['empty condition', base({ condition: {} }), 'condition', /no criterion/],
    ['a range that never holds', base({ condition: { gt: 5, lt: 3 } }), 'condition', /can never hold/],
    ['value_count without field', base({ type: 'value_count', condition: { gte: 2 } }), 'schema', /needs the field/],
    ['field on event_count', base({ condition: { field: 'User', gte: 2 } }), 'schema', /takes no field/],
    ['extended string condition', base({ type: 'temporal', rules: ['a', 'b'], condition: 'a and not b' }), 'unsupported-correlation', /extended/],
    ['partial ordered sequence', base({ type: 'temporal_ordered', rules: ['a', 'b', 'c'], condition: { gte: 2 } }), 'unsupported-correlation', /partial sequence/],
    ['temporal needing more rules than listed', base({ type: 'temporal', rules: ['a', 'b'], condition: { gte: 3 } }), 'condition', /can never hold/],
    ['generate not boolean', base({ generate: 'yes' }), 'schema', /generate must be true or false/],
    ['alias for an unreferenced rule', base({ aliases: { ip: { other: 'x' } } }), 'schema', /does not reference/],
    ['alias mapping not a map', base({ aliases: { ip: 'x' } }), 'schema', /must map rule names/],
    ['misspelt attribute', base({ group_by: ['User'] }), 'schema', /unknown correlation attribute "group_by"/],
    ['bad level', base({}, { level: 'severe' }), 'schema', /level must be one of/],
    ['title not a string', base({}, { title: 5 }), 'schema', /title must be a string/],
  ];
  for (const [what, doc, code, reason] of cases) {
    it(what, () => {
      const e = error(doc);
      expect(e.code).toBe(code);
      expect(e.reason).toMatch(reason);
      expect(e.path).toBe('rules/mr_x.yml');
    });
  }

  it('keeps the id and title of a broken document for the error list', () => {
    expect(error(base({ timespan: 'soon' }))).toMatchObject({ id: 'c-1', title: 'T', code: 'timespan' });
  });

  it('never throws on hostile values (getters that throw, huge lists)', () => {
    const hostile = { title: 'T', correlation: { get type(): string { throw new Error('boom'); } } };
    expect(error(hostile)).toMatchObject({ code: 'schema', reason: expect.stringMatching(/boom/) });
    expect(error(base({ rules: Array.from({ length: 10_000 }, (_, i) => `r${i}`) })).reason).toMatch(/more than 64/);
    expect(error(base({ timespan: `${'9'.repeat(12)}d` })).code).toBe('timespan');
    expect(error(base({ timespan: '99999d' })).reason).toMatch(/ten years/);
  });

  it('reads YAML scalars as the loader hands them over (a single rule string, dates)', () => {
    const r = parseCorrelation(parse('title: T\ndate: 2024-01-31\ncorrelation:\n  type: event_count\n  rules: only_rule\n  group-by: User\n  timespan: 15s\n  condition: {gte: "3"}\n'), 'x.yml');
    expect(r.ok && [r.rule.rules, r.rule.groupBy, r.rule.timespanMs, r.rule.condition.bounds[0]!.value]).toEqual([['only_rule'], ['User'], 15_000, 3]);
  });

  it('group-by may be omitted: one group for everything', () => {
    const r = parseCorrelation(base({ 'group-by': undefined }), 'x.yml');
    expect(r.ok && r.rule.groupBy).toEqual([]);
  });
});
