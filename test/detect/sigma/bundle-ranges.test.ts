/** Where a bundle's documents lie in its bytes (the load cache's ranges): exact, whatever the documents' text holds. */
import { describe, expect, it } from 'vitest';
import { bundleDocumentRanges, memberRange } from '../../../src-main/detect/sigma/bundle-ranges';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const cut = (b: Buffer, [s, e]: [number, number]) => JSON.parse(b.toString('utf8', s, e)) as unknown;

describe('bundleDocumentRanges', () => {
  it('gives each file\'s documents, exactly, past strings holding brackets, quotes, escapes and multi-byte characters', () => {
    const bundle = {
      provenance: { note: 'a "files" key in a string: {"files": [[' },
      files: [
        { path: 'a.yml', documents: [{ index: 0, doc: { title: 'x } ] { [', detection: { sel: { 'CommandLine|contains': ['\\"', '\\\\', 'é€𝄞', '"}]'] }, condition: 'sel' } } }, { index: 1, error: 'bad: {' }] },
        { documents: [], path: 'b.yml' },
        { path: 'c.yml', documents: [{ index: 0, doc: { nested: [[{ documents: [{ a: 1 }] }]], files: [] } }] },
      ],
    };
    for (const text of [JSON.stringify(bundle), JSON.stringify(bundle, null, 2)]) {
      const b = bytes(text);
      const ranges = bundleDocumentRanges(b);
      expect(ranges.map((r) => r.length)).toEqual([2, 0, 1]);
      expect(ranges.map((r) => r.map((x) => cut(b, x)))).toEqual(bundle.files.map((f) => f.documents));
    }
  });

  it('skips documents that are not objects (the writer compares the counts) and refuses a broken bundle', () => {
    expect(bundleDocumentRanges(bytes('{"files":[{"path":"a","documents":[1,"x",null,{"index":3}]}]}'))).toEqual([[[46, 57]]]);
    expect(() => bundleDocumentRanges(bytes('{"files":[{"path":"a","documents":[[1]]}]}'))).toThrow(/not an object/);
    expect(() => bundleDocumentRanges(bytes('{"files":[{"path":"a","documents":[{"a":1}]}]'))).toThrow(/unbalanced/);
    expect(() => bundleDocumentRanges(bytes('{"files":[{"path":"a","documents":[{"a":"1}]}]}'))).toThrow(/unterminated/);
    expect(() => bundleDocumentRanges(bytes('}'))).toThrow(/unbalanced/);
  });
});

describe('memberRange', () => {
  it('gives an object\'s own member, exactly, past members whose text or nested keys look like it', () => {
    const doc = {
      title: '"detection":{"x":1}', nested: { detection: { wrong: true } }, list: [{ detection: 1 }, 'a', 2, null, true],
      n: -1.5e3, 'de\u0074ection2': 1, detection: { sel: { 'CommandLine|contains': ['\\"', '}', 'é€𝄞'] }, condition: 'sel' }, after: 'x',
    };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify({ index: 0, doc }, null, '\t')]) {
      const b = bytes(text);
      const whole: [number, number] = [0, b.length];
      const obj = text.startsWith('{"index"') || text.startsWith('{\n\t"index"') ? memberRange(b, whole, 'doc')! : whole;
      expect(cut(b, memberRange(b, obj, 'detection')!)).toEqual(doc.detection);
      expect(cut(b, memberRange(b, obj, 'list')!)).toEqual(doc.list);
      expect(cut(b, memberRange(b, obj, 'n')!)).toBe(-1500);
      expect(cut(b, memberRange(b, obj, 'after')!)).toBe('x');
      expect(memberRange(b, obj, 'wrong')).toBeNull();
    }
  });

  it('refuses a range that is not an object', () => {
    const b = bytes('[{"a":1}]');
    expect(() => memberRange(b, [0, b.length], 'a')).toThrow(/not an object/);
    expect(memberRange(b, [1, 8], 'a')).toEqual([6, 7]);
  });
});
