/** Conditions: tokenizer, precedence, `1 of`/`all of` with patterns and `them`, refusals. */
import { describe, expect, it } from 'vitest';
import { parseCondition } from '../../../src-main/detect/sigma/condition';
import { SigmaRuleError } from '../../../src-main/detect/sigma/errors';
import { detects } from './helpers';

const ids = ['sel_a', 'sel_b', 'filter_x', '_hidden'];

describe('parseCondition', () => {
  it('not binds tighter than and, and tighter than or', () => {
    expect(parseCondition('sel_a or sel_b and not filter_x', ids)).toEqual({
      kind: 'or',
      items: [{ kind: 'ref', name: 'sel_a' }, { kind: 'and', items: [{ kind: 'ref', name: 'sel_b' }, { kind: 'not', item: { kind: 'ref', name: 'filter_x' } }] }],
    });
  });
  it('parentheses group', () => {
    expect(parseCondition('(sel_a or sel_b) and filter_x', ids)).toEqual({
      kind: 'and',
      items: [{ kind: 'or', items: [{ kind: 'ref', name: 'sel_a' }, { kind: 'ref', name: 'sel_b' }] }, { kind: 'ref', name: 'filter_x' }],
    });
  });
  it('1 of / all of a pattern; them leaves out names starting with _', () => {
    expect(parseCondition('1 of sel_*', ids)).toEqual({ kind: 'of', count: 1, names: ['sel_a', 'sel_b'] });
    expect(parseCondition('all of them', ids)).toEqual({ kind: 'of', count: 'all', names: ['sel_a', 'sel_b', 'filter_x'] });
  });
  it('a pattern reads as the regular expression `^…$` with `*` as `.*` (no line break) and every other character literal', () => {
    const names = ['sel_a', 'sel.b', 'selXb', 'sel-1-x', 'sel_\nb', 'a_sel', 'sel', 'selsel', 'filter_main_x_opt', 'filter_main_opt', 'filter_opt_main', 'x\u2028y'];
    const asRegex = (p: string) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*')}$`);
    for (const p of ['sel*', 'sel.*', '*sel', 'sel*sel', 'sel-*-x', 'filter_main_*_opt', 'filter_*main*', '*', '*_*', 'x*y', 's*e*l*']) {
      const want = names.filter((n) => asRegex(p).test(n));
      if (want.length === 0) expect(() => parseCondition(`1 of ${p}`, names), p).toThrow(SigmaRuleError);
      else expect(parseCondition(`1 of ${p}`, names), p).toEqual({ kind: 'of', count: 1, names: want });
    }
  });
  it('a condition parsed before with other identifiers, or with NUL in a name, is parsed for these', () => {
    expect(parseCondition('1 of sel*', ['sel_a', 'x'])).toEqual({ kind: 'of', count: 1, names: ['sel_a'] });
    expect(parseCondition('1 of sel*', ['sel_a', 'sel_b'])).toEqual({ kind: 'of', count: 1, names: ['sel_a', 'sel_b'] });
    expect(parseCondition('1 of sel*', ['sel_a', 'x'])).toEqual({ kind: 'of', count: 1, names: ['sel_a'] });
    // (text, identifiers) pairs whose joined form is the same, but with NUL in the text or a name
    expect(parseCondition('x', ['x', 'y'])).toEqual({ kind: 'ref', name: 'x' });
    expect(() => parseCondition('x', ['x\0y']), 'identifier x\\0y').toThrow(SigmaRuleError);
    expect(() => parseCondition('x\0x', ['y']), 'text x\\0x').toThrow(SigmaRuleError);
  });
  it('a text parsed before is resolved for other identifiers as the parser reads it (of targets, references, errors)', () => {
    const text = '(sel_a or 1 of sel_*) and not (all of them or filter_x) and 1 of Of';
    const first = ['sel_a', 'sel_b', 'filter_x', 'Of', '_h'];
    const tree = (ids: string[], selNames: string[], them: string[]) => ({
      kind: 'and',
      items: [
        { kind: 'or', items: [{ kind: 'ref', name: 'sel_a' }, { kind: 'of', count: 1, names: selNames }] },
        { kind: 'not', item: { kind: 'or', items: [{ kind: 'of', count: 'all', names: them }, { kind: 'ref', name: 'filter_x' }] } },
        { kind: 'of', count: 1, names: ['Of'] },
      ],
    });
    expect(parseCondition(text, first)).toEqual(tree(first, ['sel_a', 'sel_b'], ['sel_a', 'sel_b', 'filter_x', 'Of']));
    const second = ['filter_x', 'sel_c', 'Of', 'sel_a'];
    expect(parseCondition(text, second)).toEqual(tree(second, ['sel_c', 'sel_a'], ['filter_x', 'sel_c', 'Of', 'sel_a']));
    expect(() => parseCondition(text, ['sel_a', 'sel_b', 'Of']), 'unknown filter_x').toThrow("unknown search identifier 'filter_x' in condition");
    expect(() => parseCondition(text, ['sel_a', 'filter_x', 'of']), "'Of' names nothing").toThrow("'Of' names no search identifier in condition");
    // a subtree without `of` is the same tree for any identifiers that have its names
    const plain = parseCondition('sel_a and not filter_x', ['sel_a', 'filter_x']);
    expect(parseCondition('sel_a and not filter_x', ['filter_x', 'sel_a', 'other'])).toEqual(plain);
    expect(() => parseCondition('sel_a and not filter_x', ['sel_a'])).toThrow("unknown search identifier 'filter_x'");
  });
  it('refuses unknown identifiers, stray tokens, aggregations and unbalanced parentheses', () => {
    for (const bad of ['sel_c', 'sel_a and', '(sel_a', 'sel_a sel_b', 'sel_a | count() > 5', '1 of nothing*', 'sel_a & sel_b', '']) {
      expect(() => parseCondition(bad, ids), bad).toThrow(SigmaRuleError);
    }
  });
  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => parseCondition('('.repeat(500) + 'sel_a' + ')'.repeat(500), ids)).toThrow(SigmaRuleError);
    expect(() => parseCondition('not '.repeat(500) + 'sel_a', ids)).toThrow(SigmaRuleError);
  });
});

