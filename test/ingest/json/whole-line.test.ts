/**
 * The whole-line fast path of JSON lines (whole-line.ts, used by the splitter) gives exactly what
 * the character walk gives: the same records (text, position, line), the same issues, in the same
 * order. A text pushed one character at a time never has a newline ahead in its push, so it is
 * read by the walk alone: that is the reference each case is compared with. Lines the fast path
 * must leave to the walk: junk, broken records, several values, arrays, white space and BOMs
 * around a record, records at and past the length and depth limits.
 */
import { describe, expect, it, vi } from 'vitest';
import { JsonRecordSplitter, type JsonMode, type JsonPosition } from '../../../src-main/ingest/json/splitter';
import { wholeJsonLine } from '../../../src-main/ingest/json/whole-line';

interface Seen { records: { text: string; offset: number; line: number; parsed: unknown }[]; issues: { code: string; message: string; offset: number; line: number }[] }

const LIMITS = { maxRecordLength: 40, maxDepth: 4 };

function split(text: string, chunk: number, mode: JsonMode = 'jsonl', limits = LIMITS): Seen {
  const seen: Seen = { records: [], issues: [] };
  const s = new JsonRecordSplitter({
    record: (t: string, pos: JsonPosition, parsed?: unknown) => seen.records.push({ text: t, offset: pos.offset, line: pos.line, parsed }),
    issue: (code: string, message: string, pos: JsonPosition) => seen.issues.push({ code, message, offset: pos.offset, line: pos.line }),
  }, limits, mode);
  for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk));
  s.end();
  return seen;
}

/** What the walk alone gives, without the values the fast path hands over. */
function walked(text: string, mode: JsonMode = 'jsonl'): Seen {
  return split(text, 1, mode);
}

function withoutParsed(seen: Seen): Seen {
  return { records: seen.records.map((r) => ({ ...r, parsed: undefined })), issues: seen.issues };
}

const LINES = [
  '{"a":1}',
  '  {"a":"x y"}  \r',
  '\uFEFF{"bom":1}',
  '{"a":1} {"b":2}',
  '{"a":1}{"b":2}',
  '{"a":1} junk',
  'junk {"a":1}',
  '[{"a":1},{"b":2}]',
  '[]',
  '{"a":',
  '{"a":"no end}',
  '{"a":"\\u00e9\\"}"}',
  '{"deep":{"b":{"c":1}}}',
  '{"deep":{"b":{"c":{"d":1}}}}',
  '{"s":"{{{{{{[[[[["}',
  `{"long":"${'x'.repeat(29)}"}`,
  `{"long":"${'x'.repeat(30)}"}`,
  `{"long":"${'x'.repeat(31)}"}`,
  `{"long":"${'x'.repeat(32)}"}`,
  '{"ctl":"a\tb"}',
  '"a string"',
  '',
  '   ',
  'Record 12',
  '{"__proto__":{"x":1}}',
];

describe('JSON lines: the whole-line fast path gives what the walk gives', () => {
  it.each(LINES.map((l, i) => [i, l] as const))('line %i, alone and between others, as one push and in pieces', (_i, line) => {
    for (const text of [`${line}\n`, `{"first":1}\n${line}\n{"last":2}\n`, `${line}\n${line}\n`, `{"first":1}\r\n${line}\r\n`]) {
      const reference = walked(text);
      for (const chunk of [text.length, 7, 13]) expect(withoutParsed(split(text, chunk)), `${JSON.stringify(text)} in pushes of ${chunk}`).toEqual(reference);
    }
  });

  it('every line of the list together, and in auto mode (JSON lines once the first record ends on its line)', () => {
    const text = LINES.join('\n') + '\n';
    expect(withoutParsed(split(text, text.length))).toEqual(walked(text));
    const auto = `{"a":1}\n${text}`;
    expect(withoutParsed(split(auto, auto.length, 'auto'))).toEqual(walked(auto, 'auto'));
  });

  it('hands over the parsed value, equal to parsing the text', () => {
    const seen = split('{"a":1,"b":[1,{"c":"d"}]}\n  {"e":null}\r\n', 1000);
    expect(seen.records.map((r) => r.parsed)).toEqual([{ a: 1, b: [1, { c: 'd' }] }, { e: null }]);
    for (const r of seen.records) expect(r.parsed).toEqual(JSON.parse(r.text));
  });

  it('is not tried again on a line where it failed: one parse for a line of many records', () => {
    const line = Array.from({ length: 500 }, (_, i) => `{"n":${i}}`).join('   ');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const seen = split(`${line}\n{"z":1}\n`, 1 << 20, 'jsonl', { maxRecordLength: 1 << 20, maxDepth: 4 });
      expect(seen.records).toHaveLength(501);
      expect(parse.mock.calls.length).toBe(2); // the failed try on the long line, the next line's record
    } finally {
      parse.mockRestore();
    }
  });

  it('leaves to the walk a line without its newline in the text at hand, and anything but one object', () => {
    const limits = { maxRecordLength: 100, maxDepth: 2 };
    expect(wholeJsonLine('{"a":1}\n', 0, 7, limits)).toEqual({ start: 0, text: '{"a":1}', value: { a: 1 } });
    expect(wholeJsonLine('x {"a":1} \n', 1, 10, limits)).toEqual({ start: 2, text: '{"a":1}', value: { a: 1 } });
    expect(wholeJsonLine('[1]\n', 0, 3, limits)).toBeNull();
    expect(wholeJsonLine('{"a":{"b":{}}}\n', 0, 14, limits)).toBeNull(); // three levels, two allowed
    expect(wholeJsonLine('{"a":{"b":"{{{"}}\n', 0, 17, limits)).toEqual({ start: 0, text: '{"a":{"b":"{{{"}}', value: { a: { b: '{{{' } } });
  });
});
