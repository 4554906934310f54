/**
 * Text fuzz targets: `xml` (Event XML reader), `json` and `jsonl` (JSON reader in array/object
 * and in JSON-lines mode). Seeds are mutated as text (text-mutate.ts) and/or as bytes. Each case
 * is read: whole (`pushBytes` + `end`); in random chunk sizes down to one byte; through the
 * worker's stream parser (`streamParserFor`, as archive members are read); every fourth case
 * from a temporary file with `readTextEvents` (the worker's path for files).
 * Invariants: nothing throws out of those APIs; the result does not depend on how the bytes
 * were chunked (same events, same issue codes); issues are `{code, message, context}`; in
 * JSON-lines mode no non-blank line disappears (each is an event or an error), unless reading
 * stopped at the issue cap.
 */
import { decodeText } from '../../../src-main/ingest/xml/decode';
import { isWarningIssue, type IngestIssue } from '../../../src-main/shared/ingest-issues';
import type { ReadEvent } from '../../../src-main/ingest/xml/index';
import { readTextEvents, textReaderFor } from '../../../src-main/evidence-reading/read-text-events';
import { streamParserFor } from '../../../src-main/evidence-reading/stream-parsers';
import { emptyFileSummary } from '../../../src-main/evidence-reading/file-summary';
import { mutateBytesChain, Prng } from '../byte-mutate';
import { encodeText, mutateText } from '../text-mutate';
import { seeds } from '../seeds';
import { feedChunks, tempFile, thrown, type CaseOutcome, type FuzzCase, type FuzzTarget } from '../target';

type TextFormat = 'xml' | 'json' | 'jsonl';

const DICTIONARY: Record<TextFormat, Uint8Array[]> = {
  xml: ['<Event>', '</Event>', '<!DOCTYPE', '<![CDATA[', '&#', '<?xml', '\uFEFF', '<', '>'].map((t) => new TextEncoder().encode(t)),
  json: ['{', '}', '[', ']', '"', '\\', '\n', '"EventID":1', 'Record 7\n'].map((t) => new TextEncoder().encode(t)),
  jsonl: ['{', '}', '\n', '"', '\\', '{"EventID":4688,"Channel":"Security"}\n', '\r\n'].map((t) => new TextEncoder().encode(t)),
};

interface ReadResult {
  events: ReadEvent[];
  issues: IngestIssue[];
  /** Errors past the stored samples (the readers keep counting after their first issues). */
  unstoredErrors: number;
  stopped: boolean;
}

function readWhole(format: TextFormat, bytes: Uint8Array): ReadResult {
  const reader = textReaderFor(format, 'fuzz');
  const events = [...reader.pushBytes(bytes), ...reader.end()];
  return { events, issues: reader.issues, unstoredErrors: reader.unstoredIssues.errors, stopped: reader.stopped };
}

async function readChunked(format: TextFormat, bytes: Uint8Array, r: Prng): Promise<ReadResult> {
  const reader = textReaderFor(format, 'fuzz');
  const events: ReadEvent[] = [];
  await feedChunks(bytes, r, (chunk) => { for (const e of reader.pushBytes(chunk)) events.push(e); });
  for (const e of reader.end()) events.push(e);
  return { events, issues: reader.issues, unstoredErrors: reader.unstoredIssues.errors, stopped: reader.stopped };
}

const codes = (issues: IngestIssue[]) => issues.map((i) => i.code).join(',');
const errorsOf = (issues: IngestIssue[]) => issues.filter((i) => !isWarningIssue(i)).length;

/** Non-blank JSON lines (evtx_dump `Record N` separators do not count). */
function jsonLines(bytes: Uint8Array): number {
  let n = 0;
  for (const line of decodeText(bytes).split('\n')) {
    const t = line.trim();
    if (t !== '' && !/^Record \d+$/.test(t)) n++;
  }
  return n;
}

function checkShapes(res: ReadResult, v: string[]): void {
  for (const i of res.issues) {
    if (typeof i.code !== 'string' || typeof i.message !== 'string' || typeof i.context !== 'object' || i.context === null) {
      v.push(`invariant: issue not {code, message, context}: ${JSON.stringify(i).slice(0, 200)}`);
      return;
    }
  }
  try {
    JSON.stringify(res.events.map((e) => e.event));
  } catch (e) {
    v.push(thrown('JSON.stringify(events)', e));
  }
}

