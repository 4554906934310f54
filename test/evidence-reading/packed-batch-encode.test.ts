/**
 * Events packed straight from the reader's RawEvent (packed-batch-encode.ts `addRaw`): the batch
 * is word for word, float for float and character for character the one `add` makes of
 * `normaliseEvent(raw)`, over the raw events of every reader (EVTX with every value type the
 * writer makes, recovered records, Event XML, the JSON shapes) and over raw events the readers
 * rarely or never make; and through the batcher, the events a function sink gets, whole or (content
 * `'viewed'`) without the data of those without a view, or (`'counted'`) with those counted instead.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBatcher, PackingSink } from '../../src-main/evidence-reading/event-batcher';
import { decodePackedBatch } from '../../src-main/evidence-reading/packed-batch-decode';
import { PackedBatchEncoder } from '../../src-main/evidence-reading/packed-batch-encode';
import type { PackedBatch } from '../../src-main/evidence-reading/packed-batch-format';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { readJsonEvents } from '../../src-main/ingest/json/index';
import { readEventXml } from '../../src-main/ingest/xml/index';
import type { NormalisedEvent } from '../../src-main/model/event';
import { mayHaveView, normaliseEvent, sourceOf } from '../../src-main/model/normalise';
import { emptyRawEvent, type RawEvent } from '../../src-main/model/raw-event';
import { evtxDumpJsonLines, nxlogJsonLines, winlogbeatJsonLines } from '../helpers/format-parity-json';
import { EventDataKeys } from '../../src-main/model/event-data-keys';
import { HostTally } from '../../src-main/case/host-summary';
import { MAX_TALLY_ROWS } from '../../src-main/evidence-reading/event-tally';
import { exactDifference } from '../helpers/exact-difference';
import { REPO_ROOT } from '../helpers/paths';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';

const EVIDENCE = 'HOST/System.evtx';

/** The batch `add(normaliseEvent(raw))` makes of each raw event, and the one `addRaw` makes. */
function bothWays(raws: readonly RawEvent[], evidence = EVIDENCE): { normalised: PackedBatch; raw: PackedBatch } {
  const a = new PackedBatchEncoder();
  const b = new PackedBatchEncoder();
  for (const raw of raws) {
    a.add(normaliseEvent(raw, { evidence }));
    b.addRaw(raw, evidence);
  }
  return { normalised: a.take().batch, raw: b.take().batch };
}

function expectSameBatch(x: PackedBatch, y: PackedBatch): void {
  expect(new Int32Array(x.words)).toEqual(new Int32Array(y.words));
  expect(new Float64Array(x.floats)).toEqual(new Float64Array(y.floats));
  expect(x.text).toBe(y.text);
}

/** Raw events of every reader: a written EVTX file (every value type; other channels), a demo Sysmon/Security log, its Event XML and JSON forms. */
function rawsOfEveryReader(): Record<string, RawEvent[]> {
  const written = parseEvtxBytes(new EvtxWriter().addAll(sampleEvents(7, 400)).toBytes(), { xml: true });
  const older = new EvtxWriter().addAll(sampleEvents(11, 40)).toBytes();
  new DataView(older.buffer).setBigUint64(4096 + 16, 30n, true);
  new DataView(older.buffer).setBigUint64(4096 + 32, 30n, true);
  const recovered = parseEvtxBytes(older).recovered;
  const sysmon = parseEvtxBytes(readFileSync(path.join(REPO_ROOT, 'assets/demo-evidence/WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx')), { xml: true });
  const security = parseEvtxBytes(readFileSync(path.join(REPO_ROOT, 'assets/demo-evidence/DC01/Security.evtx')));
  const mixed = [...written.records.slice(0, 150), ...sysmon.records.slice(0, 150)];
  const jsonl = (text: string) => readJsonEvents(text, { mode: 'jsonl' }).events.map((e) => e.event);
  return {
    written: written.records,
    recovered,
    'sysmon and security': [...sysmon.records.slice(0, 200), ...security.records.slice(0, 200)],
    'event xml': readEventXml(`<Events>${[...written.xml.slice(0, 150), ...sysmon.xml.slice(0, 150)].join('')}</Events>`).events.map((e) => e.event),
    'evtx_dump jsonl': jsonl(evtxDumpJsonLines(mixed)),
    'nxlog jsonl': jsonl(nxlogJsonLines(mixed)),
    'winlogbeat jsonl': jsonl(winlogbeatJsonLines(mixed)),
  };
}

function raw(over: Partial<RawEvent> = {}): RawEvent {
  return {
    ...emptyRawEvent(), EventRecordID: 1, TimeCreated: '2024-01-01T00:00:00.1234567Z', EventID: 7036, Channel: 'System', Computer: 'HOST',
    Provider: { Name: 'Service Control Manager', Guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}', EventSourceName: null },
    ...over,
  };
}

