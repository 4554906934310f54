/**
 * The file source holds a raw descriptor (evtx-source.ts: its open, header and first-slot reads and
 * its close are synchronous), which nothing closes on garbage collection: every path closes it,
 * once, and never while a read of it is in flight.
 */
import { mkdtempSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvtxSource, readEvtxFile } from '../../src-main/evidence-reading/evtx-source';
import { chunk, eventTemplate, file, fileHeader, record, V } from '../ingest/evtx/build';

const dir = mkdtempSync(join(tmpdir(), 'evtx-fd-'));
const ev = (id: number) => (at: number) => record(at, id, (w) => w.fragmentHeader().templateInline(eventTemplate, [
  V.str('P'), V.u16(1), V.filetime(0n), V.str('x'), V.u32(1), V.null(), V.u64(id), V.null(),
]).eof());
const many = join(dir, 'many.evtx');
writeFileSync(many, file(fileHeader(), Array.from({ length: 40 }, (_, i) => chunk({ records: [ev(i + 1)], firstId: i + 1, lastId: i + 1 }))));
const notEvtx = join(dir, 'not.evtx');
writeFileSync(notEvtx, 'not an event log '.repeat(400));

/** Descriptors of this process open on files of `dir`. */
function openHere(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir)) n++;
    } catch { /* closed meanwhile */ }
  }
  return n;
}

describe.runIf(process.platform === 'linux')('EvtxSource descriptors', () => {
  it('are closed after whole reads, ranges, early stops, a throwing consumer and failed opens', async () => {
    await readEvtxFile(many);
    for (let from = 0; from < 40; from += 7) await readEvtxFile(many, { from, to: from + 7 });
    await readEvtxFile(many, { onChunk: () => false });
    await expect(readEvtxFile(many, { onChunk: (r) => { if (r.chunkIndex === 20) throw new Error('consumer failed'); } })).rejects.toThrow('consumer failed');
    await expect(EvtxSource.open(notEvtx)).rejects.toMatchObject({ code: 'evtx.file.bad_magic' });
    await expect(EvtxSource.open(dir)).rejects.toMatchObject({ code: 'evtx.file.open' });
    expect(openHere()).toBe(0);
  });

  it('close waits for a block read in flight, and a second close does nothing', async () => {
    const src = await EvtxSource.open(many);
    const it = src.chunks()[Symbol.asyncIterator]();
    await it.next(); // slot 0 read; the next block's read is in flight
    const closing = src.close();
    expect(openHere()).toBe(1); // not closed under the read
    await it.return(undefined);
    await closing;
    await src.close();
    expect(openHere()).toBe(0);
    await expect(src.chunks().next()).rejects.toThrow('read after close');
  });
});
