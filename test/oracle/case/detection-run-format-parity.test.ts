/**
 * Format parity (issue 18, "Where rules meet events"): a rule matches the event's own field names
 * whatever format the event came from. Real .evtx files of the shared corpus (Sysmon and Security
 * logs with findings) are converted at test time, in a temp folder, into every text format the
 * readers take: Event XML from the independent oracle `evtxexport -f xml` (libevtx) as an Event
 * Viewer export (UTF-8 BOM, `<Events>`, `<RenderingInfo>`, CRLF), as a wevtutil-style UTF-16LE
 * export with namespace-prefixed elements, and one event per line; then, from the events of that
 * libevtx XML (read by our XML reader, whose parity the XML forms prove), evtx_dump JSON (`Record N`
 * + pretty records, JSON lines, one JSON array), flat NXLog JSON and Winlogbeat/ECS JSON with the
 * Sysmon module's renames applied (also as Elasticsearch hits). Our EVTX parser never feeds a form.
 *
 * Each form is triaged through the case layer (`triageCase`) with the built-in rules and the whole
 * bundled SigmaHQ set at level informational, and its findings must equal the .evtx's: the same
 * Sigma rules per host (host names compare case-insensitively, as the joins do), the same counts,
 * the same matched record ids per file; the same built-in findings. A difference is either fixed in
 * a reader or the model, or pinned below with the property of the format that loses the data.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triageCase, type TriageRun } from '../../../src-main/case/detection-run';
import { DEFAULT_SIGMA_LOADER, loadTriageRules, type TriageRules } from '../../../src-main/case/triage-rules';
import { WorkerPool } from '../../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../../src-main/evidence-reading/worker-script';
import { readEventXml } from '../../../src-main/ingest/xml/index';
import type { NormalisedEvent } from '../../../src-main/model/event';
import type { RawEvent } from '../../../src-main/model/raw-event';
import { evidencePath } from '../../ingest/evtx/helpers';
import { evtxDumpArray, evtxDumpJson, evtxDumpJsonLines, nxlogJsonLines, winlogbeatJsonLines } from '../../helpers/format-parity-json';
import { eventPerLine, eventViewerExport, utf16PrefixedExport } from '../../helpers/format-parity-xml';
import { requires } from '../../helpers/requires';

/** Sysmon and Security logs with findings at level informational (SOURCES.md). */
const FILES = [
  'evtx-attack-samples/Persistence/persist_firefox_comhijack_sysmon_11_13_7_1.evtx',
  'evtx-attack-samples/AutomatedTestingTools/Malware/rundll32_cmd_schtask.evtx',
  'evtx-attack-samples/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx',
  'evtx-attack-samples/Lateral Movement/wmi_remote_registry_sysmon.evtx',
  'omerbenamram-evtx/samples/sysmon.evtx',
  'omerbenamram-evtx/samples/security.evtx',
  'chainsaw/tests/evtx/security_sample.evtx',
  'deepbluecli/evtx/smb-password-guessing-security.evtx',
  'dfir-artifact-museum/Win10/APTSimulatorVM/Microsoft-Windows-Sysmon%4Operational.evtx',
];

interface Source { rel: string; blocks: string[]; events: RawEvent[] }

/**
 * `evtxexport -f xml -m all` (allocated and recovered records, as our triage reads them): the
 * Event XML blocks, in order. Cached under the OS temp dir by path, size and mtime, as the
 * differential test caches its peers.
 */
function evtxexportXml(file: string): Promise<string[]> {
  const st = statSync(file);
  const key = createHash('sha1').update(`evtxexport -f xml -m all\0${file}\0${st.size}\0${st.mtimeMs}`).digest('hex');
  const cached = path.join(os.tmpdir(), 'evtx-triage-oracle', `format-parity-${key}.xml`);
  const blocks = (xml: string) => xml.match(/<Event[ >][\s\S]*?<\/Event>/g) ?? [];
  if (existsSync(cached)) return Promise.resolve(blocks(readFileSync(cached, 'utf8')));
  return new Promise((resolve, reject) => {
    execFile('evtxexport', ['-f', 'xml', '-m', 'all', file], { maxBuffer: 1 << 30, encoding: 'utf8' }, (err, stdout) => {
      if (err) return reject(err);
      mkdirSync(path.dirname(cached), { recursive: true });
      writeFileSync(`${cached}.${process.pid}`, stdout);
      renameSync(`${cached}.${process.pid}`, cached);
      resolve(blocks(stdout));
    });
  });
}