/** Raw events the readers rarely or never make: every EventData value type, odd keys, UserData, odd System values. */
function oddRaws(): RawEvent[] {
  const nested = { a: [1, null, [true, { b: -0 }]], c: {}, d: '{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}' };
  return [
    raw({ EventData: { n: 1.5, z: -0, nan: NaN, inf: -Infinity, t: true, f: false, nul: null, guid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', s: ' x ' } }),
    raw({ EventData: { '10': 'ten', '2': 'two', constructor: 'c', '': 'empty', nested, list: [], long: 'x'.repeat(2000) } }),
    raw({ EventData: JSON.parse('{"__proto__":{"polluted":"yes"},"x":1}') as RawEvent['EventData'] }),
    raw({ EventData: { u: undefined, big: 10n, sym: Symbol('s') } as unknown as RawEvent['EventData'] }),
    raw({ EventData: Object.assign(Object.create({ inherited: 'i' }) as object, { own: 'o' }) as RawEvent['EventData'] }),
    raw({ EventData: Object.assign(Object.create(null) as object, { bare: 'b' }) as RawEvent['EventData'] }),
    raw({ EventData: {} }),
    raw({ UserData: { Root: { '#attributes': { xmlns: 'urn:x' }, Field: 'v', N: 3 } } }),
    raw({ UserData: { ServiceShutdown: '' } }),
    raw({ UserData: { A: { x: '1' }, B: { y: '2' } } }),
    raw({ recovered: 'slack', Keywords: '-9223372036854775808', Qualifiers: 16384, Level: 4, Task: 0, Opcode: 0, Version: 2 }),
    raw({ TimeCreated: null, Computer: '   ', Keywords: '0X80', Security: { UserID: '' } }),
    raw({ TimeCreated: '2024-02-29 23:59:59.5', Keywords: 'not hex', Security: { UserID: 'S-1-5-18' } }),
    raw({ TimeCreated: '2024-01-01T01:00:00+01:00', Computer: null, Provider: { Name: null, Guid: 'not a guid', EventSourceName: null } }),
    raw({ TimeCreated: 'yesterday', EventRecordID: 2 ** 53 - 1, EventID: null, Channel: null }),
    raw({ Execution: { ProcessID: 4, ThreadID: 2 ** 31 }, Correlation: { ActivityID: '{11111111-2222-3333-4444-555555555555}', RelatedActivityID: 'x' } }),
    raw({ Provider: { Name: 'Microsoft-Windows-Sysmon', Guid: null, EventSourceName: null }, EventID: 1, EventData: { UtcTime: '2024-01-01 00:00:00.123', Image: 'C:\\a.exe', ProcessGuid: '{1-2}' } }),
    raw({ Channel: 'Security', EventID: 4688, EventData: { NewProcessName: 'C:\\b.exe', NewProcessId: '0x10' } }),
  ];
}

describe('events packed from the raw event', () => {
  it('make the batch normalising first makes, for the raw events of every reader', () => {
    let events = 0;
    for (const [name, raws] of Object.entries(rawsOfEveryReader())) {
      expect(raws.length, name).toBeGreaterThanOrEqual(10);
      const { normalised, raw: direct } = bothWays(raws);
      expectSameBatch(direct, normalised);
      expect(exactDifference(decodePackedBatch(direct), raws.map((r) => normaliseEvent(r, { evidence: EVIDENCE }))), name).toBeNull();
      events += raws.length;
    }
    expect(events).toBeGreaterThan(1500);
  });

  it('make the same batch for raw events the readers rarely make, in any order', () => {
    const raws = oddRaws();
    expectSameBatch(bothWays(raws).raw, bothWays(raws).normalised);
    const reversed = [...raws].reverse();
    expectSameBatch(bothWays(reversed).raw, bothWays(reversed).normalised);
    const back = decodePackedBatch(bothWays(raws).raw);
    expect(Object.keys(back[2]!.data)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(back[0]!.data).toEqual({ n: '1.5', z: '0', nan: '', inf: '', t: 'true', f: 'false', nul: '', guid: '{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}', s: ' x ' });
    expect(back[4]!.data).toEqual({ own: 'o', inherited: 'i' });
    expect(back[10]!.recovered).toBe('slack');
  });

  it('refuse a value nested too deep as add does, and leave the batch as it was', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i++) deep = [deep];
    const bad = raw({ EventData: { deep: deep as string } });
    const good = oddRaws();
    const a = new PackedBatchEncoder();
    const b = new PackedBatchEncoder();
    a.addRaw(good[0]!, EVIDENCE);
    b.addRaw(good[0]!, EVIDENCE);
    expect(() => a.addRaw(bad, EVIDENCE)).toThrow(/nested deeper/);
    for (const r of good) { a.addRaw(r, EVIDENCE); b.addRaw(r, EVIDENCE); }
    const withRefused = decodePackedBatch(a.take().batch);
    expect(withRefused).toHaveLength(good.length + 1);
    expect(exactDifference(withRefused, decodePackedBatch(b.take().batch))).toBeNull();
  });

  it('reach a packing sink as the events a function sink gets, batch by batch', async () => {
    const raws = [...rawsOfEveryReader().written, ...oddRaws()];
    const packed: NormalisedEvent[][] = [];
    const plain: NormalisedEvent[][] = [];
    const toPacked = new EventBatcher(new PackingSink(async (batch) => { packed.push(decodePackedBatch(batch)); }), 64);
    const toPlain = new EventBatcher(async (b) => { plain.push(b); }, 64);
    for (const r of raws) {
      await toPacked.addRaw(r, EVIDENCE);
      await toPlain.addRaw(r, EVIDENCE);
    }
    await toPacked.flush();
    await toPlain.flush();
    expect(packed.length).toBeGreaterThan(5);
    expect(packed.map((b) => b.length)).toEqual(plain.map((b) => b.length));
    expect(exactDifference(packed, plain)).toBeNull();
    expect(toPacked.count).toBe(raws.length);
  });

  it('pack a Security event of an EventID no view is built for, its data left out, without its fields: the words of its normalised event with data {}', () => {
    const log = parseEvtxBytes(readFileSync(path.join(REPO_ROOT, 'assets/demo-evidence/DC01/Security.evtx'))).records;
    const jsonl = (text: string) => readJsonEvents(text, { mode: 'jsonl' }).events.map((e) => e.event);
    // the log as read from EVTX and from its JSON forms (other raw shapes of the same events)
    const security = [...log, ...jsonl(evtxDumpJsonLines(log)), ...jsonl(nxlogJsonLines(log)), ...jsonl(winlogbeatJsonLines(log))];
    const viewIds = new Set([4657, 4663, 4688, 4689]);
    const without = security.filter((r) => !viewIds.has(r.EventID!));
    expect(without.length).toBeGreaterThan(20);
    expect(security.length - without.length).toBeGreaterThan(5);
    for (const raw of security) expect(mayHaveView(sourceOf(raw), raw.EventID)).toBe(viewIds.has(raw.EventID!));
    const a = new PackedBatchEncoder();
    const b = new PackedBatchEncoder();
    for (const raw of security) {
      const e = normaliseEvent(raw, { evidence: EVIDENCE });
      if (e.view === null) e.data = {};
      a.add(e);
      b.addRaw(raw, EVIDENCE, true);
    }
    expectSameBatch(a.take().batch, b.take().batch);
  });

  it('leave out the data of events without a view for content "viewed", alike through a packing and a function sink', async () => {
    const raws = [...Object.values(rawsOfEveryReader()).flat(), ...oddRaws()];
    const packed: NormalisedEvent[] = [];
    const plain: NormalisedEvent[] = [];
    const toPacked = new EventBatcher(new PackingSink(async (batch) => { packed.push(...decodePackedBatch(batch)); }), 64, 'viewed');
    const toPlain = new EventBatcher(async (b) => { plain.push(...b); }, 64, 'viewed');
    for (const r of raws) {
      await toPacked.addRaw(r, EVIDENCE);
      await toPlain.addRaw(r, EVIDENCE);
    }
    await toPacked.flush();
    await toPlain.flush();
    const whole = raws.map((r) => normaliseEvent(r, { evidence: EVIDENCE }));
    const expected = whole.map((e) => (e.view === null ? { ...e, data: {} } : e));
    expect(whole.filter((e) => e.view === null && Object.keys(e.data).length > 0).length).toBeGreaterThan(500);
    expect(whole.filter((e) => e.view !== null).length).toBeGreaterThan(100);
    expect(exactDifference(packed, expected)).toBeNull();
    expect(exactDifference(plain, expected)).toBeNull();
  });

  it('count instead of sending the view-less events the data keys do not want and send the rest without unwanted data for content "counted", alike through a packing and a function sink', async () => {
    const raws = [...Object.values(rawsOfEveryReader()).flat(), ...oddRaws()];
    const whole = raws.map((r) => normaliseEvent(r, { evidence: EVIDENCE }));
    const viewless = whole.filter((e) => e.view === null && e.channel !== null && e.event_id !== null);
    const dataKeys = [`${viewless[0]!.channel!.toLowerCase()}|${viewless[0]!.event_id}`];
    const keep = new EventDataKeys(dataKeys);
    for (const keys of [undefined, dataKeys]) {
      const packed: NormalisedEvent[] = [];
      const plain: NormalisedEvent[] = [];
      const packedTally = new HostTally();
      const plainTally = new HostTally();
      const toPacked = new EventBatcher(new PackingSink(async (batch) => { packed.push(...decodePackedBatch(batch)); if (batch.tally) packedTally.addTally(batch.tally); }), 64, 'counted', keys);
      const toPlain = new EventBatcher(async (batch, tally) => { plain.push(...batch); if (tally) plainTally.addTally(tally); }, 64, 'counted', keys);
      for (const r of raws) {
        await toPacked.addRaw(r, EVIDENCE);
        await toPlain.addRaw(r, EVIDENCE);
      }
      await toPacked.flush();
      await toPlain.flush();
      const wanted = (e: NormalisedEvent) => keys !== undefined && keep.wants(e.channel, e.event_id);
      const sent = (e: NormalisedEvent) => e.view !== null || wanted(e);
      // the events with a view or wanted data are sent, a view's without its data unless wanted
      const expected = whole.filter(sent).map((e) => (wanted(e) ? e : { ...e, data: {} }));
      expect(expected.filter((e) => e.view !== null).length).toBeGreaterThan(100);
      expect(whole.length - expected.length).toBeGreaterThan(500);
      if (keys) expect(expected.filter((e) => e.view === null && Object.keys(e.data).length > 0).length).toBeGreaterThan(2);
      expect(exactDifference(packed, expected)).toBeNull();
      expect(exactDifference(plain, expected)).toBeNull();
      // what was counted is what the host tally makes of the events left out
      const ref = new HostTally();
      ref.add(whole.filter((e) => !sent(e)));
      expect(packedTally.result()).toEqual(ref.result());
      expect(plainTally.result()).toEqual(ref.result());
      expect([toPacked.count, toPlain.count]).toEqual([raws.length, raws.length]);
    }
  });

  it('send the tally once it holds MAX_TALLY_ROWS hosts and channels, and a batch with only a tally', async () => {
    const tallies: number[] = [];
    const events: number[] = [];
    const batcher = new EventBatcher(new PackingSink(async (batch) => { events.push(decodePackedBatch(batch).length); tallies.push(batch.tally?.length ?? 0); }), 64, 'counted');
    const n = MAX_TALLY_ROWS * 2 + 10;
    for (let i = 0; i < n; i++) await batcher.addRaw(raw({ Computer: `HOST-${i}`, EventRecordID: i + 1 }), EVIDENCE);
    await batcher.flush();
    expect(tallies).toEqual([MAX_TALLY_ROWS, MAX_TALLY_ROWS, 10]);
    expect(events).toEqual([0, 0, 0]);
    expect(batcher.count).toBe(n);
  });

  it('keep the data of the view-less events the data keys want for content "viewed", alike through a packing and a function sink', async () => {
    const raws = [...Object.values(rawsOfEveryReader()).flat(), ...oddRaws()];
    const whole = raws.map((r) => normaliseEvent(r, { evidence: EVIDENCE }));
    // the keys of the first view-less event's channel and EventID, one channel's any EventID, and one EventID on any channel
    const viewless = whole.filter((e) => e.view === null && e.channel !== null && e.event_id !== null && Object.keys(e.data).length > 0);
    const [a, b, c] = [viewless[0]!, viewless.find((e) => e.channel !== viewless[0]!.channel)!, viewless.at(-1)!];
    const dataKeys = [`${a.channel!.toLowerCase()}|${a.event_id}`, `${b.channel!.toLowerCase()}|*`, `*|${c.event_id}`];
    const keep = new EventDataKeys(dataKeys);
    const packed: NormalisedEvent[] = [];
    const plain: NormalisedEvent[] = [];
    const toPacked = new EventBatcher(new PackingSink(async (batch) => { packed.push(...decodePackedBatch(batch)); }), 64, 'viewed', dataKeys);
    const toPlain = new EventBatcher(async (batch) => { plain.push(...batch); }, 64, 'viewed', dataKeys);
    for (const r of raws) {
      await toPacked.addRaw(r, EVIDENCE);
      await toPlain.addRaw(r, EVIDENCE);
    }
    await toPacked.flush();
    await toPlain.flush();
    const expected = whole.map((e) => (e.view === null && !keep.wants(e.channel, e.event_id) ? { ...e, data: {} } : e));
    const kept = expected.filter((e) => e.view === null && Object.keys(e.data).length > 0).length;
    expect(kept).toBeGreaterThan(2);
    expect(kept).toBeLessThan(viewless.length);
    expect(exactDifference(packed, expected)).toBeNull();
    expect(exactDifference(plain, expected)).toBeNull();
  });
});
