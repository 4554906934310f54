/**
 * After an error the reader skips to the next `<Event` start tag, and what it reads does not
 * depend on how the text was cut: the skip goes on in the push that failed (not in a later one),
 * a tag cut by pushes is skipped from its `<` as a whole read does, and a bad end tag right
 * before `<Event>` (wevtutil writes no newlines) does not swallow that event.
 */
import { describe, expect, it } from 'vitest';
import { EventXmlReader, readEventXml, readEventXmlBytes } from '../../../src-main/ingest/xml/reader';

const ev = (id: number) => `<Event><System><EventID>${id}</EventID></System></Event>`;
const ids = (evs: { event: { EventID: number | null } }[]) => evs.map((e) => e.event.EventID);

function readChunked(text: string, size: number) {
  const r = new EventXmlReader();
  const events = [];
  for (let i = 0; i < text.length; i += size) events.push(...r.push(text.slice(i, i + size)));
  events.push(...r.end());
  return { ids: ids(events), codes: r.issues.map((i) => i.code) };
}

function expectSameWhateverTheCuts(text: string): { ids: (number | null)[]; codes: string[] } {
  const whole = readEventXml(text);
  const expected = { ids: ids(whole.events), codes: whole.issues.map((i) => i.code) };
  const bytes = readEventXmlBytes(new TextEncoder().encode(text));
  expect({ ids: ids(bytes.events), codes: bytes.issues.map((i) => i.code) }, 'whole, as bytes').toEqual(expected);
  for (let size = 1; size <= 64; size++) expect(readChunked(text, size), `pushes of ${size}`).toEqual(expected);
  return expected;
}

describe('EventXmlReader: resync after an error', () => {
  it('a malformed start tag: the events after it come out of the same push, before end()', () => {
    const text = `<Events>${ev(1)}<Event x y><System/></Event>\n${ev(2)}${ev(3)}</Events>`;
    const r = new EventXmlReader();
    expect(ids(r.push(text))).toEqual([1, 2, 3]);
    expect(r.end()).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual(['xml.malformed']);
  });

  it('a bad attribute in a document read whole from bytes: end() keeps the events after it', () => {
    const text = `${ev(1)}\n<Event><System><EventID a=1>5</EventID></System></Event>\n${ev(2)}\n`;
    expect(expectSameWhateverTheCuts(text)).toEqual({ ids: [1, 2], codes: ['xml.malformed'] });
  });

  it('a quoted "<Event" inside a refused tag cut by pushes is seen as in a whole read', () => {
    // the quote opened in Name swallows a whole event; the tag is refused for its "<"
    const text = `<Events>${ev(1)}<Event><EventData><Data Name="a></Data></EventData></Event>${ev(7)}"/></EventData></Event>${ev(2)}</Events>`;
    const got = expectSameWhateverTheCuts(text);
    expect(got.ids).toContain(7);
    expect(got.ids).toContain(2);
  });

  it('a mismatched end tag right before <Event> loses only its own event', () => {
    const text = `<Events>${ev(1)}<Event><System><Data></Event>${ev(2)}${ev(3)}</Events>`;
    expect(expectSameWhateverTheCuts(text)).toEqual({ ids: [1, 2, 3], codes: ['xml.malformed'] });
  });

  it('generated documents with broken tags: whole and chunked reads agree', () => {
    const breaks = ['<', '"', '>', '</', '<Event ', "'", '</Data>', '<!-- '];
    let seed = 0x51ed270b;
    const next = (n: number) => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
      return (seed >>> 0) % n;
    };
    for (let doc = 0; doc < 40; doc++) {
      let text = '<Events>';
      for (let i = 0; i < 8; i++) {
        const e = `<Event><System><EventID>${i}</EventID></System><EventData><Data Name="n">v${i}</Data></EventData></Event>`;
        const at = next(e.length);
        text += next(3) === 0 ? e.slice(0, at) + breaks[next(breaks.length)] + e.slice(at) : e;
        if (next(2)) text += '\n';
      }
      text += '</Events>';
      const whole = readEventXml(text);
      const expected = { ids: ids(whole.events), codes: whole.issues.map((i) => i.code) };
      for (const size of [1, 2, 5, 13, 50]) expect(readChunked(text, size), `${JSON.stringify(text)} in pushes of ${size}`).toEqual(expected);
    }
  });
});
