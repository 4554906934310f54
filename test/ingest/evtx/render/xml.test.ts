// The Event XML writer's own output limit: an element whose only content is an array
// substitution is written once per item with all its attributes (MS-EVEN6 array semantics), so
// 30,000 one-byte items under a 15,000-character attribute would be 450 M characters of XML from
// one 60 KB record. The tree is small (the expansion budget passes it); the writer stops it.
import { describe, expect, it } from 'vitest';
import { parseChunk } from '../../../../src-main/ingest/evtx/index';
import { MAX_RECORD_XML_CHARS } from '../../../../src-main/ingest/evtx/render/expansion-budget';
import { chunk, record, V } from '../build';
import type { W } from '../build';

function arrayUnderLongAttribute(items: number, attrChars: number) {
  const body = (w: W) => {
    w.fragmentHeader();
    w.open('Event').closeStart();
    w.open('System').closeStart().open('EventID').closeStart().text('1').end().open('Provider', true).attr('Name').text('P').closeEmpty().end();
    w.open('EventData').closeStart();
    w.open('Data', true).attr('Name').subst(1, 0x01).closeStart().subst(0, 0x84).end();
    w.end().end().eof();
  };
  const values = [V.raw(0x84, new Array(items).fill(7)), V.str('N'.repeat(attrChars))];
  return chunk({ records: [(at) => record(at, 1, (w) => w.fragmentHeader().templateInline(body, values).eof())] });
}

describe('Event XML output limit', () => {
  it('refuses a record whose XML would exceed the limit, with its location; objects are still built', () => {
    const c = arrayUnderLongAttribute(30_000, 15_000);
    const r = parseChunk(c, 0, { xml: true, objects: false });
    expect(r.xml).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.context.recordId])).toEqual([['evtx.record.expansion', 1]]);
    expect(r.errors[0]!.message).toContain(String(MAX_RECORD_XML_CHARS));
    const objects = parseChunk(c, 0);
    expect(objects.errors).toEqual([]);
    expect((objects.records[0]!.EventData!['N'.repeat(15_000)] as number[]).length).toBe(30_000);
  });

  it('writes the same shape in full when it is small', () => {
    const r = parseChunk(arrayUnderLongAttribute(3, 4), 0, { xml: true, objects: false });
    expect(r.errors).toEqual([]);
    expect(r.xml[0]!.match(/<Data Name="NNNN">7<\/Data>/g)).toHaveLength(3);
  });
});
