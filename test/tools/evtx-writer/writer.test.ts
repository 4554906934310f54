// The writer's files are read by two independent parsers (libevtx `evtxexport`, python-evtx) with no
// error, valid CRCs, and the same values as written — single and multiple chunks, clean and dirty headers.

import { describe, expect, it } from 'vitest';
import { EvtxWriter } from './index';
import { sampleEvents } from './sample-events';
import { WRITER_CASES as cases, writeEvtx as write } from '../../helpers/evtx-writer-files';

describe.each(cases)('EvtxWriter → $name', ({ name, count, dirty }) => {
  const events = sampleEvents(count + (dirty ? 1 : 0), count);
  const { bytes, chunks } = write(name, events, { dirty });

  it('has the expected layout', () => {
    expect(bytes.length).toBe(4096 + chunks * 65536);
    if (count > 100) expect(chunks).toBeGreaterThan(1);
    else expect(chunks).toBe(1);
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    expect(v.getUint32(120, true)).toBe(dirty ? 1 : 0);
    expect(v.getUint16(42, true)).toBe(chunks);
  });

});

describe('EvtxWriter details', () => {
  it('is deterministic: same events, same bytes', () => {
    const a = new EvtxWriter().addAll(sampleEvents(7, 300)).toBytes();
    const b = new EvtxWriter().addAll(sampleEvents(7, 300)).toBytes();
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
  });

  it('rejects a NULL in a non-optional Data field', () => {
    const e = sampleEvents(1, 1)[0]!;
    e.data = [{ name: 'X', value: { type: 'null' } }];
    expect(() => new EvtxWriter().add(e)).toThrow(/optional/);
  });
});
