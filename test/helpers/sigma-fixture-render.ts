/**
 * A generated Sigma fixture (test/helpers/sigma-fixture-synth.ts) as the evidence a responder
 * would hand us, read back through the project's real readers and normaliser: Event XML text
 * (the XML reader, as for a `wevtutil` export), evtx_dump JSON (the JSON reader) and binary EVTX
 * (written by the test EVTX writer, test/tools/evtx-writer/, read by the EVTX parser). A Security
 * copy of a Sysmon category (4688, 4657) is rendered through the inverse of its field mapping
 * (`assets/sigma/field-mappings.json`: `Image` → `NewProcessName`, `TargetObject` → `ObjectName`
 * + `ObjectValueName` with the `\REGISTRY\…` spelling, `EventType` → `OperationType`).
 */
import fieldMappingsJson from '../../assets/sigma/field-mappings.json';
import type { LogsourceVariant } from '../../src-main/detect/sigma/logsource';
import type { FieldMappingSpec } from '../../src-main/detect/sigma/field-mapping';
import { readEventXml } from '../../src-main/ingest/xml/index';
import { readJsonEvents } from '../../src-main/ingest/json/index';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { EvtxWriter, str } from '../tools/evtx-writer/index';
import type { WrittenEvent } from '../tools/evtx-writer/index';
import { normaliseEvent } from '../../src-main/model/index';
import type { NormalisedEvent } from '../../src-main/model/index';
import type { FieldMap } from './sigma-fixture-values';

const SYSTEM = new Set(['eventid', 'channel', 'computer', 'provider_name']);
const TIME = '2026-08-05T10:00:00.000000Z';

/** Characters XML 1.0 cannot carry, even as references. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function esc(s: string): string {
  return s.replace(/[&<>"'\r]/g, (c) => (c === '\r' ? '&#13;' : `&#${c.charCodeAt(0)};`));
}

function sys(fields: FieldMap, name: string): string {
  return fields.get(name)!.value;
}

function dataOf(fields: FieldMap): [string, string][] {
  return [...fields].filter(([k]) => !SYSTEM.has(k)).map(([, f]) => [f.name, f.value]);
}

/** The fixture as one Event XML element, or null when a value holds a character XML cannot carry. */
export function eventXml(fields: FieldMap, recordId: number): string | null {
  if ([...fields.values()].some((f) => NOT_XML.test(f.value) || NOT_XML.test(f.name))) return null;
  const data = dataOf(fields).map(([n, v]) => (n === 'Data' ? `<Data>${esc(v)}</Data>` : `<Data Name="${esc(n)}">${esc(v)}</Data>`)).join('');
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${esc(sys(fields, 'provider_name'))}"/>`
    + `<EventID>${sys(fields, 'eventid')}</EventID><TimeCreated SystemTime="${TIME}"/><EventRecordID>${recordId}</EventRecordID>`
    + `<Channel>${esc(sys(fields, 'channel'))}</Channel><Computer>${esc(sys(fields, 'computer'))}</Computer></System>`
    + `<EventData>${data}</EventData></Event>`;
}

/** The fixture as one evtx_dump JSON record (one line). */
export function evtxDumpJson(fields: FieldMap, recordId: number): string {
  const data: Record<string, string> = {};
  for (const [n, v] of dataOf(fields)) data[n] = v;
  return JSON.stringify({
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: sys(fields, 'provider_name') } },
        EventID: Number(sys(fields, 'eventid')),
        TimeCreated: { '#attributes': { SystemTime: TIME } },
        EventRecordID: recordId,
        Channel: sys(fields, 'channel'),
        Computer: sys(fields, 'computer'),
      },
      EventData: data,
    },
  });
}

/** Reads Event XML text with the XML reader: the normalised events, or the first problem. */
export function readXmlFixture(text: string): NormalisedEvent[] | string {
  const r = readEventXml(text, { path: 'fixture.xml' });
  const problem = r.issues.find((i) => i.severity !== 'warning') ?? r.events.flatMap((e) => e.issues)[0];
  if (problem) return problem.message;
  return r.events.map((e) => normaliseEvent(e.event, { evidence: 'fixture.xml' }));
}

/** Reads JSON lines with the JSON reader: the normalised events, or the first problem. */
export function readJsonFixture(text: string): NormalisedEvent[] | string {
  const r = readJsonEvents(text, { path: 'fixture.json' });
  const problem = r.issues.find((i) => i.severity !== 'warning') ?? r.events.flatMap((e) => e.issues)[0];
  if (problem) return problem.message;
  return r.events.map((e) => normaliseEvent(e.event, { evidence: 'fixture.json' }));
}

