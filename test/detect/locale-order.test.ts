/** compareLocale: localeCompare's order, without the collator for identical strings. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareLocale } from '../../src-main/detect/locale-order';

const WORDS = [
  '', 'a', 'A', 'b', 'B', 'a b', 'a-b', 'ab', 'Ab', 'é', 'e\u0301', 'z', 'Z', '10', '9', '_x', '.x',
  'C:\\Evidence\\Security.evtx', 'c:\\evidence\\security.evtx', 'C:\\Evidence\\System.evtx', 'logs/Sysmon.evtx',
  '\u{1F600}', '\ud800', '\u2028', 'ß', 'ss', 'Ω', 'ω',
];

describe('compareLocale', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('orders every pair as localeCompare does', () => {
    for (const a of WORDS) for (const b of WORDS) expect([a, b, Math.sign(compareLocale(a, b))]).toEqual([a, b, Math.sign(a.localeCompare(b))]);
  });

  it('sorts a list exactly as localeCompare does', () => {
    const list = [...WORDS, ...WORDS.slice().reverse()];
    expect([...list].sort(compareLocale)).toEqual([...list].sort((a, b) => a.localeCompare(b)));
  });

  it('asks the collator only for strings that differ', () => {
    const spy = vi.spyOn(String.prototype, 'localeCompare');
    expect(compareLocale('C:\\Evidence\\Security.evtx', 'C:\\Evidence\\Security.evtx')).toBe(0);
    expect(compareLocale(''.padEnd(3, 'x'), 'xxx')).toBe(0);
    expect(spy).not.toHaveBeenCalled();
    expect(Math.sign(compareLocale('a', 'b'))).toBe(-1);
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