describe('conditions evaluated', () => {
  const det = (condition: string): string => `sel_a:\n  A: 1\nsel_b:\n  B: 1\nfilter_x:\n  C: 1\ncondition: ${condition}`;
  const cases: [string, Record<string, string>, boolean][] = [
    ['sel_a and sel_b', { A: '1', B: '1' }, true],
    ['sel_a and sel_b', { A: '1' }, false],
    ['sel_a or sel_b', { B: '1' }, true],
    ['sel_a or sel_b', { C: '1' }, false],
    ['sel_a and not filter_x', { A: '1' }, true],
    ['sel_a and not filter_x', { A: '1', C: '1' }, false],
    ['1 of sel_*', { B: '1' }, true],
    ['1 of sel_*', { C: '1' }, false],
    ['all of sel_*', { A: '1', B: '1' }, true],
    ['all of sel_*', { A: '1' }, false],
    ['1 of them', { C: '1' }, true],
    ['1 of them', {}, false],
    ['all of them', { A: '1', B: '1', C: '1' }, true],
    ['all of them', { A: '1', B: '1' }, false],
    ['not (sel_a or sel_b)', { C: '1' }, true],
    ['not (sel_a or sel_b)', { A: '1' }, false],
    ['2 of them', { A: '1', C: '1' }, true],
    ['2 of them', { A: '1' }, false],
  ];
  for (const [cond, data, want] of cases) {
    it(`${cond} on ${JSON.stringify(data)} → ${want}`, () => {
      expect(detects(det(cond), data)).toBe(want);
    });
  }
  it('a list of conditions is any of them', () => {
    const d = 'sel_a:\n  A: 1\nsel_b:\n  B: 1\ncondition:\n  - sel_a\n  - sel_b';
    expect(detects(d, { B: '1' })).toBe(true);
    expect(detects(d, { C: '1' })).toBe(false);
  });
});
