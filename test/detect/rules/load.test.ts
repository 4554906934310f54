/** The shipped content: every rule and intel file validates, and every rule has positive and negative fixtures that behave. */
import { describe, expect, it } from 'vitest';
import {
  builtinIntel, builtinRuleset, loadIntelDir, loadRulesDir, parseRule, parseIntelList, RuleError, IntelError, SEED_RULE_ID,
} from '../../../src-main/detect/index';
import { detect, RULE_FIXTURES, sysmonSpec } from '../helpers';

const intel = builtinIntel();
const ruleset = builtinRuleset(intel);

describe('shipped rules', () => {
  it('load from the bundled copies and from assets/ alike', () => {
    const fromDir = loadRulesDir(undefined, loadIntelDir());
    expect(fromDir.rules.map((r) => r.id).sort()).toEqual(ruleset.rules.map((r) => r.id).sort());
    expect(ruleset.rules).toHaveLength(4);
  });

  it('each has id, name, ATT&CK ids, risk = impact × confidence / 100, message, false positives, references', () => {
    for (const r of ruleset.rules) {
      expect(r.mitre.length).toBeGreaterThan(0);
      expect(r.risk.score).toBe(Math.round((r.risk.impact * r.risk.confidence) / 100));
      expect(r.message).toMatch(/\$[a-z_]+\$/);
      expect(r.false_positives.length).toBeGreaterThan(0);
      expect(r.references.length).toBeGreaterThan(0);
      expect(r.default_value_spellings.length).toBeGreaterThan(0);
    }
  });

  it('the seed keeps Splunk identity: id, name, T1218.010 + T1112, risk 80 (80 × 100), message, group-by', () => {
    const seed = ruleset.rules.find((r) => r.id === SEED_RULE_ID)!;
    expect(seed.name).toBe('Malicious InProcServer32 Modification');
    expect(seed.mitre).toEqual(['T1218.010', 'T1112']);
    expect(seed.risk).toEqual({ impact: 80, confidence: 100, score: 80 });
    expect(seed.message).toBe('The $process_name$ was identified on endpoint $dest$ modifying the registry with a known malicious clsid under InProcServer32.');
    expect(seed.group_by).toEqual(['dest', 'process_name', 'registry_path', 'registry_key_name', 'registry_value_name', 'user']);
    for (const s of ['(Default)', '', '@', '(default)', 'Default']) expect(seed.default_value_spellings).toContain(s);
  });

  it('every rule has at least one positive and one negative fixture', () => {
    for (const r of ruleset.rules) {
      const fx = RULE_FIXTURES.rules[r.id];
      expect(fx, r.id).toBeDefined();
      expect(fx!.positive.length).toBeGreaterThan(0);
      expect(fx!.negative.length).toBeGreaterThan(0);
    }
  });

  for (const [ruleId, fx] of Object.entries(RULE_FIXTURES.rules)) {
    for (const c of fx.positive) {
      it(`${ruleId.slice(0, 8)} fires: ${c.name}`, () => {
        const r = detect(c.events.map((e, i) => sysmonSpec(e, undefined, i + 1)));
        expect(r.findings.filter((f) => f.rule_id === ruleId)).toHaveLength(1);
      });
    }
    for (const c of fx.negative) {
      it(`${ruleId.slice(0, 8)} stays quiet: ${c.name}`, () => {
        const r = detect(c.events.map((e, i) => sysmonSpec(e, undefined, i + 1)));
        expect(r.findings.filter((f) => f.rule_id === ruleId)).toEqual([]);
      });
    }
  }
});

describe('shipped intel', () => {
  it('every entry names its family or class and cites a public https source', () => {
    for (const name of ['known_bad_clsids', 'builtin_clsids', 'benign_writers']) {
      const l = intel.list(name)!;
      expect(l.entries.length).toBeGreaterThan(0);
      for (const e of l.entries) {
        expect(e.name).not.toBe('');
        expect(e.sources.every((s) => s.startsWith('https://'))).toBe(true);
      }
    }
    for (const e of intel.list('known_bad_clsids')!.entries) expect(e.family).toBeTruthy();
    for (const e of intel.list('benign_writers')!.entries) expect(e.reason).toBeTruthy();
  });

  it('looks CLSIDs up in any case and brace style', () => {
    expect(intel.find('known_bad_clsids', '89565275-a714-4a43-912e-978b935edccc')?.name).toBe('DynamicWrapperX');
    expect(intel.find('builtin_clsids', '{bcde0395-e52f-467c-8e3d-c4579291692e}')?.name).toBe('MMDeviceEnumerator');
    expect(intel.find('known_bad_clsids', '{BCDE0395-E52F-467C-8E3D-C4579291692E}')).toBeNull();
    expect(intel.find('benign_writers', 'C:\\Users\\a\\AppData\\Local\\Microsoft\\OneDrive\\19.002.0107.0005\\FileSyncConfig.exe')?.name).toBe('OneDrive');
  });
});

describe('rule validation', () => {
  const good = () => JSON.parse(JSON.stringify({
    id: 'x', name: 'x', description: 'x', mitre: ['T1112'], risk: { impact: 50, confidence: 50, score: 25 }, message: '$dest$',
    false_positives: ['none'], references: ['https://example.org'], event: 'registry',
    match: { field: 'clsid', op: 'equals', value: '{00000000-0000-0000-0000-000000000000}' }, group_by: ['dest'],
  }));
  it('accepts a minimal rule', () => expect(parseRule(good(), 'r').id).toBe('x'));
  const bad: Array<[string, (r: any) => void, RegExp]> = [
    ['wrong risk arithmetic', (r) => { r.risk.score = 30; }, /round\(impact/],
    ['format-specific field name (TargetObject)', (r) => { r.match.field = 'TargetObject'; }, /unknown field "TargetObject"/],
    ['bad ATT&CK id', (r) => { r.mitre = ['T12']; }, /not an ATT&CK/],
    ['bad regex', (r) => { r.match = { field: 'dest', op: 'regex', value: '(' }; }, /bad regex/],
    ['unknown op', (r) => { r.match.op = 'like'; }, /"op" must be one of/],
    ['unknown intel list', (r) => { r.match = { field: 'clsid', op: 'in_intel', value: 'nope' }; }, /unknown intel list/],
    ['no false positives', (r) => { r.false_positives = []; }, /false_positives/],
    ['unknown key', (r) => { r.extra = 1; }, /unknown key "extra"/],
  ];
  for (const [name, mutate, re] of bad) {
    it(`rejects ${name}`, () => {
      const r = good();
      mutate(r);
      expect(() => parseRule(r, 'r', intel.names())).toThrow(RuleError);
      expect(() => parseRule(r, 'r', intel.names())).toThrow(re);
    });
  }
  it('rejects intel without a public source or with a non-GUID', () => {
    expect(() => parseIntelList({ list: 'l', match: 'guid', entries: [{ value: '{00000000-0000-0000-0000-000000000000}', name: 'n', sources: [] }] }, 'f')).toThrow(IntelError);
    expect(() => parseIntelList({ list: 'l', match: 'guid', entries: [{ value: 'nope', name: 'n', sources: ['https://x'] }] }, 'f')).toThrow(/not a GUID/);
  });
});
