/**
 * Reads a zip archive in place (read-only file handle, members inflated in bounded steps): every
 * member is hashed, sniffed by content and read like a file, so it appears in the evidence list
 * as `archive.zip!/member` with its own SHA-256, format and counts. Archives inside it are opened
 * one level deep. A zip bomb or a broken archive is an error of that archive; one bad member
 * never stops the others.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { IngestError, type IngestIssue } from '../shared/ingest-issues';
import { SNIFF_HEAD_BYTES, sniffFormat, type EvidenceFormat } from '../ingest/sniff';
import { ZipArchive, type RandomAccessSource, type ZipBudget, type ZipEntry } from '../ingest/zip/index';
import type { WantsData } from '../ingest/evtx/index';
import type { RawEvent } from '../model/raw-event';
import { addError, addWarning, emptyFileSummary, type FileReadSummary } from './file-summary';
import { streamParserFor, type StreamParser } from './stream-parsers';

export interface MemberResult {
  path: string;
  bytes: number;
  /** Empty when the member could not be read to the end (`hashComplete` false; its summary's fatal issue says why). */
  sha256: string;
  hashComplete: boolean;
  format: EvidenceFormat;
  summary: FileReadSummary;
}

export interface ArchiveCallbacks {
  /** The inflation budget to take from (the case's); default: one of its own. */
  budget?: ZipBudget;
  /** Joins the archive's path and its members' names (default `!/`; see plan-reads.ts). */
  memberSeparator?: string;
  /**
   * An event read from a member (`evidence` is the member's label). Returns a promise only when
   * the reading must wait for it (a full batch's flush), so most events make none.
   */
  event: (raw: RawEvent, evidence: string) => Promise<void> | undefined;
  /**
   * Whether an EVTX member's record has its EventData read at all (ingest/evtx
   * `ChunkOptions.wantsData`, event-batcher.ts `wantsData`); absent or null: every record's.
   */
  wantsData?: WantsData | null;
  isCancelled: () => boolean;
}

function fileSource(fh: FileHandle, size: number): RandomAccessSource {
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(buf, got, n - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
  };
}

function issueOf(err: unknown, path: string): IngestIssue {
  if (err instanceof IngestError) return { code: err.code, message: err.message, context: { ...err.context, path } };
  return { code: 'read_failed', message: err instanceof Error ? err.message : String(err), context: { path } };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

async function readMember(archive: ZipArchive, entry: ZipEntry, cb: ArchiveCallbacks, out: MemberResult[]): Promise<void> {
  const summary = emptyFileSummary();
  const hash = createHash('sha256');
  const result: MemberResult = { path: entry.label, bytes: 0, sha256: '', hashComplete: false, format: 'unknown', summary };
  out.push(result);
  const emit = (raw: RawEvent) => { summary.records++; return cb.event(raw, entry.label); };
  let parser: StreamParser | null | undefined;
  const head: Uint8Array[] = [];
  let headBytes = 0;
  const decide = async () => {
    const first = concat(head, headBytes);
    result.format = sniffFormat(first.subarray(0, SNIFF_HEAD_BYTES));
    parser = streamParserFor(result.format, entry.label, summary, emit, cb.wantsData ?? null);
    if (parser) await parser.push(first);
  };
  try {
    for await (const chunk of archive.stream(entry)) {
      if (cb.isCancelled()) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
      hash.update(chunk);
      result.bytes += chunk.length;
      if (parser === undefined) {
        head.push(chunk.slice());
        headBytes += chunk.length;
        if (headBytes >= SNIFF_HEAD_BYTES) await decide();
      } else if (parser) {
        await parser.push(chunk);
      }
    }
    if (parser === undefined) await decide();
    result.sha256 = hash.digest('hex');
    result.hashComplete = true;
    if (parser) await parser.end();
  } catch (err) {
    if ((err as { code?: string }).code === 'cancelled') throw err;
    const issue = issueOf(err, entry.label);
    summary.fatal ??= issue;
    addError(summary, issue);
    return;
  }
  if (result.format === 'zip') {
    try {
      const nested = await archive.openNested(entry);
      for (const w of nested.issues) addWarning(summary, w);
      for (const inner of nested.files) await readMember(nested, inner, cb, out);
    } catch (err) {
      const issue = issueOf(err, entry.label);
      summary.fatal ??= issue;
      addError(summary, issue);
    }
  }
}

/** Reads every member of the archive at `absPath`; archive-level problems go into `summary`. */
export async function readArchive(absPath: string, relPath: string, summary: FileReadSummary, cb: ArchiveCallbacks): Promise<MemberResult[]> {
  const fh = await open(absPath, 'r');
  const members: MemberResult[] = [];
  try {
    const size = (await fh.stat()).size;
    const archive = await ZipArchive.open(fileSource(fh, size), { label: relPath, ...(cb.budget ? { budget: cb.budget } : {}), ...(cb.memberSeparator ? { memberSeparator: cb.memberSeparator } : {}) });
    for (const w of archive.issues) addWarning(summary, w);
    for (const entry of archive.files) await readMember(archive, entry, cb, members);
  } catch (err) {
    if ((err as { code?: string }).code === 'cancelled') throw err;
    const issue = issueOf(err, relPath);
    summary.fatal = issue;
    addError(summary, issue);
  } finally {
    await fh.close();
  }
  return members;
}
