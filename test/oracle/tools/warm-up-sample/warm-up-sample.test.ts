/**
 * The committed warm-up sample (assets/warm-up/System.evtx, test/tools/warm-up-sample/generate.ts) read by
 * evtxexport and python-evtx: every allocated record, with valid checksums and the same record ids, event ids
 * and Data values our parser reads (the sample is written by our own writer, so two independent readers
 * vouch for its bytes).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import { requires } from '../../../helpers/requires';
import { runEvtxexport, runPythonEvtx } from '../../../tools/evtx-writer/oracle';
import { DEFAULT_OUT } from '../../../tools/warm-up-sample/generate';

const NO_ORACLES = requires('evtxexport', 'python-evtx');

describe('warm-up sample read by the oracles', () => {
  const ours = parseEvtxBytes(new Uint8Array(readFileSync(DEFAULT_OUT))).records;

  it.skipIf(NO_ORACLES)('evtxexport reads every allocated record, no error, the same ids and named Data', () => {
    const r = runEvtxexport(DEFAULT_OUT);
    expect(r.status).toBe(0);
    expect(r.stderr.trim()).toBe('');
    expect(r.events.map((e) => Number(e.system.EventRecordID!.text))).toEqual(ours.map((e) => e.EventRecordID));
    expect(r.events.map((e) => Number(e.system.EventID!.text))).toEqual(ours.map((e) => e.EventID));
    r.events.forEach((e, i) => {
      const data = ours[i]!.EventData ?? {};
      // text values; not FILETIMEs and hex numbers (each reader prints its own digits) nor the one string with a
      // surrogate pair (U+1F4BB: evtxexport 20181227 prints U+1F0BC for it)
      const text = (v: string) => !/^(\d{4}-\d\d-\d\dT|0x)/.test(v) && !/[\ud800-\udfff]/.test(v);
      for (const [name, value] of e.data) if (typeof data[name] === 'string' && text(data[name])) expect(value).toBe(data[name]);
    });
  });

  it.skipIf(NO_ORACLES)('python-evtx verifies the header and chunk checksums and reads the same records', () => {
    // python-evtx 0.6 stops at an all-zero slot (it parses it as a chunk): it reads the file without its last one
    const bytes = readFileSync(DEFAULT_OUT);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'warm-up-sample-')), 'System.evtx');
    writeFileSync(file, bytes.subarray(0, bytes.length - 65536));
    const r = runPythonEvtx(file);
    expect(r.header).toMatchObject({ verify: true, dirty: true });
    expect(r.chunks.every((c) => c.verify && c.header_crc_ok && c.data_crc_ok)).toBe(true);
    expect(r.records.map((e) => e.record_num)).toEqual(ours.map((e) => e.EventRecordID));
  });
});