/**
 * libevtx's presentation of two value types, made that of our EVTX reader, so that the forms hold
 * the values the .evtx does:
 * - HexInt32/HexInt64 zero-padded (`0x00000000000003e7`, `0x00001000`), where Windows (Event
 *   Viewer, wevtutil, Sysmon's own rendering, and so every SigmaHQ rule: `LogonId: '0x3e7'`)
 *   writes `0x3e7`. A text value of exactly that width with a leading zero is taken for one (the
 *   differential test's compare makes the same allowance).
 * - FILETIME/SYSTEMTIME values with nine fractional digits (`…31.245000000Z`, as Windows 10
 *   writes them) where our reader writes the seven the type holds (as python-evtx and the Rust
 *   crate). Only TimeCreated is normalised by the model; no rule compares these values.
 */
function libevtxPresentation(blocks: string[]): string[] {
  return blocks.map((b) => b
    .replace(/>0x0([0-9a-fA-F]{7}|[0-9a-fA-F]{15})</g, (_m, rest: string) => `>0x${rest.replace(/^0+(?=.)/, '')}<`)
    .replace(/>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7})00Z</g, '>$1Z<'));
}

/** The sources under 1.5 MB (Sysmon and Security): enough for the forms that only change the framing. */
const SMALL_BYTES = 1_500_000;

/** A junk line and a record cut short: damage a JSON-lines reader must count and read past. */
const DAMAGE_LINES = 2;
function damaged(lines: string): string {
  const nl = lines.indexOf('\n') + 1;
  return `\uFEFF${lines.slice(0, nl)}\u0000\u0001 not json {\n${lines.slice(nl)}{"EventID": 4688, "Channel": "Secu`;
}

/** The host as another collector spells it (upper case). */
function upperHost(block: string): string {
  return block.replace(/<Computer>([^<]*)<\/Computer>/, (_m, h: string) => `<Computer>${h.toUpperCase()}</Computer>`);
}

interface Form {
  ext: string;
  make: (s: Source) => string | Uint8Array;
  /** Only the sources under SMALL_BYTES (the framing variants), compared with the .evtx of those. */
  small?: boolean;
  /** Errors each file must count (the damage the form adds). */
  errors?: number;
  /** The format keeps times to the millisecond (NXLog's and Winlogbeat's `@timestamp`): times compare to the millisecond. */
  msTimes?: boolean;
}

/** Each form: its file extension, its bytes from one source file, which sources. */
const FORMS: Record<string, Form> = {
  'Event Viewer XML (UTF-8 BOM, RenderingInfo, CRLF)': { ext: 'xml', make: (s) => eventViewerExport(s.blocks) },
  'evtx_dump -o jsonl (CRLF)': { ext: 'jsonl', make: (s) => evtxDumpJsonLines(s.events) },
  'NXLog flat JSON lines (BOM, a junk line, a cut record)': { ext: 'json', make: (s) => damaged(nxlogJsonLines(s.events)), errors: DAMAGE_LINES, msTimes: true },
  'Winlogbeat ECS (Sysmon module applied)': { ext: 'ndjson', make: (s) => winlogbeatJsonLines(s.events), msTimes: true },
  'UTF-16LE XML, ev: prefixes, host in upper case': { ext: 'xml', make: (s) => utf16PrefixedExport(s.blocks.map(upperHost)), small: true },
  'XML event per line': { ext: 'log', make: (s) => eventPerLine(s.blocks), small: true },
  'evtx_dump -o json (Record N, pretty)': { ext: 'json', make: (s) => evtxDumpJson(s.events), small: true },
  'JSON array': { ext: 'json', make: (s) => evtxDumpArray(s.events), small: true },
  'Elasticsearch hits (_source)': { ext: 'json', make: (s) => winlogbeatJsonLines(s.events, true), small: true, msTimes: true },
  'Winlogbeat ECS with Sysmon\'s message': { ext: 'ndjson', make: (s) => winlogbeatJsonLines(s.events, false, true), small: true, msTimes: true },
};

