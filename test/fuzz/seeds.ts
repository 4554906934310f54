/**
 * Fuzz seeds per format, loaded once per process: the real samples in the shared corpus (read in
 * place, never copied), the crafted fixtures in `test/fixtures/`, and small files generated here
 * where a format has few samples (an EVTX file from the test writer; Event XML and JSON lines
 * rendered from EVTX records; zip archives built with fflate around the other seeds). Without
 * the corpus the generated and fixture seeds still give every format something to mutate.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inflate, zipSync } from 'fflate';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { EvtxWriter } from '../tools/evtx-writer/index';
import { sampleEvents } from '../tools/evtx-writer/sample-events';
import { REPO_ROOT, SHARED_EVIDENCE } from '../helpers/paths';

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

/** Small, varied EVTX seeds: Security, Sysmon, System, damaged, forwarded, nested BinXML. */
const EVTX_SEED_FILES = [
  'chainsaw/tests/evtx/security_sample.evtx',
  'evtx-attack-samples/AutomatedTestingTools/Malware/rundll32_cmd_schtask.evtx',
  'omerbenamram-evtx/samples/Application_no_crc32.evtx',
  'omerbenamram-evtx/samples/issue_201.evtx',
  'omerbenamram-evtx/samples/Microsoft-Windows-LanguagePackSetup%4Operational.evtx',
  'python-evtx/tests/data/dns_log_malformed.evtx',
  'omerbenamram-evtx/samples/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx',
  'omerbenamram-evtx/samples/sample-with-zero-data-size-event.evtx',
];
const XML_CORPUS = ['zircolite/tests/fixtures/xml_events_sample.xml'];
const JSON_CORPUS = [
  'zircolite/tests/fixtures/winlogbeat_sysmon_sample.json',
  'sigmahq-sigma/regression_data/rules/windows/registry/registry_set/registry_set_persistence_com_key_linking/9b0f8a61-91b2-464f-aceb-0527e0a45020.json',
];
const OTRF_ZIP = 'otrf-security-datasets/datasets/atomic/windows/lateral_movement/host/covenant_dcom_executeexcel4macro_allowed.zip';

/** EVTX seeds keep the header and at most three chunk slots, so each case stays small. */
const EVTX_SEED_BYTES = 4096 + 3 * 65536;
/** Text seeds cut from larger samples keep this many bytes (at a line end). */
const TEXT_SEED_BYTES = 96 * 1024;

function corpusFile(rel: string, max = Infinity): Seed | null {
  const p = join(SHARED_EVIDENCE, rel);
  if (!existsSync(p)) return null;
  const b = readFileSync(p);
  return { name: rel, bytes: new Uint8Array(b.subarray(0, Math.min(b.length, max))) };
}

function fixtures(dir: string): Seed[] {
  const d = join(REPO_ROOT, 'test/fixtures', dir);
  return readdirSync(d).filter((f) => f !== 'README.md').sort().map((f) => ({ name: `fixtures/${dir}/${f}`, bytes: new Uint8Array(readFileSync(join(d, f))) }));
}

/** Cuts text bytes at the last newline before `max`. */
function cutAtLine(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  const nl = bytes.lastIndexOf(0x0a, max);
  return bytes.subarray(0, nl > 0 ? nl + 1 : max);
}

/** The first `max` bytes of the first member of a zip (deflated), without inflating the rest. */
function inflateHead(zip: Uint8Array, max: number): Uint8Array {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (zip.length < 30 || v.getUint32(0, true) !== 0x04034b50 || v.getUint16(8, true) !== 8) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let got = 0;
  const inflater = new Inflate((chunk) => { parts.push(chunk); got += chunk.length; });
  for (let at = 30 + v.getUint16(26, true) + v.getUint16(28, true); at < zip.length && got < max; at += 16 * 1024) inflater.push(zip.subarray(at, at + 16 * 1024));
  const out = new Uint8Array(got);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out.subarray(0, Math.min(max, got));
}

let cache: Record<'evtx' | 'xml' | 'json' | 'zip', Seed[]> | null = null;

