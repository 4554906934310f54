/**
 * Long text runs and tags across pushes: each character scanned once (text handed out in pieces
 * as it arrives, a cut tag kept as pieces and joined once at its end), entity references and
 * quoted `>` cut by a push handled whole, limits applied to the whole run or tag and reported
 * where it began.
 */
import { describe, expect, it } from 'vitest';
import { XmlTokenizer, type Position, type XmlToken } from '../../../src-main/ingest/xml/tokenizer';

function collect(text: string, size: number, maxTokenLength = 8 * 1024 * 1024) {
  const texts: string[] = [];
  const opens: { name: string; attrs: Array<[string, string]>; pos: Position }[] = [];
  const errors: { code: string; pos: Position }[] = [];
  const t = new XmlTokenizer({
    token: (tok: XmlToken) => {
      if (tok.type === 'text') texts.push(tok.text);
      else if (tok.type === 'open') opens.push({ name: tok.name, attrs: tok.attrs, pos: tok.pos });
    },
    warning: () => {},
    error: (code, _m, pos) => errors.push({ code, pos }),
  }, { maxTokenLength, maxAttributes: 64 });
  for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size));
  const leftover = t.end();
  return { texts, opens, errors, leftover };
}

describe('XmlTokenizer: long text runs', () => {
  const unit = 'ab&amp;c&lt;&#x41;&#66;é ';
  const decodedUnit = 'ab&c<ABé ';
  const run = unit.repeat(40_000); // ~1 MB with references everywhere, so pushes cut them

  it.each([1, 5, 4093, 65536])('decodes a 1 MB run cut into %i-character pushes exactly, in pieces', (size) => {
    const { texts, errors } = collect(`<Data>${run}</Data>`, size);
    expect(errors).toEqual([]);
    expect(texts.join('')).toBe(decodedUnit.repeat(40_000));
    if (size === 65536) expect(texts.length).toBeGreaterThan(10); // handed out as it arrives
  });

  it('a run longer than the limit fails once, at the position where the run began', () => {
    const head = '<Data>';
    const { errors } = collect(`${head}${'x'.repeat(50_000)}</Data>`, 4096, 20_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'xml.token_too_long', pos: { offset: head.length, line: 1 } });
  });
});

describe('XmlTokenizer: long tags', () => {
  const value = 'v>w\'x '.repeat(150_000); // ~900 KB with `>` and the other quote inside the value
  const doc = `<Events>\n<Data Name="${value}" Other='1'>x</Data></Events>`;

  it.each([1, 7, 4093, 65536])('reads a tag with a 900 KB quoted value cut into %i-character pushes as one start tag', (size) => {
    const { opens, errors, leftover } = collect(doc, size);
    expect(errors).toEqual([]);
    expect(leftover).toBe(0);
    expect(opens.map((o) => o.name)).toEqual(['Events', 'Data']);
    expect(opens[1]!.attrs).toEqual([['Name', value], ['Other', '1']]);
    expect(opens[1]!.pos).toMatchObject({ line: 2, column: 1, offset: '<Events>\n'.length });
  });

  it('a tag longer than the limit fails once where it began; a broken one cut by pushes is reported there too', () => {
    const long = collect(`<Events><Data Name="${'x'.repeat(50_000)}"></Data></Events>`, 4096, 20_000);
    expect(long.errors).toEqual([{ code: 'xml.token_too_long', pos: expect.objectContaining({ offset: '<Events>'.length }) }]);
    const bad = collect(`<Events>\n<Data Name="${'y'.repeat(10_000)}" =oops></Data>`, 1000);
    expect(bad.errors).toEqual([{ code: 'xml.malformed', pos: expect.objectContaining({ line: 2, column: 1 }) }]);
  });

  it('a tag cut by the end of input is left over for the reader to report', () => {
    expect(collect(`<Events><Data Name="${'z'.repeat(10_000)}`, 1000).leftover).toBeGreaterThan(10_000);
  });
});


describe('XmlTokenizer: resync', () => {
  function resyncing(maxTokenLength = 1 << 20) {
    const opens: { name: string; line: number; column: number }[] = [];
    const t: XmlTokenizer = new XmlTokenizer({
      token: (tok: XmlToken) => { if (tok.type === 'open') opens.push({ name: tok.name, line: tok.pos.line, column: tok.pos.column }); },
      warning: () => {},
      error: () => t.resync(/<Event[\s>/]/),
    }, { maxTokenLength, maxAttributes: 64 });
    return { t, opens };
  }

  it('goes on in the push that failed: the start tags after a refused one come out before end()', () => {
    const { t, opens } = resyncing();
    t.push('<Event a b>\n<System/>\n<Event>\n<X/>');
    expect(opens.map((o) => o.name)).toEqual(['Event', 'X']);
  });

  it('a tag too long across pushes is skipped from its "<": a quoted <Event in it is found, with its line', () => {
    const { t, opens } = resyncing(2000);
    const doc = `<A b="\n<Event>${'q'.repeat(3000)}"><Next/>`;
    for (let i = 0; i < doc.length; i += 100) t.push(doc.slice(i, i + 100));
    t.end();
    expect(opens[0]).toEqual({ name: 'Event', line: 2, column: 1 });
  });
});