/** A finding reduced to what every format must agree on; events as `file-stem#record_id`. */
interface FindingKey { key: string; count: number; records: string[] | null }

/** The evidence file's path without its extension (the form's file of the same source). */
function stem(p: string): string {
  return p.replace(/\.[^./]+$/, '');
}

function reduce(run: TriageRun): Map<string, FindingKey> {
  const out = new Map<string, FindingKey>();
  for (const f of run.scan.findings) {
    const key = f.source === 'sigma'
      ? `sigma ${f.rule_id} @${f.dest.toLowerCase()}`
      : `builtin ${f.rule_id} @${f.dest.toLowerCase()} ${f.process_guid} ${f.registry_path.toLowerCase()}`;
    const records = f.events_truncated || !f.events ? null : f.events.map((e) => `${stem(e.evidence)}#${e.record_id}`).sort();
    const prev = out.get(key);
    if (prev) throw new Error(`two findings for ${key}`);
    out.set(key, { key, count: f.count, records });
  }
  return out;
}

/** Every difference between a form's findings and the .evtx's, one line each. */
function differences(base: Map<string, FindingKey>, form: Map<string, FindingKey>): string[] {
  const out: string[] = [];
  for (const [k, b] of base) {
    const f = form.get(k);
    if (!f) { out.push(`missing: ${k} (${b.count})`); continue; }
    if (f.count !== b.count) out.push(`count: ${k}: ${f.count} instead of ${b.count}`);
    if (b.records && f.records && b.records.join() !== f.records.join()) {
      const fs = new Set(f.records);
      const bs = new Set(b.records);
      out.push(`records: ${k}: missing ${b.records.filter((r) => !fs.has(r)).slice(0, 5).join(' ')}; extra ${f.records.filter((r) => !bs.has(r)).slice(0, 5).join(' ')}`);
    }
  }
  for (const [k, f] of form) if (!base.has(k)) out.push(`extra: ${k} (${f.count})`);
  return out.sort();
}

const MS_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})\d*Z$/;

/**
 * Each event's identity across forms: its source file, record id and time created (to the
 * millisecond), and which of the events with those it is (recovered records repeat a record id:
 * an older chunk generation, or a copy of an allocated record in slack).
 */
function keyed(events: readonly NormalisedEvent[]): Map<string, NormalisedEvent> {
  const out = new Map<string, NormalisedEvent>();
  for (const e of events) {
    const k = `${stem(e.evidence)}#${e.record_id}@${e.time_created?.replace(MS_TIME, '$1')}`;
    let n = 0;
    while (out.has(`${k}/${n}`)) n++;
    out.set(`${k}/${n}`, e);
  }
  return out;
}

/** What the rules see of an event, field by field (`data.X`, `system.X`, `view`, …); host names and, for `msTimes`, times as the format can hold them. */
function projection(e: NormalisedEvent, msTimes: boolean): Map<string, string> {
  const t = (v: string | null) => (msTimes && v ? v.replace(MS_TIME, '$1') : v);
  const out = new Map<string, string>([
    ['dest', String(e.dest?.toLowerCase())], ['event_id', String(e.event_id)], ['channel', String(e.channel)],
    ['time', String(t(e.time))], ['time_created', String(t(e.time_created))], ['utc_time', String(e.utc_time)],
    ['view', JSON.stringify(e.view, (k, v: unknown) => (k === 'dest' && typeof v === 'string' ? v.toLowerCase() : v))],
  ]);
  for (const [k, v] of Object.entries(e.system)) out.set(`system.${k}`, JSON.stringify(v));
  for (const [k, v] of Object.entries(e.data)) out.set(`data.${k}`, JSON.stringify(v));
  return out;
}

