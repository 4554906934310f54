import { describe, expect, it } from 'vitest';
import type { ExplorerEvent } from '../../../src-main/shared/contract';
import { SEARCH_CHARS, indexPages } from '../../../src-renderer/lib/event-index';
import { fieldHasValue, pageValueMatches, valueNeedle } from '../../../src-renderer/lib/value-pivot';

function ev(fields: Record<string, string>): ExplorerEvent {
  return { evidence: 'a.evtx', record_id: 1, time: null, event_id: 1, channel: null, provider: null, dest: 'H', process_guid: null, fields };
}
const texts = (events: ExplorerEvent[]) => indexPages('fp', 0, 0, events, null).texts;

describe('value pivot over the text pages', () => {
  it('finds the events with a field equal to the value, ignoring case, and never a value that only contains it', () => {
    const t = texts([
      ev({ Image: 'C:\\Windows\\System32\\cmd.exe', User: 'CORP\\ann' }),
      ev({ Image: 'C:\\Windows\\System32\\CMD.EXE' }),
      ev({ CommandLine: 'C:\\Windows\\System32\\cmd.exe /c whoami' }),
      ev({ Parent: 'x C:\\Windows\\System32\\cmd.exe' }),
      ev({ User: 'CORP\\ann', Target: 'C:\\Windows\\System32\\cmd.exe' }),
    ]);
    expect(pageValueMatches(t, valueNeedle('C:\\Windows\\System32\\cmd.exe'))).toEqual({ hits: [0, 1, 4], unsure: [] });
    expect(pageValueMatches(t, valueNeedle('corp\\ann'))).toEqual({ hits: [0, 4], unsure: [] });
    expect(pageValueMatches(t, valueNeedle('cmd.exe'))).toEqual({ hits: [], unsure: [] });
  });

  it('matches the first value of an event and never across two events', () => {
    const t = texts([ev({ A: 'one' }), ev({ A: 'two', B: 'three' }), ev({ A: 'wo' })]);
    expect(pageValueMatches(t, valueNeedle('one')).hits).toEqual([0]);
    expect(pageValueMatches(t, valueNeedle('two')).hits).toEqual([1]);
    expect(pageValueMatches(t, valueNeedle('wo')).hits).toEqual([2]);
    // "one\0two" is not a value
    expect(pageValueMatches(t, valueNeedle('one\u0000two')).hits).toEqual([]);
  });

  it('says which events it cannot answer: text cut before the value, or a value longer than the text kept', () => {
    const long = 'x'.repeat(SEARCH_CHARS);
    const t = texts([ev({ A: long, B: 'needle' }), ev({ A: 'needle', B: long }), ev({ A: 'short' })]);
    // event 0 was cut before B; event 1 has it in what was kept
    expect(pageValueMatches(t, valueNeedle('needle'))).toEqual({ hits: [1], unsure: [0] });
    const huge = 'y'.repeat(SEARCH_CHARS + 10);
    const t2 = texts([ev({ A: huge }), ev({ A: 'short' })]);
    expect(pageValueMatches(t2, valueNeedle(huge))).toEqual({ hits: [], unsure: [0, 1] });
    // and narrowed to the events kept (a host)
    expect(pageValueMatches(t2, valueNeedle(huge), (k) => k === 1)).toEqual({ hits: [], unsure: [1] });
  });

  it('checks an event read from the cache field by field', () => {
    const e = ev({ A: 'Foo', B: 'C:\\X\\Y.DLL' });
    expect(fieldHasValue(e, 'c:\\x\\y.dll')).toBe(true);
    expect(fieldHasValue(e, 'foo')).toBe(true);
    expect(fieldHasValue(e, 'fo')).toBe(false);
  });
});
