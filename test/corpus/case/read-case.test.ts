/**
 * Reading a whole case: hashing, then every event in the worker pool, with one bad file never
 * stopping the others. Uses a real sample beside crafted damaged files.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src-main/shared/contract';
import type { NormalisedEvent } from '../../../src-main/model/event';
import { readCase } from '../../../src-main/case/read-case';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';
import { tempEvidenceFolder } from '../../helpers/temp-evidence';

const FIREFOX = path.join(SHARED_EVIDENCE, 'evtx-attack-samples/Persistence/persist_firefox_comhijack_sysmon_11_13_7_1.evtx');
const ZIRCOLITE_XML = path.join(SHARED_EVIDENCE, 'zircolite/tests/fixtures/xml_events_sample.xml');

/** A zip whose central directory claims a 3 GiB member: refused before anything is inflated. */
function zipBomb(): Uint8Array {
  const z = zipSync({ 'payload.bin': new Uint8Array(4096) });
  const view = new DataView(z.buffer, z.byteOffset, z.byteLength);
  for (let i = 0; i + 4 <= z.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 3 * 1024 ** 3, true);
  }
  return z;
}

function seededBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; out[i] = x & 0xff; }
  return out;
}

describe.skipIf(requires('corpus'))('readCase', () => {
  it('reads the valid file and reports each damaged one with its own error', async () => {
    const corrupt = new Uint8Array(200_000);
    corrupt.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]);
    corrupt.set(seededBytes(200_000 - 8, 7), 8);
    const root = tempEvidenceFolder({
      'corrupt.evtx': corrupt,
      'truncated.xml': readFileSync(ZIRCOLITE_XML, 'utf8').slice(0, 1500),
      'bomb.xml': '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Events><Event>&lol2;</Event></Events>',
      'xxe.xml': '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><Events><Event>&x;</Event></Events>',
      'bomb.zip': zipBomb(),
    });
    copyFileSync(FIREFOX, path.join(root, 'valid.evtx'));
    const events: NormalisedEvent[] = [];
    const progress: ProgressEvent[] = [];
    const scan = await readCase(root, { jobId: 't', workers: 2, onEvents: (b) => { events.push(...b); }, onProgress: (p) => progress.push(p) });
    const by = new Map(scan.evidence.map((e) => [e.path, e]));

    expect(by.get('valid.evtx')).toMatchObject({ format: 'evtx', records: 19, errors: 0 });
    expect(by.get('valid.evtx')?.error).toBeUndefined();
    expect(events.filter((e) => e.evidence === 'valid.evtx')).toHaveLength(19);

    expect(by.get('corrupt.evtx')).toMatchObject({ records: 0, error: expect.stringMatching(/no valid chunk/) });
    expect(by.get('bomb.xml')).toMatchObject({ records: 0, error: expect.stringMatching(/DTD/) });
    expect(by.get('bomb.xml')?.errorSamples[0]?.code).toBe('xml.dtd_refused');
    expect(by.get('xxe.xml')).toMatchObject({ records: 0, error: expect.stringMatching(/DTD/) });
    expect(by.get('bomb.zip')).toMatchObject({ format: 'zip', error: expect.stringMatching(/zip bomb refused/) });
    expect(by.get('bomb.zip')?.errorSamples[0]?.code).toBe('zip.bomb');
    expect([...by.keys()].filter((p) => p.startsWith('bomb.zip!/'))).toEqual([]);
    const truncated = by.get('truncated.xml')!;
    expect(truncated.errors).toBeGreaterThanOrEqual(1);
    expect(truncated.errorSamples[0]).toMatchObject({ code: 'xml.truncated', context: { path: 'truncated.xml', line: expect.any(Number) } });
    expect(truncated.records).toBe(events.filter((e) => e.evidence === 'truncated.xml').length);

    expect(scan.stats.events).toBe(events.length);
    expect(progress.some((p) => p.phase === 'hashing')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', events: events.length });
    // Per file: each file of each pass ends 'done', with its own events and errors.
    const last = new Map<string, ProgressEvent['files'][number]>();
    for (const p of progress.filter((x) => x.phase === 'reading')) for (const f of p.files) last.set(f.path, f);
    expect([...last.keys()].sort()).toEqual(['bomb.xml', 'bomb.zip', 'corrupt.evtx', 'truncated.xml', 'valid.evtx', 'xxe.xml']);
    expect([...last.values()].every((f) => f.state === 'done')).toBe(true);
    expect(last.get('valid.evtx')).toMatchObject({ events: 19, errors: 0, bytesDone: last.get('valid.evtx')!.bytesTotal });
    expect(last.get('truncated.xml')?.errors).toBeGreaterThanOrEqual(1);
    const hashed = new Set(progress.filter((x) => x.phase === 'hashing').flatMap((p) => p.files.filter((f) => f.state === 'done').map((f) => f.path)));
    expect(hashed.size).toBe(6);
  });

  it('lists archive members as files of their own and reads their events, one nested level deep', async () => {
    const evtx = new Uint8Array(readFileSync(FIREFOX));
    const xml = new Uint8Array(readFileSync(ZIRCOLITE_XML));
    const inner = zipSync({ 'deeper/inner.xml': xml });
    const root = tempEvidenceFolder({ 'collection.zip': zipSync({ 'host1/Sysmon.evtx': evtx, 'exports/events.xml': xml, 'nested.zip': inner, 'readme.txt': new TextEncoder().encode('notes') }) });
    const events: NormalisedEvent[] = [];
    const scan = await readCase(root, { jobId: 'zip', workers: 1, onEvents: (b) => { events.push(...b); } });
    const by = new Map(scan.evidence.map((e) => [e.path, e]));
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(by.get('collection.zip!/host1/Sysmon.evtx')).toMatchObject({ format: 'evtx', records: 19, errors: 0, sha256: sha(evtx), bytes: evtx.length });
    expect(by.get('collection.zip!/exports/events.xml')).toMatchObject({ format: 'xml', records: 2, sha256: sha(xml) });
    expect(by.get('collection.zip!/nested.zip')).toMatchObject({ format: 'zip', sha256: sha(inner) });
    expect(by.get('collection.zip!/nested.zip!/deeper/inner.xml')).toMatchObject({ format: 'xml', records: 2 });
    expect(by.get('collection.zip!/readme.txt')).toMatchObject({ format: 'unknown', records: null });
    expect(by.get('collection.zip')).toMatchObject({ format: 'zip', records: 23 });
    expect(events.filter((e) => e.evidence === 'collection.zip!/host1/Sysmon.evtx')).toHaveLength(19);
    expect(events).toHaveLength(23);
  });

  it('splits a large EVTX file into chunk ranges and still reads each record once', async () => {
    const root = tempEvidenceFolder({});
    copyFileSync(path.join(SHARED_EVIDENCE, 'dfir-artifact-museum/Win2012R2/StolenSzechuan/Security.evtx'), path.join(root, 'Security.evtx'));
    const ids = new Set<number>();
    let n = 0;
    const scan = await readCase(root, { jobId: 'split', workers: 2, onEvents: (b) => { for (const e of b) { n++; ids.add(e.record_id!); } } });
    expect(scan.evidence[0]).toMatchObject({ records: 8574, errors: 0 });
    expect(n).toBe(8574);
    expect(ids.size).toBe(8574);
  });
});
