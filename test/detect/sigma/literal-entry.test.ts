/** The plain-literal entry build agrees with the general field-check compiler, and takes only its own forms. */
import { describe, expect, it } from 'vitest';
import { EventView } from '../../../src-main/detect/sigma/event-view';
import { directFields } from '../../../src-main/detect/sigma/field-access';
import { compileFieldCheck, compileGeneralFieldCheck } from '../../../src-main/detect/sigma/field-check';
import { literalEntryTest } from '../../../src-main/detect/sigma/literal-entry';
import type { EventValue } from '../../../src-main/model/raw-event';
import { event } from './helpers';

const ctx = { fields: directFields, placeholders: new Map<string, string[]>() };
const field = directFields('Image');

describe('literalEntryTest', () => {
  it('gives the general compiler’s answer on generated entries and values', () => {
    let seed = 11;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const units = ['a', 'B', '\\', '.', 'İ', 'ß', '\u{1F600}', '1'];
    const word = (max: number): string => Array.from({ length: 1 + rnd(max) }, () => units[rnd(units.length)]).join('');
    const mods = [[], ['contains'], ['startswith'], ['endswith'], ['contains', 'all'], ['endswith', 'cased'], ['all'], ['startswith', 'all', 'cased'], ['cased']];
    let taken = 0;
    for (let i = 0; i < 3000; i++) {
      const m = mods[rnd(mods.length)]!;
      const n = 1 + rnd(rnd(4) === 0 ? 12 : 3);
      const values: unknown[] = Array.from({ length: n }, () => (rnd(10) === 0 ? rnd(20) : word(4)));
      const raw = n === 1 && rnd(2) === 0 ? values[0] : values;
      const fast = literalEntryTest(field, m, raw);
      if (fast === null) continue;
      taken++;
      const general = compileGeneralFieldCheck(field, [...m], raw, ctx, 'x');
      for (let k = 0; k < 6; k++) {
        const held: EventValue = rnd(6) === 0 ? [word(8), word(8)] : k === 0 && typeof values[0] === 'string' ? `${word(2)}${values[0]}${word(2)}` : word(8);
        const view = new EventView(event(rnd(8) === 0 ? { Other: 'x' } : { Image: held }));
        expect(fast(view), `${JSON.stringify(m)} ${JSON.stringify(raw)} on ${JSON.stringify(held)}`).toBe(general(view));
      }
    }
    expect(taken).toBeGreaterThan(2000);
  });

  it('leaves wildcards, escapes, empty values, GUIDs, null and other modifiers to the general path', () => {
    expect(literalEntryTest(field, [], 'a*b')).toBeNull();
    expect(literalEntryTest(field, ['contains'], ['ok', 'a?b'])).toBeNull();
    expect(literalEntryTest(field, [], 'a\\\\b')).toBeNull();
    expect(literalEntryTest(field, [], '')).toBeNull();
    expect(literalEntryTest(field, [], null)).toBeNull();
    expect(literalEntryTest(field, [], [])).toBeNull();
    expect(literalEntryTest(field, [], '19195a5b-6da0-11d0-afd3-00c04fd930c9')).toBeNull();
    expect(literalEntryTest(field, ['contains', 'endswith'], 'a')).toBeNull();
    expect(literalEntryTest(field, ['contains', 'contains'], 'a')).toBeNull();
    for (const m of ['windash', 'base64', 're', 'neq', 'expand', 'cidr', 'exists', 'lt', 'fieldref', 'utf16le']) expect(literalEntryTest(field, [m], 'a'), m).toBeNull();
    expect(literalEntryTest(field, ['contains'], [{ a: 1 }])).toBeNull();
  });

  it('is what compileFieldCheck builds for its forms (a lone backslash is a literal)', () => {
    const t = compileFieldCheck(field, ['endswith'], '\\cmd.exe', ctx, 'x');
    expect(t(new EventView(event({ Image: 'C:\\Windows\\CMD.EXE' })))).toBe(true);
    expect(t(new EventView(event({ Image: 'C:\\Windows\\xcmd.exe' })))).toBe(false);
    const all = compileFieldCheck(field, ['contains', 'all'], ['-nop', ' -w hidden'], ctx, 'x');
    expect(all(new EventView(event({ Image: 'powershell -NoP -window hidden' })))).toBe(false);
    expect(all(new EventView(event({ Image: 'powershell -NOP -W Hidden' })))).toBe(true);
    const cased = compileFieldCheck(field, ['cased'], 'Cmd.exe', ctx, 'x');
    expect(cased(new EventView(event({ Image: 'cmd.exe' })))).toBe(false);
    expect(cased(new EventView(event({ Image: 'Cmd.exe' })))).toBe(true);
  });
});
