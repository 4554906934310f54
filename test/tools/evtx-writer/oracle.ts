// Runs the independent readers (libevtx `evtxexport`, python-evtx) on a file and normalises what they
// print, so tests can compare it with what was written. Rendering differences between the two (GUID case,
// hex padding, FILETIME format and precision, boolean case, NULL handling) are normalised here.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { WrittenEvent } from './event';
import type { Value } from './values';
import { isoFromFiletime } from './values';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// The Debian python that has python3-evtx (a pyenv/venv `python3` on PATH usually lacks it); EVTX_PYTHON overrides.
const PYTHON = process.env.EVTX_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** One event as a reader rendered it: System element texts/attributes and the EventData pairs. */
export interface ReadEvent {
  system: Record<string, { text: string; attrs: Record<string, string> }>;
  data: [string, string][];
}

export interface EvtxexportResult {
  status: number | null;
  stderr: string;
  events: ReadEvent[];
}

const unescape = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#x([0-9a-fA-F]+)|#(\d+));/g, (_m, name: string, hex?: string, dec?: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name]!;
  });

const attrsOf = (s: string): Record<string, string> =>
  Object.fromEntries([...s.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));

/** Parse `evtxexport -f xml` output (one `<Event>` per record, indented, no XML declaration). */
function parseEvtxexportXml(xml: string): ReadEvent[] {
  const events: ReadEvent[] = [];
  for (const block of xml.split('<Event xmlns=').slice(1)) {
    const sys = /<System>([\s\S]*?)<\/System>/.exec(block)?.[1] ?? '';
    const system: ReadEvent['system'] = {};
    for (const m of sys.matchAll(/<(\w+)([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/g)) {
      system[m[1]!] = { text: unescape(m[3] ?? ''), attrs: attrsOf(m[2]!) };
    }
    const ed = /<EventData>([\s\S]*?)<\/EventData>/.exec(block)?.[1] ?? '';
    const data: [string, string][] = [];
    for (const m of ed.matchAll(/<Data Name="([^"]*)"(?:\/>|>([\s\S]*?)<\/Data>)/g)) {
      data.push([unescape(m[1]!), unescape(m[2] ?? '')]);
    }
    events.push({ system, data });
  }
  return events;
}

export function runEvtxexport(file: string): EvtxexportResult {
  const r = spawnSync('evtxexport', ['-f', 'xml', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`evtxexport not runnable (apt-get install libevtx-utils): ${r.error.message}`);
  return { status: r.status, stderr: r.stderr, events: parseEvtxexportXml(r.stdout) };
}

export interface PythonEvtxResult {
  header: { verify: boolean; dirty: boolean; chunk_count: number; next_record: number };
  chunks: { verify: boolean; header_crc_ok: boolean; data_crc_ok: boolean; templates: number; strings: number; first: number; last: number }[];
  records: (ReadEvent & { record_num: number; size_ok: boolean })[];
}

export function runPythonEvtx(file: string): PythonEvtxResult {
  const r = spawnSync(PYTHON, [path.join(HERE, 'oracle_dump.py'), file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error) throw new Error(`python-evtx not runnable (apt-get install python3-evtx): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`python-evtx failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PythonEvtxResult;
}

// ---- normalisation: one canonical text per value, whichever reader printed it ----

const FT_RE = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/;

/** Microseconds since the Unix epoch from either reader's FILETIME text. */
function micros(text: string): number {
  const m = FT_RE.exec(text);
  if (!m) return NaN;
  const frac = (m[3] ?? '').padEnd(6, '0').slice(0, 6);
  return Date.parse(`${m[1]}T${m[2]}Z`) * 1000 + Number(frac);
}

/** Canonical text for a value as read (kind = the written kind). FILETIMEs become µs (compare with tolerance). */
function canonicalRead(kind: Value['type'], text: string): string {
  switch (kind) {
    case 'guid':
      return text.toUpperCase();
    case 'hex32':
    case 'hex64':
      return /^0x[0-9a-f]+$/i.test(text) ? `0x${BigInt(text).toString(16)}` : `bad:${text}`;
    case 'bool':
      return text.toLowerCase();
    case 'filetime':
      return String(micros(text));
    case 'null':
      return '';
    default:
      return text;
  }
}

/** Canonical text for a written value. */
function canonicalWritten(v: Value): string {
  switch (v.type) {
    case 'null':
      return '';
    case 'string':
    case 'sid':
      return v.value;
    case 'guid':
      return v.value.toUpperCase();
    case 'hex32':
    case 'hex64':
      return `0x${BigInt(v.value).toString(16)}`;
    case 'bool':
      return String(v.value);
    case 'filetime':
      return String(micros(isoFromFiletime(v.value).slice(0, 26)));
    case 'binary':
      return Buffer.from(v.value).toString('hex').toUpperCase();
    default:
      return String(v.value);
  }
}

/** Differences between what was written and what a reader printed (empty list = same values). */
export function compareEvent(written: WrittenEvent, recordId: number, read: ReadEvent, usTolerance = 0): string[] {
  const diffs: string[] = [];
  const s = read.system;
  const eq = (what: string, got: string | undefined, want: string) => {
    if (got !== want) diffs.push(`${what}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
  };
  const near = (what: string, got: string, want: string) => {
    if (!(Math.abs(Number(got) - Number(want)) <= usTolerance)) diffs.push(`${what}: got ${got} want ${want}`);
  };
  eq('Provider@Name', s.Provider?.attrs.Name, written.provider.name);
  eq('Provider@Guid', canonicalRead('guid', s.Provider?.attrs.Guid ?? ''), (written.provider.guid ?? '').toUpperCase());
  eq('EventID', s.EventID?.text, String(written.eventId));
  eq('EventID@Qualifiers', s.EventID?.attrs.Qualifiers ?? '', written.qualifiers === undefined ? '' : String(written.qualifiers));
  eq('Version', s.Version?.text, String(written.version));
  eq('Level', s.Level?.text, String(written.level));
  eq('Task', s.Task?.text, String(written.task));
  eq('Opcode', s.Opcode?.text, String(written.opcode));
  eq('Keywords', canonicalRead('hex64', s.Keywords?.text ?? ''), `0x${written.keywords.toString(16)}`);
  near('TimeCreated', canonicalRead('filetime', s.TimeCreated?.attrs.SystemTime ?? ''), canonicalWritten({ type: 'filetime', value: written.timeCreated }));
  eq('EventRecordID', s.EventRecordID?.text, String(recordId));
  eq('ActivityID', canonicalRead('guid', s.Correlation?.attrs.ActivityID ?? ''), (written.activityId ?? '').toUpperCase());
  eq('RelatedActivityID', canonicalRead('guid', s.Correlation?.attrs.RelatedActivityID ?? ''), (written.relatedActivityId ?? '').toUpperCase());
  eq('Execution@ProcessID', s.Execution?.attrs.ProcessID, String(written.processId));
  eq('Execution@ThreadID', s.Execution?.attrs.ThreadID, String(written.threadId));
  eq('Channel', s.Channel?.text, written.channel);
  eq('Computer', s.Computer?.text, written.computer);
  eq('Security@UserID', s.Security?.attrs.UserID ?? '', written.userSid ?? '');
  // Readers differ on NULL optional fields (libevtx omits the element, python-evtx prints it empty).
  const readData = new Map(read.data);
  const nullOptional = new Set(written.data.filter((f) => f.value.type === 'null').map((f) => f.name));
  eq(
    'Data names',
    read.data.map(([n]) => n).filter((n) => !nullOptional.has(n)).join(','),
    written.data.filter((f) => !nullOptional.has(f.name)).map((f) => f.name).join(','),
  );
  for (const f of written.data) {
    const got = readData.get(f.name) ?? '';
    const want = canonicalWritten(f.value);
    if (f.value.type === 'filetime') near(`Data ${f.name}`, canonicalRead('filetime', got), want);
    else eq(`Data ${f.name}`, canonicalRead(f.value.type, got), want);
  }
  return diffs;
}