/** Fields whose value differs from the .evtx's event: field → how many events, and the first (key, .evtx value, form value). */
function fieldDifferences(base: ReadonlyMap<string, NormalisedEvent>, events: ReadonlyMap<string, NormalisedEvent>, msTimes: boolean): Map<string, { n: number; first: string }> {
  const out = new Map<string, { n: number; first: string }>();
  const note = (field: string, first: string) => { const d = out.get(field); if (d) d.n++; else out.set(field, { n: 1, first }); };
  for (const [key, e] of events) {
    const b = base.get(key);
    if (!b) { note('event not in the .evtx', key); continue; }
    const want = projection(b, msTimes);
    const got = projection(e, msTimes);
    for (const k of new Set([...want.keys(), ...got.keys()])) if (want.get(k) !== got.get(k)) note(k, `${key}: ${want.get(k)?.slice(0, 300)} → ${got.get(k)?.slice(0, 300)}`);
  }
  return out;
}

/**
 * Fields a format cannot carry, per form: the field → why. Any other field that differs from the
 * .evtx's event fails the test (so does a pinned field that no longer differs).
 */
const NXLOG_LOSSES: Record<string, string> = {
  'system.level': 'NXLog writes EventType AUDIT_SUCCESS/AUDIT_FAILURE for audit events whatever their level (Security 1100 is level 4): read as 0',
  'system.version': 'Sysmon 4\'s EventData field Version and NXLog\'s System Version share the top-level name: the event\'s wins',
  'data.Version': 'the same collision: the one Version is taken for the System field',
};
const WINLOGBEAT_LOSSES: Record<string, string> = {
  'system.task': 'winlog.task is the task\'s name',
  'system.opcode': 'winlog.opcode is the opcode\'s name',
  'system.level': 'log.level information is both LogAlways (0) and Informational (4): read as 0 beside an audit keyword (Security 1100 is level 4)',
  'system.keywords': 'winlog.keywords are names: only the audit success/failure bits come back (0x4020… reads as 0x8020…)',
  'data.RuleName': 'the Sysmon module deletes RuleName and keeps rule.name only when it is not empty or -',
  'data.Hash': 'the Sysmon module drops an all-zero hash (IMPHASH=000…) when it splits Hash into file.hash.*',
  'view': 'the same two events: the file view carries the hashes',
};

const FIELD_LOSSES: Record<string, Record<string, string>> = {
  'NXLog flat JSON lines (BOM, a junk line, a cut record)': NXLOG_LOSSES,
  'Winlogbeat ECS (Sysmon module applied)': WINLOGBEAT_LOSSES,
  // the small sources hold no audit event of level 4
  'Elasticsearch hits (_source)': Object.fromEntries(Object.entries(WINLOGBEAT_LOSSES).filter(([k]) => k !== 'system.level')),
  // the message gives back what the module dropped (RuleName); the hashes still come from the ECS fields first
  'Winlogbeat ECS with Sysmon\'s message': Object.fromEntries(Object.entries(WINLOGBEAT_LOSSES).filter(([k]) => k !== 'system.level' && k !== 'data.RuleName')),
};

/**
 * Differences a format cannot avoid: form → the exact lines expected, each with the property of
 * the format that loses the data.
 */
const FORMAT_LOSSES: Record<string, Record<string, string>> = {};

const skip = requires('corpus', 'sigma', 'evtxexport');

