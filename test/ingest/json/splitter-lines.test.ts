/**
 * JSON lines: every non-blank line is a record or an issue at its own line number, whatever the
 * line holds (a string cut by the newline, even right after a backslash; a top-level array that
 * does not close on its line; an empty array) and however the text is cut into pushes.
 */
import { describe, expect, it } from 'vitest';
import { JsonRecordSplitter, type JsonPosition } from '../../../src-main/ingest/json/splitter';

interface Seen { records: { text: string; line: number }[]; issues: { code: string; line: number }[] }

function split(text: string, chunk = text.length || 1): Seen {
  const seen: Seen = { records: [], issues: [] };
  const s = new JsonRecordSplitter({
    record: (t: string, pos: JsonPosition) => seen.records.push({ text: t, line: pos.line }),
    issue: (code: string, _m: string, pos: JsonPosition) => seen.issues.push({ code, line: pos.line }),
  }, { maxRecordLength: 4096, maxDepth: 8 }, 'jsonl');
  for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk));
  s.end();
  return seen;
}

/** Lines (1-based) that produced neither a record nor an issue, of those that are not blank. */
function silentLines(text: string, seen: Seen): number[] {
  const heard = new Set([...seen.records.map((r) => r.line), ...seen.issues.map((i) => i.line)]);
  const out: number[] = [];
  text.split('\n').forEach((l, i) => {
    if (l.trim() !== '' && !/^Record \d+$/.test(l.trim()) && !heard.has(i + 1)) out.push(i + 1);
  });
  return out;
}

describe('JSON lines: no line vanishes', () => {
  it('a line ending in a backslash inside a string is one issue; the next line is read as its own line', () => {
    const text = '{"a":"x\\\nnot json\n{"b":1}\n{"c":"y\\\n{"d":2}\n';
    const seen = split(text);
    expect(seen.records).toEqual([{ text: '{"b":1}', line: 3 }, { text: '{"d":2}', line: 5 }]);
    expect(seen.issues).toEqual([{ code: 'json.bad_line', line: 1 }, { code: 'json.bad_line', line: 2 }, { code: 'json.bad_line', line: 4 }]);
  });

  it('a top-level array ends with its line: the lines after it are lines, not array members', () => {
    const text = '[\n,\n]\n{"a":1}\n[{"b":2}\n{"c":3}\n';
    const seen = split(text);
    expect(seen.records).toEqual([{ text: '{"a":1}', line: 4 }, { text: '{"b":2}', line: 5 }, { text: '{"c":3}', line: 6 }]);
    expect(seen.issues.map((i) => i.line)).toEqual([1, 2, 3, 5]);
    expect(silentLines(text, seen)).toEqual([]);
  });

  it('an empty array line is an issue; an array of records on one line is read', () => {
    const seen = split('[]\n[ , ]\n[{"a":1},{"b":2}]\n');
    expect(seen.records.map((r) => [r.text, r.line])).toEqual([['{"a":1}', 3], ['{"b":2}', 3]]);
    expect(seen.issues).toEqual([{ code: 'json.bad_line', line: 1 }, { code: 'json.bad_line', line: 2 }]);
  });

  it('a broken record inside an array line does not carry the array to the next line', () => {
    const text = '[{"a":\n]\n{"b":1}\n';
    const seen = split(text);
    expect(seen.records).toEqual([{ text: '{"b":1}', line: 3 }]);
    expect(seen.issues.map((i) => i.line)).toEqual([1, 2]);
  });

  it('random lines of JSON fragments: each non-blank line is heard at its own line, for any push size', () => {
    const fragments = ['{', '}', '[', ']', ',', '"', '\\', '\\"', '"a":', '1', ' ', 'x', '{"k":"v"}', '["s"', 'Record 3', '{"n":[[[[[[[[[[1]]]]]]]]]]}'];
    let seed = 0x2545f491;
    const next = (n: number) => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
      return ((seed >>> 0) % n);
    };
    for (let doc = 0; doc < 200; doc++) {
      const lines: string[] = [];
      for (let l = 0; l < 12; l++) {
        let line = '';
        for (let k = next(6); k > 0; k--) line += fragments[next(fragments.length)];
        lines.push(line);
      }
      const text = lines.join(next(2) ? '\n' : '\r\n') + (next(2) ? '\n' : '');
      const whole = split(text);
      expect(silentLines(text, whole), JSON.stringify(text)).toEqual([]);
      for (const chunk of [1, 3, 7]) expect(split(text, chunk), JSON.stringify(text)).toEqual(whole);
    }
  });
});