function generatedEvtx(): Seed {
  const bytes = new EvtxWriter({ dirty: true }).addAll(sampleEvents(7, 400, 6)).toBytes();
  return { name: 'generated/writer-400-events.evtx', bytes: bytes.subarray(0, Math.min(bytes.length, EVTX_SEED_BYTES)) };
}

function renderedText(evtx: Seed[]): { xml: Seed[]; json: Seed[] } {
  const xml: Seed[] = [];
  const json: Seed[] = [];
  for (const s of evtx.slice(0, 4)) {
    let r;
    try {
      r = parseEvtxBytes(s.bytes, { xml: true });
    } catch {
      continue;
    }
    const events = r.xml.slice(0, 60);
    const enc = new TextEncoder();
    xml.push({ name: `rendered-xml(${s.name})`, bytes: enc.encode(`<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${events.join('\n')}\n</Events>\n`) });
    xml.push({ name: `rendered-xml-lines(${s.name})`, bytes: enc.encode(events.map((e) => e.replace(/\n\s*/g, '')).join('\n')) });
    const records = r.records.slice(0, 60);
    json.push({ name: `rendered-jsonl(${s.name})`, bytes: enc.encode(records.map((e) => JSON.stringify(e)).join('\n') + '\n') });
    json.push({ name: `rendered-json-array(${s.name})`, bytes: enc.encode(JSON.stringify(records.slice(0, 20), null, 1)) });
  }
  return { xml, json };
}

function zipSeeds(evtx: Seed[], xml: Seed[], json: Seed[]): Seed[] {
  const pick = (s: Seed | undefined, n: number) => (s ? s.bytes.subarray(0, n) : new Uint8Array(0));
  const members: Record<string, Uint8Array> = {
    'logs/Security.evtx': pick(evtx[0], 4096 + 65536),
    'logs/events.xml': pick(xml[0], 32 * 1024),
    'logs/events.jsonl': pick(json.find((s) => s.name.includes('jsonl')), 32 * 1024),
    'notes.txt': new TextEncoder().encode('not evidence\n'),
  };
  const inner = zipSync({ 'inner/events.json': pick(json[0], 16 * 1024), 'inner/System.evtx': pick(evtx.at(-1), 4096 + 65536) });
  const out: Seed[] = [
    { name: 'generated/mixed.zip', bytes: zipSync(members, { level: 6 }) },
    { name: 'generated/stored.zip', bytes: zipSync({ 'a.xml': members['logs/events.xml']!, 'b.jsonl': members['logs/events.jsonl']! }, { level: 0 }) },
    { name: 'generated/nested.zip', bytes: zipSync({ 'outer.jsonl': members['logs/events.jsonl']!, 'inner.zip': inner }, { level: 6 }) },
    { name: 'generated/empty.zip', bytes: zipSync({}) },
  ];
  return out;
}

/** The seeds of each format (cached per process). */
export function seeds(): Record<'evtx' | 'xml' | 'json' | 'zip', Seed[]> {
  if (cache) return cache;
  const evtx: Seed[] = [generatedEvtx()];
  for (const f of EVTX_SEED_FILES) {
    const s = corpusFile(f, EVTX_SEED_BYTES);
    if (s) evtx.push(s);
  }
  const rendered = renderedText(evtx);
  const xml = [...fixtures('xml'), ...rendered.xml];
  for (const f of XML_CORPUS) {
    const s = corpusFile(f);
    if (s) xml.push(s);
  }
  const json = [...fixtures('json'), ...rendered.json];
  for (const f of JSON_CORPUS) {
    const s = corpusFile(f);
    if (s) json.push({ name: s.name, bytes: cutAtLine(s.bytes, TEXT_SEED_BYTES) });
  }
  const otrf = corpusFile(OTRF_ZIP);
  if (otrf) {
    // the first lines of the real OTRF member as a JSON lines seed; the archive itself as a zip seed
    const member = inflateHead(otrf.bytes, TEXT_SEED_BYTES + 64 * 1024);
    if (member.length) json.push({ name: `${OTRF_ZIP}!/member (head)`, bytes: cutAtLine(member, TEXT_SEED_BYTES) });
  }
  const zip = zipSeeds(evtx, xml, json);
  if (otrf) zip.push(otrf);
  cache = { evtx, xml, json, zip };
  return cache;
}
