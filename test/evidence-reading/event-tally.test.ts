/**
 * A worker's tally of the events it counts instead of sending (event-tally.ts), and the check of a
 * tally that crossed from another thread (untrusted): rows per host and channel with their counts
 * and time ranges, and every malformed tally refused with its reason.
 */
import { describe, expect, it } from 'vitest';
import { checkTallyRows, EventTally, MAX_TALLY_ROWS, tallyEvents, type TallyRow } from '../../src-main/evidence-reading/event-tally';

describe('EventTally', () => {
  it('counts events per host and channel with their earliest and latest finite time, and starts again once taken', () => {
    const t = new EventTally();
    expect(t.take()).toBeNull();
    t.add('A', 'Security', 20);
    t.add('A', 'Security', 10);
    t.add('A', 'System', null);
    t.add(null, null, Number.NaN);
    t.add(null, null, 5);
    t.add('A', 'Security', Number.POSITIVE_INFINITY);
    expect(t.size).toBe(3);
    expect(t.events).toBe(6);
    const rows = t.take()!;
    expect(rows).toEqual([
      { dest: 'A', channel: 'Security', events: 3, first: 10, last: 20 },
      { dest: 'A', channel: 'System', events: 1, first: null, last: null },
      { dest: null, channel: null, events: 2, first: 5, last: 5 },
    ]);
    expect(tallyEvents(rows)).toBe(6);
    expect(checkTallyRows(rows)).toEqual(rows);
    expect([t.size, t.events, t.take()]).toEqual([0, 0, null]);
    t.add('B', 'C', 1);
    expect(t.take()).toEqual([{ dest: 'B', channel: 'C', events: 1, first: 1, last: 1 }]);
  });

  it('tells "" and null apart (the host tally names both alike; the tally keeps what the events said)', () => {
    const t = new EventTally();
    t.add('', '', 1);
    t.add(null, null, 1);
    expect(t.take()).toHaveLength(2);
  });
});

describe('checkTallyRows', () => {
  const row: TallyRow = { dest: 'H', channel: 'C', events: 2, first: 1, last: 3 };
  const bad: [string, unknown][] = [
    ['not a list', { 0: row }],
    ['too many rows', Array.from({ length: MAX_TALLY_ROWS + 1 }, () => row)],
    ['a row that is not an object', [row, 7]],
    ['a null row', [null]],
    ['a host that is not text', [{ ...row, dest: 5 }]],
    ['a channel that is not text', [{ ...row, channel: {} }]],
    ['no count', [{ ...row, events: undefined }]],
    ['a zero count', [{ ...row, events: 0 }]],
    ['a fractional count', [{ ...row, events: 1.5 }]],
    ['an unsafe count', [{ ...row, events: 2 ** 60 }]],
    ['a time that is not a number', [{ ...row, first: '1' }]],
    ['a time that is not finite', [{ ...row, last: Number.POSITIVE_INFINITY }]],
    ['one time without the other', [{ ...row, first: null }]],
    ['a range backwards', [{ ...row, first: 4, last: 3 }]],
  ];
  for (const [what, rows] of bad) {
    it(`refuses ${what}`, () => {
      expect(typeof checkTallyRows(rows)).toBe('string');
    });
  }

  it('takes only the rows\' own fields (no getter or extra key crosses on)', () => {
    const rows = checkTallyRows([{ ...row, extra: 'x' }, { dest: null, channel: null, events: 1, first: null, last: null }]);
    expect(rows).toEqual([row, { dest: null, channel: null, events: 1, first: null, last: null }]);
    expect(checkTallyRows([])).toEqual([]);
    expect(checkTallyRows(Array.from({ length: MAX_TALLY_ROWS }, () => row))).toHaveLength(MAX_TALLY_ROWS);
  });
});
