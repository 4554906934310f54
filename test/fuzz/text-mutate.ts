/**
 * Structure-aware mutations of text evidence (Event XML, JSON, JSON lines): format tokens
 * spliced in, deep nesting, over-long lines and tokens (around the readers' 4 Mi-character
 * limits), floods of short broken lines, attribute floods, type and number swaps, line-ending
 * changes and re-encoding (UTF-16LE/BE, BOMs, invalid UTF-8, lone surrogates). Sizes stay under
 * `MAX_TEXT_CHARS`. Deterministic for a given Prng.
 */
import { concatBytes, type Prng } from './byte-mutate';

/** Largest text a mutation may produce, in characters. */
const MAX_TEXT_CHARS = 9 * 1024 * 1024;

export type TextFormat = 'xml' | 'json';

const XML_TOKENS = [
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">', '</Event>', '<Event>', '<Events>', '</Events>',
  '<System>', '</System>', '<EventData>', '</EventData>', '<Data Name="Image">', '</Data>', '<Data>', '<EventID>1</EventID>',
  '<EventID>99999999999999999999</EventID>', '<TimeCreated SystemTime="9999-99-99T99:99:99Z"/>', '<TimeCreated SystemTime=""/>',
  '<!DOCTYPE x [<!ENTITY a "b">]>', '<!ENTITY x SYSTEM "file:///etc/passwd">', '&a;', '&#0;', '&#x110000;', '&#xD800;', '&lt;', '&',
  '<![CDATA[', ']]>', '<!--', '-->', '<?xml version="1.0" encoding="UTF-16"?>', '<?pi', '?>', '<', '>', '/>', '"', "'", '=',
  'xmlns:e="x"', '<e:Event>', '</e:Event>', '<UserData>', '</UserData>', '\u0000', '\uFFFE', '\u202E',
];

const JSON_TOKENS = [
  '{', '}', '[', ']', ',', ':', '"', '\\', '\\u0000', '\\uD800', '\\u', 'null', 'true', '1e999', '-0', '99999999999999999999',
  '"EventID":', '"EventID":4688', '"Channel":"Security"', '"Event":{"System":{}}', '"winlog":{}', '"@timestamp":"x"',
  '"__proto__":{"polluted":1}', '"constructor":{"prototype":{}}', '"EventData":{"Data":[1,[2,[3]]]}', '"#attributes":{}',
  '"#text":[]', '\n', '\r\n', '\r', '\u2028', '\u0000', '\uFEFF', 'Record 1\n',
];

function insertAt(text: string, r: Prng, piece: string): string {
  const at = r.int(0, text.length);
  return text.slice(0, at) + piece + text.slice(at);
}

function repeatTo(unit: string, count: number, budget: number): string {
  return unit.repeat(Math.max(0, Math.min(count, Math.floor(budget / Math.max(1, unit.length)))));
}

const TEXT_MUTATIONS = ['token', 'nest', 'long-line', 'line-flood', 'attr-flood', 'value-swap', 'line-shuffle', 'line-ends', 'cut'] as const;