async function checkText(format: TextFormat, c: FuzzCase): Promise<CaseOutcome> {
  const v: string[] = [];
  const r = new Prng(c.n ^ 0x27d4eb2d);
  let whole: ReadResult | null = null;
  try {
    whole = readWhole(format, c.bytes);
    checkShapes(whole, v);
  } catch (e) {
    v.push(thrown(`textReaderFor(${format}).pushBytes/end (whole)`, e));
  }
  try {
    const chunked = await readChunked(format, c.bytes, r);
    if (whole && (chunked.events.length !== whole.events.length || codes(chunked.issues) !== codes(whole.issues))) {
      v.push(`invariant: chunking changes the result: whole ${whole.events.length} events [${codes(whole.issues).slice(0, 300)}], chunked ${chunked.events.length} [${codes(chunked.issues).slice(0, 300)}]`);
    }
  } catch (e) {
    v.push(thrown(`textReaderFor(${format}).pushBytes/end (chunked)`, e));
  }
  const summary = emptyFileSummary();
  let emitted = 0;
  try {
    const parser = streamParserFor(format, 'fuzz', summary, async () => { emitted++; })!;
    await feedChunks(c.bytes, r, (chunk) => parser.push(chunk));
    await parser.end();
    if (whole && (emitted !== whole.events.length || summary.errors !== errorsOf(whole.issues) + whole.unstoredErrors)) {
      v.push(`invariant: stream parser read ${emitted} events / ${summary.errors} errors, whole read ${whole.events.length} / ${errorsOf(whole.issues) + whole.unstoredErrors}`);
    }
  } catch (e) {
    v.push(thrown(`streamParserFor(${format}).push/end`, e));
  }
  if (c.n % 4 === 0) {
    const file = tempFile(c.bytes, 'evidence.txt');
    const fileSummary = emptyFileSummary();
    let read = 0;
    try {
      await readTextEvents(file.path, textReaderFor(format, 'fuzz'), fileSummary, async () => { read++; }, () => {}, () => false);
      if (whole && read !== whole.events.length) v.push(`invariant: readTextEvents read ${read} events, whole read ${whole.events.length}`);
    } catch (e) {
      v.push(thrown(`readTextEvents(${format})`, e));
    } finally {
      file.done();
    }
  }
  if (whole && format === 'jsonl' && !whole.stopped) {
    const lines = jsonLines(c.bytes);
    const errors = errorsOf(whole.issues) + whole.unstoredErrors; // the readers count errors past their samples
    if (whole.events.length + errors < lines) v.push(`invariant: ${lines} non-blank lines but ${whole.events.length} events + ${errors} errors`);
  }
  return { events: whole?.events.length ?? 0, lost: whole ? errorsOf(whole.issues) : 0, violations: v };
}

function makeText(format: TextFormat, n: number): FuzzCase {
  const pool = format === 'xml' ? seeds().xml : seeds().json;
  const seed = pool[n % pool.length]!;
  const r = new Prng(n * 0x9e3779b1 + format.length);
  const roll = r.next();
  if (roll < 0.35) {
    const m = mutateBytesChain(seed.bytes, r, DICTIONARY[format]);
    return { target: format, n, seed: seed.name, mutation: `bytes ${m.mutation}`, bytes: m.bytes };
  }
  const t = mutateText(decodeText(seed.bytes), format === 'xml' ? 'xml' : 'json', r);
  const enc = encodeText(t.text, r);
  let bytes = enc.bytes;
  let mutation = `text ${t.mutation}, ${enc.encoding}`;
  if (roll > 0.85) {
    const m = mutateBytesChain(bytes, r, DICTIONARY[format]);
    bytes = m.bytes;
    mutation += `, bytes ${m.mutation}`;
  }
  return { target: format, n, seed: seed.name, mutation, bytes };
}

function textTarget(format: TextFormat): FuzzTarget {
  return { name: format, make: (n) => makeText(format, n), check: (c) => checkText(format, c) };
}

export const xmlTarget = textTarget('xml');
export const jsonTarget = textTarget('json');
export const jsonlTarget = textTarget('jsonl');
