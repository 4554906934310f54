import { describe, expect, it } from 'vitest';
import { sniffFormat, SNIFF_HEAD_BYTES } from '../../src-main/ingest/sniff';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, be: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  let o = 0;
  const put = (c: number) => {
    out[o++] = be ? c >> 8 : c & 0xff;
    out[o++] = be ? c & 0xff : c >> 8;
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < s.length; i++) put(s.charCodeAt(i));
  return out;
}

describe('sniffFormat on crafted heads', () => {
  it('magic numbers', () => {
    expect(sniffFormat(new Uint8Array([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00, 1, 2]))).toBe('evtx');
    expect(sniffFormat(utf8('ElfFile'))).toBe('unknown'); // no NUL: not the magic
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]))).toBe('zip');
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe('zip');
    expect(sniffFormat(utf8('PK is not a zip'))).toBe('unknown');
  });

  it('EVTX with a damaged file header: the first chunk\'s signature at 4096 decides', () => {
    const evtx = new EvtxWriter().addAll(sampleEvents(5, 50)).toBytes().subarray(0, SNIFF_HEAD_BYTES);
    for (const damage of [8, 128, 4096]) {
      const b = evtx.slice();
      b.fill(0x41, 0, damage);
      expect(sniffFormat(b), `first ${damage} bytes overwritten`).toBe('evtx');
      b.fill(0, 0, damage);
      expect(sniffFormat(b), `first ${damage} bytes zeroed`).toBe('evtx');
    }
    const gone = evtx.slice();
    gone.fill(0x41, 0, 4104); // the first chunk's signature too: nothing says EVTX any more
    expect(sniffFormat(gone)).toBe('unknown');
    // a zip is a zip even if a member's bytes put "ElfChnk" at 4096
    const zipLike = evtx.slice();
    zipLike.set([0x50, 0x4b, 0x03, 0x04], 0);
    expect(sniffFormat(zipLike)).toBe('zip');
    expect(sniffFormat(new Uint8Array(0))).toBe('unknown');
  });

  it('XML in UTF-8 (with and without BOM), UTF-16LE/BE with BOM, UTF-16LE without BOM', () => {
    const xml = '\r\n  <Events><Event/></Events>';
    expect(sniffFormat(utf8(xml))).toBe('xml');
    expect(sniffFormat(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(xml)]))).toBe('xml');
    expect(sniffFormat(utf16(xml, false, true))).toBe('xml');
    expect(sniffFormat(utf16(xml, true, true))).toBe('xml');
    expect(sniffFormat(utf16('<Event/>', false, false))).toBe('xml');
  });

  it('JSON array, single object, pretty-printed object, JSON lines', () => {
    expect(sniffFormat(utf8(' [ {"a":1}, {"a":2} ]'))).toBe('json');
    expect(sniffFormat(utf8('{"a":1}'))).toBe('json');
    expect(sniffFormat(utf8('{\n  "Event": {\n    "System": {}\n  }\n}\n'))).toBe('json');
    expect(sniffFormat(utf8('{"a":1}\n{"a":2}\n'))).toBe('jsonl');
    expect(sniffFormat(utf8('{"a":1}\r\n\r\n{"a":2}\r\n{"a":3}'))).toBe('jsonl');
    expect(sniffFormat(utf16('{"a":1}\n{"a":2}\n', false, true))).toBe('jsonl');
    // a broken line first does not turn JSON lines into one JSON document
    expect(sniffFormat(utf8('{"a":1\n{"a":2}\n{"a":3}\n'))).toBe('jsonl');
    expect(sniffFormat(utf8('{"a":1}\n{"a":'))).toBe('jsonl');
    // pretty-printed arrays of objects inside one object stay JSON
    expect(sniffFormat(utf8('{\n  "records": [\n    {"a": 1},\n    {"a": 2}\n  ]\n}\n'))).toBe('json');
  });

  it('JSON lines cut by the 64 KiB head limit are still JSON lines', () => {
    const line = JSON.stringify({ EventID: 1, pad: 'x'.repeat(500) });
    let s = '';
    while (s.length < SNIFF_HEAD_BYTES + 1000) s += line + '\n';
    const bytes = utf8(s).subarray(0, SNIFF_HEAD_BYTES);
    expect(sniffFormat(bytes)).toBe('jsonl');
    // and a bigger buffer than the head is only looked at up to the head
    expect(sniffFormat(utf8(s))).toBe('jsonl');
  });

  it('unknown for empty, whitespace, binary and plain text', () => {
    expect(sniffFormat(new Uint8Array(0))).toBe('unknown');
    expect(sniffFormat(utf8('  \n\t '))).toBe('unknown');
    expect(sniffFormat(new Uint8Array([0x00, 0x01, 0x02, 0xff, 0x80]))).toBe('unknown');
    expect(sniffFormat(utf8('Date,Time,EventID\n'))).toBe('unknown');
    expect(sniffFormat(utf8('{not json'))).toBe('json'); // starts like JSON: the JSON reader reports the error
    expect(sniffFormat(utf8('header line\n{"a":1}\nmore text\n'))).toBe('unknown'); // one object line is not enough
  });

  it('a first line that is not JSON does not hide JSON lines or evtx_dump records', () => {
    const line = (n: number) => JSON.stringify({ EventID: 1, Channel: 'Security', RecordNumber: n });
    expect(sniffFormat(utf8(`# exported by collector v2\n${line(1)}\n${line(2)}\n`))).toBe('jsonl');
    expect(sniffFormat(utf8(`garbage\n\n${line(1)}\nnot json\n${line(2)}\n`))).toBe('jsonl');
    expect(sniffFormat(utf8('Record 1\n{\n  "Event": {\n    "System": {}\n  }\n}\nRecord 2\n{\n'))).toBe('json'); // evtx_dump -o json
    expect(sniffFormat(utf8(`Record 1\n${line(1)}\nRecord 2\n${line(2)}\n`))).toBe('jsonl');
  });
});
