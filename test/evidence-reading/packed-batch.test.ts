/**
 * The packed batch (src-main/evidence-reading/packed-batch-*.ts): decode(encode(batch)) gives
 * back every event exactly (key order, absent against undefined, -0, value types), over the
 * batches real reads make of every format, and over values the readers rarely make.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseEvidenceFile } from '../../src-main/evidence-reading/parse-file';
import { decodePackedBatch } from '../../src-main/evidence-reading/packed-batch-decode';
import { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import { INTERN_MAX_LENGTH, SAME_SYSTEM } from '../../src-main/evidence-reading/packed-batch-format';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { sniffFormat } from '../../src-main/ingest/sniff';
import type { NormalisedEvent } from '../../src-main/model/event';
import { evtxDumpArray, evtxDumpJson, evtxDumpJsonLines, nxlogJsonLines, winlogbeatJsonLines } from '../helpers/format-parity-json';
import { eventPerLine, eventViewerExport } from '../helpers/format-parity-xml';
import { exactDifference } from '../helpers/exact-difference';
import { REPO_ROOT } from '../helpers/paths';
import { tempEvidenceFolder } from '../helpers/temp-evidence';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');
const demo = (rel: string) => readFileSync(path.join(DEMO, rel));

/** One chunk of `n` records whose header claims only the first `claimed` ids: the rest are read as recovered. */
function olderGeneration(n: number, claimed: number): Uint8Array {
  const b = new EvtxWriter().addAll(sampleEvents(11, n)).toBytes();
  new DataView(b.buffer).setBigUint64(4096 + 16, BigInt(claimed), true);
  new DataView(b.buffer).setBigUint64(4096 + 32, BigInt(claimed), true);
  return b;
}

/** Every format and shape the readers take, made from the demo evidence: file name → bytes. */
function evidenceOfEveryFormat(): Record<string, string | Uint8Array> {
  const sysmon = parseEvtxBytes(demo('WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx'), { xml: true });
  const raws = sysmon.records.slice(0, 150);
  const xml = sysmon.xml.slice(0, 150);
  return {
    'security.evtx': demo('DC01/Security.evtx'),
    'sysmon.evtx': demo('WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx'),
    'export.xml': demo('WS-FIN-07/intrusion-sysmon-export.xml'),
    'viewer.xml': eventViewerExport(xml),
    'per-line.xml': eventPerLine(xml),
    'vss.evtx': olderGeneration(40, 30),
    'dump.json': evtxDumpJson(raws),
    'dump.jsonl': evtxDumpJsonLines(raws),
    'array.json': evtxDumpArray(raws),
    'nxlog.jsonl': nxlogJsonLines(raws),
    'winlogbeat.jsonl': winlogbeatJsonLines(raws),
    'hits.json': winlogbeatJsonLines(raws, true, true),
    'mixed.jsonl': readFileSync(path.join(REPO_ROOT, 'test/fixtures/json/mixed-bad-lines.jsonl')),
    'records.txt': readFileSync(path.join(REPO_ROOT, 'test/fixtures/json/evtx-dump-records.txt')),
    'archive.zip': zipSync({ 'a/sec.evtx': demo('WS-HR-02/Security.evtx'), 'b.jsonl': new TextEncoder().encode(evtxDumpJsonLines(raws)), 'old.evtx': olderGeneration(40, 30) }),
  };
}

/** The batches a worker would send for each file. */
async function batchesOf(root: string, names: string[]): Promise<Map<string, NormalisedEvent[][]>> {
  const out = new Map<string, NormalisedEvent[][]>();
  for (const name of names) {
    const absPath = path.join(root, name);
    const batches: NormalisedEvent[][] = [];
    await parseEvidenceFile({ absPath, relPath: name, format: sniffFormat(readFileSync(absPath).subarray(0, 4096)) }, {
      batch: async (b) => { batches.push(b); }, progress: () => {}, isCancelled: () => false,
    });
    out.set(name, batches);
  }
  return out;
}

function roundTrip(encoder: PackedBatchEncoder, batch: NormalisedEvent[]): NormalisedEvent[] {
  return decodePackedBatch(encoder.encode(batch).batch);
}

/** A valid event to vary. */
function baseEvent(over: Partial<NormalisedEvent> = {}): NormalisedEvent {
  return {
    evidence: 'HOST/Security.evtx', record_id: 7, dest: 'HOST', event_id: 4688, channel: 'Security',
    time: '2024-01-01T00:00:00.0000000Z', time_ms: 1704067200000, time_source: 'TimeCreated',
    time_created: '2024-01-01T00:00:00.0000000Z', utc_time: null,
    system: {
      provider_name: 'Microsoft-Windows-Security-Auditing', provider_guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', qualifiers: null,
      version: 2, level: 0, task: 13312, opcode: 0, keywords: '0x8020000000000000', user_sid: null,
      execution_process_id: 4, execution_thread_id: 7436, activity_id: null, related_activity_id: null,
    },
    data: { NewProcessName: 'C:\\Windows\\System32\\cmd.exe' },
    view: null,
    ...over,
  };
}

