import { describe, expect, it } from 'vitest';
import { assumeCheckedTrees } from '../../../src-main/detect/sigma/detection';
import { storedTreesFit } from '../../../src-main/detect/sigma/stored-conditions';

describe('storedTreesFit', () => {
  const detection = { sel: { Image: 'x' }, filter_a: { User: 'y' }, filter_b: { User: 'z' }, timeframe: '5m', condition: 'sel and not 1 of filter_*' };

  it('takes the trees the parser makes, read back from JSON', () => {
    const trees = assumeCheckedTrees(detection).trees;
    expect(storedTreesFit(JSON.parse(JSON.stringify(trees)), detection)).toEqual(trees);
    const two = { ...detection, condition: ['sel', 'all of filter_*'] };
    expect(storedTreesFit(JSON.parse(JSON.stringify(assumeCheckedTrees(two).trees)), two)).toEqual(assumeCheckedTrees(two).trees);
  });

  it('refuses trees that do not fit the detection (the caller parses its conditions instead)', () => {
    const ref = (name: string) => ({ kind: 'ref', name });
    const refused: unknown[] = [
      null, {}, 'sel', [], [ref('sel'), ref('sel')], // not one tree per condition text
      [ref('other')], [ref('condition')], [ref('timeframe')], [{ kind: 'ref' }], [{ kind: 'ref', name: 1 }],
      [{ kind: 'not' }], [{ kind: 'and', items: [] }], [{ kind: 'or', items: ref('sel') }], [{ kind: 'xor', items: [ref('sel'), ref('sel')] }],
      [{ kind: 'of', count: 0, names: ['sel'] }], [{ kind: 'of', count: 1.5, names: ['sel'] }], [{ kind: 'of', count: 'any', names: ['sel'] }],
      [{ kind: 'of', count: 1, names: [] }], [{ kind: 'of', count: 1, names: ['nope'] }], [{ kind: 'of', count: 'all', names: 'sel' }],
      [['ref', 'sel']],
    ];
    for (const stored of refused) expect(storedTreesFit(stored, detection), JSON.stringify(stored)).toBeNull();
  });

  it('bounds the depth it walks (a hostile cache cannot recurse without end)', () => {
    let deep: unknown = { kind: 'ref', name: 'sel' };
    for (let i = 0; i < 300; i++) deep = { kind: 'not', item: deep };
    expect(storedTreesFit([deep], detection)).toBeNull();
    let ok: unknown = { kind: 'ref', name: 'sel' };
    for (let i = 0; i < 100; i++) ok = { kind: 'not', item: ok };
    expect(storedTreesFit([ok], detection)).toEqual([ok]);
  });
});
