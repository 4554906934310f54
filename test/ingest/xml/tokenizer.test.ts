/**
 * Long text runs across pushes: handed out in pieces as they arrive (never kept, re-joined and
 * searched again on every push), with entity references cut by a push decoded whole, the length
 * limit applied to the whole run and reported where the run began.
 */
import { describe, expect, it } from 'vitest';
import { XmlTokenizer, type Position, type XmlToken } from '../../../src-main/ingest/xml/tokenizer.ts';

function collect(text: string, size: number, maxTokenLength = 8 * 1024 * 1024) {
  const texts: string[] = [];
  const errors: { code: string; pos: Position }[] = [];
  const t = new XmlTokenizer({
    token: (tok: XmlToken) => { if (tok.type === 'text') texts.push(tok.text); },
    warning: () => {},
    error: (code, _m, pos) => errors.push({ code, pos }),
  }, { maxTokenLength, maxAttributes: 64 });
  for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size));
  t.end();
  return { texts, errors };
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
