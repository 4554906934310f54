/**
 * The record splitter stays linear and bounded on hostile text: a line that is not JSON, however
 * long, is skipped to the next newline without being kept in memory; a line over the length cap
 * is one error with its line number; reading goes on with the next line.
 */
import { describe, expect, it } from 'vitest';
import { JsonRecordSplitter, type JsonMode, type JsonPosition } from '../../../src-main/ingest/json/splitter';

interface Seen { records: string[]; issues: { code: string; line: number; message: string }[] }

function splitter(mode: JsonMode, maxRecordLength = 1024): { s: JsonRecordSplitter; seen: Seen } {
  const seen: Seen = { records: [], issues: [] };
  const s = new JsonRecordSplitter({
    record: (text) => seen.records.push(text),
    issue: (code: string, message: string, pos: JsonPosition) => seen.issues.push({ code, line: pos.line, message }),
  }, { maxRecordLength, maxDepth: 16 }, mode);
  return { s, seen };
}

const CHUNK = 64 * 1024;

/** Pushes `total` characters of `fill` in CHUNK pieces; returns the most characters held after any push. */
function pushLongLine(s: JsonRecordSplitter, fill: string, total: number): number {
  let most = 0;
  const piece = fill.repeat(Math.ceil(CHUNK / fill.length)).slice(0, CHUNK);
  for (let done = 0; done < total; done += CHUNK) {
    s.push(piece.slice(0, Math.min(CHUNK, total - done)));
    most = Math.max(most, s.buffered);
  }
  return most;
}

describe.each(['jsonl', 'json', 'auto'] as const)('JSON splitter (%s mode): long lines', (mode) => {
  it('skips a 32 MiB line that is not JSON holding one push at most, reports it once with its line, reads the next line', () => {
    const { s, seen } = splitter(mode);
    s.push('{"a":1}\n');
    const most = pushLongLine(s, 'not json at all ', 32 * 1024 * 1024);
    s.push('\n{"b":2}\n');
    s.end();
    expect(most).toBeLessThanOrEqual(CHUNK + 16);
    expect(seen.records).toEqual(['{"a":1}', '{"b":2}']);
    expect(seen.issues).toHaveLength(1);
    expect(seen.issues[0]).toMatchObject({ code: 'json.line_too_long', line: 2 });
    expect(seen.issues[0]!.message).toContain(String(32 * 1024 * 1024));
  });

  it('a short junk line is one bad_line with its text; evtx_dump separators stay silent', () => {
    const { s, seen } = splitter(mode);
    s.push('Record 1\n{"a":1}\nhello there\nRecord 2\n{"b":2}\n');
    s.end();
    expect(seen.records).toEqual(['{"a":1}', '{"b":2}']);
    expect(seen.issues.map((i) => [i.code, i.line])).toEqual([['json.bad_line', 3]]);
    expect(seen.issues[0]!.message).toContain('hello there');
  });

  it('a junk line at the end of input without a newline is still reported', () => {
    const { s, seen } = splitter(mode);
    s.push('{"a":1}\ntrailing');
    s.end();
    expect(seen.issues.map((i) => [i.code, i.line])).toEqual([['json.bad_line', 2]]);
  });
});

describe('JSON splitter: over-long JSON-looking lines', () => {
  it('an unterminated 8 MiB string line costs one record_too_long and bounded memory; the next line is read', () => {
    const { s, seen } = splitter('jsonl', 1024 * 1024);
    s.push('{"x":"');
    const most = pushLongLine(s, 'y', 8 * 1024 * 1024);
    s.push('\n{"b":2}\n');
    s.end();
    expect(most).toBeLessThanOrEqual(1024 * 1024 + 2 * CHUNK);
    expect(seen.records).toEqual(['{"b":2}']);
    expect(seen.issues.map((i) => [i.code, i.line])).toEqual([['json.record_too_long', 1]]);
  });

  it('counts lines right across many junk lines split at every position', () => {
    const text = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? `{"n":${i}}` : `junk ${i}`)).join('\n') + '\n';
    for (const size of [1, 3, 7, 64]) {
      const { s, seen } = splitter('jsonl');
      for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
      s.end();
      expect(seen.records).toHaveLength(10);
      expect(seen.issues.map((i) => i.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1).filter((l) => (l - 1) % 5 !== 0));
    }
  });
});

describe('JSON splitter: records spanning many pushes', () => {
  it('emits a record cut into thousands of pieces intact, holding no more than the record', () => {
    const rec = JSON.stringify({ EventID: 1, Data: 'é"\\'.repeat(10_000), Nested: { a: [1, 2, { b: 'x'.repeat(5000) }] } });
    const text = `${rec}\n${rec}\n`;
    for (const size of [1, 7, 997]) {
      const { s, seen } = splitter('auto', 1024 * 1024);
      let most = 0;
      for (let i = 0; i < text.length; i += size) { s.push(text.slice(i, i + size)); most = Math.max(most, s.buffered); }
      s.end();
      expect(seen.records).toEqual([rec, rec]);
      expect(seen.issues).toEqual([]);
      expect(most).toBeLessThanOrEqual(rec.length + size);
    }
  });
});