/** 2026-08-05T10:00:00Z as a FILETIME (100 ns since 1601). */
const FILETIME = (BigInt(Date.parse(TIME.replace(/\.\d+Z$/, 'Z'))) + 11_644_473_600_000n) * 10_000n;

/**
 * The fixture as the EVTX writer's event. The System header always has a Level, which rules read
 * when EventData has none (`Level: 4` filters): the fixture's own `Level` when it has a number
 * there, else 0 (LogAlways, which no bundled rule names), so all three renderings agree.
 */
function writtenEvent(fields: FieldMap): WrittenEvent {
  const level = fields.get('level')?.value;
  return {
    provider: { name: sys(fields, 'provider_name') }, eventId: Number(sys(fields, 'eventid')), version: 0,
    level: level !== undefined && /^\d{1,3}$/.test(level) && Number(level) < 256 ? Number(level) : 0, task: 0, opcode: 0, keywords: 0n,
    timeCreated: FILETIME, processId: 4, threadId: 8, channel: sys(fields, 'channel'), computer: sys(fields, 'computer'),
    data: dataOf(fields).map(([name, value]) => ({ name, value: str(value) })),
  };
}

/**
 * The fixtures as one binary EVTX file (record ids 1, 2, … in order), parsed by the EVTX parser:
 * the normalised event of each, in order, or the parser's first problem.
 */
export function readEvtxFixtures(list: FieldMap[]): NormalisedEvent[] | string {
  const bytes = new EvtxWriter({ firstRecordId: 1 }).addAll(list.map(writtenEvent)).toBytes();
  const r = parseEvtxBytes(bytes);
  if (r.summary.chunkErrors.length) return `EVTX: ${JSON.stringify(r.summary.chunkErrors[0])}`;
  if (r.records.length !== list.length) return `EVTX: ${r.records.length} records read of ${list.length}`;
  return r.records.map((e) => normaliseEvent(e, { evidence: 'fixture.evtx' }));
}

const mappings = fieldMappingsJson as unknown as {
  variants: Record<string, { fields: Record<string, FieldMappingSpec>; available: string[] }>;
  registry_prefixes: [string, string][];
};

/** The mapping data's `available` fields of a variant (null: the variant has no such list). */
export function availableFields(variant: LogsourceVariant): string[] | null {
  return variant.mapping?.available ?? null;
}

/** `HKLM\…` as the Security log spells it (`\REGISTRY\MACHINE\…`), the longest prefix first. */
function kernelPath(path: string): string {
  const byLength = [...mappings.registry_prefixes].sort((a, b) => b[1].length - a[1].length || b[0].length - a[0].length);
  for (const [kernel, short] of byLength) {
    if (path.toLowerCase() === short.toLowerCase() || path.toLowerCase().startsWith(short.toLowerCase() + '\\')) return kernel + path.slice(short.length);
  }
  return path;
}

/**
 * The positive as the Security event of a mapped variant (4688, 4657): mapped fields renamed or
 * split back into their sources, every other field kept under its Sysmon name (a copy that needs a
 * Sysmon-only field must be skipped by the engine, not matched because the field is there).
 */
export function mappedFixture(positive: FieldMap, variant: LogsourceVariant): FieldMap {
  const spec = variant.mapping!.fields;
  const out: FieldMap = new Map();
  const put = (name: string, value: string): void => void out.set(name.toLowerCase(), { name, value });
  for (const [k, f] of positive) {
    const m = Object.entries(spec).find(([sigma]) => sigma.toLowerCase() === k)?.[1];
    if (SYSTEM.has(k) || m === undefined) put(f.name, f.value);
    else if (typeof m === 'string') put(m, f.value);
    else if ('registry_path' in m) {
      const cut = f.value.lastIndexOf('\\');
      put(m.registry_path[0], kernelPath(cut < 0 ? f.value : f.value.slice(0, cut)));
      if (cut >= 0) put(m.registry_path[1], f.value.slice(cut + 1));
    } else {
      const allowed = variant.conditions[m.from]?.map((x) => x.toLowerCase());
      const from = Object.entries(m.values).find(([raw, v]) => v.toLowerCase() === f.value.toLowerCase() && (!allowed || allowed.includes(raw.toLowerCase())));
      put(m.from, from ? from[0] : f.value);
    }
  }
  for (const [field, vals] of Object.entries(variant.conditions)) if (!out.has(field.toLowerCase())) put(field, vals[0]!);
  put('EventID', String(variant.eventIds?.[0] ?? positive.get('eventid')!.value));
  put('Channel', variant.channels?.[0] ?? positive.get('channel')!.value);
  put('Provider_Name', 'Microsoft-Windows-Security-Auditing');
  return out;
}
