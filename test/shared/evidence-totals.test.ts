import { describe, expect, it } from 'vitest';
import { eventTotal } from '../../src-main/shared/evidence-totals';

describe('eventTotal', () => {
  it('counts real files and archive members once, never the archive rows that repeat their members', () => {
    expect(eventTotal([
      { format: 'evtx', records: 10 },
      { format: 'zip', records: 7 }, // = 5 + 2 below
      { format: 'jsonl', records: 5 },
      { format: 'xml', records: 2 },
      { format: 'unknown', records: null },
    ])).toBe(17);
  });
});