/** One structure-aware text mutation; returns the new text and its name. */
export function mutateText(text: string, format: TextFormat, r: Prng): { text: string; mutation: string } {
  const kind = r.pick(TEXT_MUTATIONS);
  const budget = MAX_TEXT_CHARS - text.length;
  const tokens = format === 'xml' ? XML_TOKENS : JSON_TOKENS;
  switch (kind) {
    case 'token': {
      let t = text;
      const n = r.int(1, 8);
      for (let i = 0; i < n; i++) t = insertAt(t, r, r.pick(tokens));
      return { text: t, mutation: `token×${n}` };
    }
    case 'nest': {
      const depth = r.chance(0.2) ? 100_000 : r.pick([70, 1000]);
      const open = format === 'xml' ? '<a>' : r.pick(['[', '{"a":']);
      const close = format === 'xml' ? '</a>' : open === '[' ? ']' : '}';
      const balanced = r.chance(0.5);
      const piece = repeatTo(open, depth, budget / 2) + (balanced ? repeatTo(close, depth, budget / 2) : '');
      return { text: insertAt(text, r, piece), mutation: `nest ${depth}${balanced ? '' : ' unclosed'}` };
    }
    case 'long-line': {
      // multi-MiB lines cross the readers' 4 Mi-character limits; they are rarer, as they are slow to read
      const len = r.chance(0.1) ? r.pick([1 << 20, (4 << 20) + 1]) : r.pick([1000, 65_536]);
      const unit = r.pick(['a', 'x y ', '{"a":"', '\\"', '<', '"']);
      return { text: insertAt(text, r, repeatTo(unit, Math.ceil(len / unit.length), budget)), mutation: `long-line ${len} ${JSON.stringify(unit)}` };
    }
    case 'line-flood': {
      const count = r.chance(0.15) ? 200_000 : r.pick([150, 10_000]);
      const line = r.pick(format === 'xml' ? ['<Event>\n', '</x>\n', '<Event><System>\n'] : ['{\n', '{"a":1}\n', 'garbage\n', '{"EventID":\n']);
      return { text: insertAt(text, r, repeatTo(line, count, budget)), mutation: `line-flood ${count} ${JSON.stringify(line)}` };
    }
    case 'attr-flood': {
      const count = r.pick([65, 10_000]);
      let attrs = '';
      for (let i = 0; i < count && attrs.length < budget / 2; i++) attrs += format === 'xml' ? ` a${i}="v"` : `"k${i}":${i},`;
      const piece = format === 'xml' ? `<Data${attrs}>x</Data>` : `{${attrs}"EventID":1}`;
      return { text: insertAt(text, r, piece), mutation: `attr-flood ${count}` };
    }
    case 'value-swap': {
      // replace a quoted value or a number with a hostile one
      const re = format === 'xml' ? />([^<]{1,64})</g : /"[^"\\]{0,64}"|-?\d+(\.\d+)?/g;
      const hits = [...text.matchAll(re)];
      if (!hits.length) return { text, mutation: 'value-swap (none)' };
      const h = r.pick(hits);
      const repl = format === 'xml'
        ? `>${r.pick(['', '&amp;&lt;', '\u0000', '-1', '4294967296', '0x', 'ＡＢ', '\uD800', '1'.repeat(400)])}<`
        : r.pick(['null', '{}', '[]', '[[[]]]', '1e999', '-1', '18446744073709551616', '"\\u0000"', '"\\uDC00"', 'true', '"' + 'x'.repeat(100_000) + '"']);
      return { text: text.slice(0, h.index) + repl + text.slice(h.index! + h[0].length), mutation: 'value-swap' };
    }
    case 'line-shuffle': {
      const lines = text.split('\n');
      const n = r.int(1, 5);
      for (let i = 0; i < n && lines.length > 1; i++) {
        const a = r.int(0, lines.length - 1);
        const b = r.int(0, lines.length - 1);
        if (r.chance(0.5)) [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        else lines.splice(b, 0, lines[a]!);
      }
      return { text: lines.join('\n'), mutation: 'line-shuffle' };
    }
    case 'line-ends': {
      const to = r.pick(['\r\n', '\r', '\n\n', '\u2028', '']);
      return { text: text.replace(/\r?\n/g, to), mutation: `line-ends ${JSON.stringify(to)}` };
    }
    case 'cut': {
      const at = r.int(0, text.length);
      return { text: text.slice(0, at), mutation: `cut at ${at}` };
    }
  }
}

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const v = new DataView(out.buffer);
  let at = 0;
  if (bom) { v.setUint16(0, 0xfeff, !bigEndian); at = 2; }
  for (let i = 0; i < text.length; i++, at += 2) v.setUint16(at, text.charCodeAt(i), !bigEndian);
  return out;
}

/** Encodes text as evidence files come: UTF-8 (with or without BOM), UTF-16LE/BE, or UTF-8 with invalid sequences. */
export function encodeText(text: string, r: Prng): { bytes: Uint8Array; encoding: string } {
  const roll = r.next();
  if (roll < 0.7) return { bytes: new TextEncoder().encode(text), encoding: 'utf-8' };
  if (roll < 0.78) return { bytes: concatBytes([Uint8Array.of(0xef, 0xbb, 0xbf), new TextEncoder().encode(text)]), encoding: 'utf-8 bom' };
  if (roll < 0.86) return { bytes: utf16(text, false, r.chance(0.7)), encoding: 'utf-16le' };
  if (roll < 0.92) return { bytes: utf16(text, true, r.chance(0.7)), encoding: 'utf-16be' };
  const bytes = new TextEncoder().encode(text);
  const bad = [Uint8Array.of(0xc3), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xf4, 0x90, 0x80, 0x80), Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xe2, 0x82)];
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let i = 0, n = r.int(1, 6); i < n; i++) {
    const at = r.int(from, bytes.length);
    parts.push(bytes.subarray(from, at), r.pick(bad));
    from = at;
  }
  parts.push(bytes.subarray(from));
  return { bytes: concatBytes(parts), encoding: 'utf-8 invalid' };
}