describe('packed batch round trip', () => {
  it('gives back every batch of every format exactly, recovered records and views included', async () => {
    const files = evidenceOfEveryFormat();
    const root = tempEvidenceFolder(files);
    const encoder = new PackedBatchEncoder(); // one for everything, as a worker has
    const byFile = await batchesOf(root, Object.keys(files));
    let events = 0;
    let recovered = 0;
    const viewKinds = new Set<string>();
    const evidence = new Set<string>();
    for (const [name, batches] of byFile) {
      expect(batches.length, name).toBeGreaterThan(0);
      for (const batch of batches) {
        const back = roundTrip(encoder, batch);
        expect(exactDifference(back, batch), name).toBeNull();
        events += batch.length;
        for (const e of batch) {
          if (e.recovered !== undefined) recovered++;
          if (e.view) viewKinds.add(e.view.kind);
          evidence.add(e.evidence);
        }
      }
    }
    // What the batches covered, so the round trip above is not vacuous.
    expect(events).toBeGreaterThan(2500);
    expect(recovered).toBe(20);
    expect([...viewKinds].sort()).toEqual(expect.arrayContaining(['filesystem', 'image_load', 'network', 'process', 'registry']));
    expect([...evidence].filter((e) => e.startsWith('archive.zip!/'))).toHaveLength(3);
  });

  it('keeps values the readers rarely make: -0, NaN, large and fractional numbers, undefined, odd keys, deep and long values', () => {
    const long = 'x'.repeat(INTERN_MAX_LENGTH + 1);
    const weird: NormalisedEvent = baseEvent({
      record_id: 2 ** 53 - 1, event_id: -0, time_ms: null, time: null, time_source: 'none', time_created: null,
      data: {
        '10': 'ten', '2': 'two', constructor: 'c', toString: '', hasOwnProperty: 'h', '': 'empty name',
        nested: { a: ['1', null, ['2', { b: '' }]], c: {} }, list: [], astral: '𝔘𝔫𝔦 \u{1F600}', lone: '\ud800x\udfff',
        long, exact: 'y'.repeat(INTERN_MAX_LENGTH), huge: 'z'.repeat(70_000),
      },
      view: { kind: 'network', direction: null, transport: 'tcp', src_ip: '::1', src_port: 65535, src_hostname: null, dest_ip: '10.0.0.1', dest_port: 0, dest_hostname: null, dest: 'HOST', user: null, process_guid: null, process_id: 2 ** 31, process_name: null, process_path: null },
    });
    const numbers = baseEvent({ record_id: 1.5, event_id: NaN, time_ms: -1e308 });
    numbers.system = { ...numbers.system, qualifiers: Infinity, version: -Infinity, level: -(2 ** 31), task: 2 ** 31 - 1, opcode: -0 };
    const withUndefined = { ...baseEvent(), data: { a: undefined, b: 'b' } } as unknown as NormalisedEvent;
    const recoveredUndefined = { ...baseEvent(), recovered: undefined } as NormalisedEvent;
    const recovered = baseEvent({ recovered: 'slack' });
    const proto = baseEvent({ data: JSON.parse('{"__proto__":{"polluted":"yes"},"x":"1"}') as NormalisedEvent['data'] });
    const batch = [weird, numbers, withUndefined, recoveredUndefined, recovered, proto, weird];
    const back = roundTrip(new PackedBatchEncoder(), batch);
    expect(exactDifference(back, batch)).toBeNull();
    // `__proto__` stays an own field, not the prototype, and nothing leaks into Object.prototype.
    expect(Object.getPrototypeOf(back[5]!.data)).toBe(Object.prototype);
    expect(Object.keys(back[5]!.data)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect('recovered' in back[3]!).toBe(true);
    expect('recovered' in back[0]!).toBe(false);
  });

  it('writes a repeated string once per batch and a long one where it occurs', () => {
    const host = 'WORKSTATION-WITH-A-LONG-NAME.corp.example';
    const cmd = `cmd.exe /c ${'A'.repeat(INTERN_MAX_LENGTH)}`;
    const batch = Array.from({ length: 50 }, (_, i) => baseEvent({ dest: host, record_id: i, data: { Computer: host, CommandLine: cmd } }));
    const { batch: packed } = new PackedBatchEncoder().encode(batch);
    expect(packed.text.split(host)).toHaveLength(2);
    expect(packed.text.split(cmd)).toHaveLength(51);
    expect(exactDifference(decodePackedBatch(packed), batch)).toBeNull();
  });

  it('sends an empty batch, and batch after batch from one encoder', () => {
    const encoder = new PackedBatchEncoder();
    expect(roundTrip(encoder, [])).toEqual([]);
    const a = [baseEvent({ data: { A: '1', B: '2' } }), baseEvent({ data: { A: '3', B: '4' } })];
    const b = [baseEvent({ data: { B: '2', A: '1' } }), baseEvent({ channel: 'Other', data: {} })];
    expect(exactDifference(roundTrip(encoder, a), a)).toBeNull();
    expect(exactDifference(roundTrip(encoder, b), b)).toBeNull();
    // Buffers are the batch's own (transferable), not views of the encoder's scratch space.
    const first = encoder.encode(a);
    const second = encoder.encode(b);
    expect(first.transfer).toEqual([first.batch.words, first.batch.floats]);
    expect(exactDifference(decodePackedBatch(first.batch), a)).toBeNull();
    expect(exactDifference(decodePackedBatch(second.batch), b)).toBeNull();
  });

  it('gives every object of a shape its own copy: changing one event changes no other', () => {
    const batch = [0, 1, 2].map((i) => baseEvent({ record_id: i, data: { A: String(i), B: { C: 'c' } } }));
    const back = decodePackedBatch(new PackedBatchEncoder().encode(batch).batch);
    back[0]!.data.A = 'changed';
    (back[1]!.data as Record<string, unknown>).extra = 'x';
    delete (back[2]!.data.B as unknown as Record<string, unknown>).C;
    const again = decodePackedBatch(new PackedBatchEncoder().encode(batch).batch);
    expect(back.map((e) => e.data.A)).toEqual(['changed', '1', '2']);
    expect(Object.keys(back[0]!.data)).toEqual(['A', 'B']);
    expect(back[0]!.data.B).toEqual({ C: 'c' });
    expect(exactDifference(again, batch)).toBeNull();
  });

  it('writes a System header like the event before\'s as one word, and decodes it to an equal header of its own', () => {
    const sys = (over: Partial<NormalisedEvent['system']>) => ({ ...baseEvent().system, ...over });
    // Compared word for word with the last header written in full: one whose strings are new to the batch is not a copy's model.
    const batch = [
      baseEvent({ record_id: 1 }), // in full, its strings new to the batch
      baseEvent({ record_id: 2 }), // in full: the same values, but as strings the batch has
      baseEvent({ record_id: 3 }), // copied
      baseEvent({ record_id: 4, system: sys({ execution_thread_id: 7 }) }), // another integer: in full
      baseEvent({ record_id: 5, system: sys({ execution_thread_id: 7 }) }), // copied
      baseEvent({ record_id: 6, system: sys({ execution_thread_id: 2 ** 32 - 1 }) }), // a float: in full
      baseEvent({ record_id: 7, system: sys({ execution_thread_id: 2 ** 32 - 1 }) }), // a float again: in full, never copied
      baseEvent({ record_id: 8, system: sys({ user_sid: 'S-1-5-21-new' }) }), // a string new to the batch: in full
      baseEvent({ record_id: 9, system: sys({ user_sid: 'S-1-5-21-new' }) }), // in full
      baseEvent({ record_id: 10, system: sys({ user_sid: 'S-1-5-21-new' }) }), // copied
    ];
    const encoder = new PackedBatchEncoder();
    const { batch: packed } = encoder.encode(batch);
    expect(new Int32Array(packed.words).filter((w) => w === SAME_SYSTEM)).toHaveLength(3);
    const back = decodePackedBatch(packed);
    expect(exactDifference(back, batch)).toBeNull();
    expect(back[1]!.system).not.toBe(back[0]!.system);
    back[0]!.system.level = 99;
    expect(back[1]!.system.level).toBe(batch[1]!.system.level);
    // A batch starts afresh: its first header is written in full, whatever the encoder wrote before.
    const three = [baseEvent(), baseEvent(), baseEvent()];
    const next = encoder.encode(three).batch;
    expect(new Int32Array(next.words).filter((w) => w === SAME_SYSTEM)).toHaveLength(1);
    expect(exactDifference(decodePackedBatch(next), three)).toBeNull();
  });

  it('refuses what it cannot carry, and values nested past its depth, with a clear error', () => {
    const encoder = new PackedBatchEncoder();
    expect(() => encoder.encode([baseEvent({ data: { f: (() => 1) as unknown as string } })])).toThrow(/function/);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(() => encoder.encode([baseEvent({ data: { deep: deep as string } })])).toThrow(/nested deeper/);
    // The encoder is still usable after a refused batch.
    const ok = [baseEvent()];
    expect(exactDifference(roundTrip(encoder, ok), ok)).toBeNull();
  });
});