describe.skipIf(skip)('format parity: the same findings from .evtx and every text export of it', () => {
  let rules: TriageRules;
  let pool: WorkerPool;
  let root: string;
  const sources: Source[] = [];
  /** The .evtx's findings: all sources, the small ones. */
  const base = { all: new Map<string, FindingKey>(), small: new Map<string, FindingKey>() };
  let baseRun: TriageRun;

  /** The normalised events of the .evtx triage (keyed). */
  let baseEvents = new Map<string, NormalisedEvent>();

  async function triageFolder(name: string, files: Record<string, string | Uint8Array | { copy: string }>, events?: NormalisedEvent[]): Promise<TriageRun> {
    const dir = path.join(root, name.replace(/[^\w-]+/g, '_'));
    for (const [rel, content] of Object.entries(files)) {
      const abs = path.join(dir, ...rel.split('/'));
      mkdirSync(path.dirname(abs), { recursive: true });
      if (typeof content === 'object' && 'copy' in content) copyFileSync(content.copy, abs);
      else writeFileSync(abs, content);
    }
    return triageCase(dir, { jobId: `parity-${name}`, pool, rules, onEvents: events ? (batch) => { events.push(...batch); } : undefined });
  }

  const small = (s: Source) => statSync(evidencePath(s.rel)).size < SMALL_BYTES;
  const evtxFiles = (list: Source[]) => Object.fromEntries(list.map((s) => [s.rel, { copy: evidencePath(s.rel) }]));

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'format-parity-'));
    const t0 = Date.now();
    const [loaded] = await Promise.all([
      loadTriageRules({ minLevel: 'informational' }, DEFAULT_SIGMA_LOADER),
      Promise.all(FILES.map(async (rel) => {
        const blocks = libevtxPresentation(await evtxexportXml(evidencePath(rel)));
        const read = readEventXml(blocks.join('\n'));
        sources.push({ rel, blocks, events: read.events.map((e) => e.event) });
      })),
    ]);
    console.log(`[format parity] rules and sources: ${Date.now() - t0} ms`);
    rules = loaded;
    sources.sort((a, b) => a.rel.localeCompare(b.rel));
    pool = new WorkerPool(ingestWorkerScript(), 2);
    const read: NormalisedEvent[] = [];
    baseRun = await triageFolder('evtx', evtxFiles(sources), read);
    baseEvents = keyed(read);
    base.all = reduce(baseRun);
    base.small = reduce(await triageFolder('evtx-small', evtxFiles(sources.filter(small))));
    console.log(`[format parity] baselines: ${Date.now() - t0} ms`);
  }, 300_000);

  afterAll(async () => {
    await pool?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the .evtx files give Sigma and built-in findings to compare', () => {
    expect(baseRun.scan.evidence.filter((e) => e.error)).toEqual([]);
    for (const which of ['all', 'small'] as const) {
      const kinds = [...base[which].keys()].map((k) => k.split(' ')[0]);
      expect(kinds.filter((k) => k === 'sigma').length, which).toBeGreaterThan(20);
      expect(kinds.filter((k) => k === 'builtin').length, which).toBeGreaterThan(0);
    }
    // libevtx renders the records our triage reads (allocated and recovered; the differential oracle test compares the values)
    for (const s of sources) expect(s.events.length, s.rel).toBe(baseRun.scan.evidence.find((e) => e.path === s.rel)?.records);
    console.log(`[format parity] ${sources.reduce((n, s) => n + s.events.length, 0)} events; findings (rule × host): ${base.all.size} (${base.small.size} from the ${sources.filter(small).length} small files)`);
  });

  it.each(Object.keys(FORMS))('%s', async (name) => {
    const form = FORMS[name]!;
    const list = form.small ? sources.filter(small) : sources;
    const events: NormalisedEvent[] = [];
    const run = await triageFolder(name, Object.fromEntries(list.map((s) => [`${stem(s.rel)}.${form.ext}`, form.make(s)])), events);
    expect(run.scan.evidence).toHaveLength(list.length);
    for (const e of run.scan.evidence) {
      expect(e.error, e.path).toBeUndefined();
      expect(e.records, e.path).toBe(list.find((s) => stem(s.rel) === stem(e.path))!.events.length);
      expect(e.errors, e.path).toBe(form.errors ?? 0);
    }
    const paths = new Set(run.scan.evidence.map((e) => e.path));
    for (const f of run.scan.findings) for (const ev of f.events ?? []) expect(paths.has(ev.evidence), ev.evidence).toBe(true);
    const fields = fieldDifferences(baseEvents, keyed(events), form.msTimes ?? false);
    const samples = [...fields].map(([k, d]) => `${k} (${d.n} events), first: ${d.first}`).join('\n');
    expect.soft([...fields.keys()].sort(), samples).toEqual(Object.keys(FIELD_LOSSES[name] ?? {}).sort());
    const expected = Object.keys(FORMAT_LOSSES[name] ?? {}).sort();
    expect(differences(form.small ? base.small : base.all, reduce(run))).toEqual(expected);
  }, 300_000);
});
