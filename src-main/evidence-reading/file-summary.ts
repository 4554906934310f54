/**
 * What reading one evidence file (or one chunk range of it) produced besides its events:
 * counts plus the first few issues with their locations. Bounded, so a file with a million
 * broken records cannot fill memory with error objects.
 */
import { isWarningIssue, type IngestIssue } from '../shared/ingest-issues';
import type { UnstoredIssues } from '../ingest/issue-samples';

export const MAX_ISSUE_SAMPLES = 20;

export interface FileReadSummary {
  /** Events read, recovered ones included. */
  records: number;
  /** Of `records`, those recovered from EVTX slack, older chunk generations or damaged chunks. */
  recovered: number;
  /** Records or parts of the file that could not be read. */
  errors: number;
  errorSamples: IngestIssue[];
  warnings: number;
  warningSamples: IngestIssue[];
  /** Set when the file could not be read at all (not the format it claims, refused, unreadable). */
  fatal: IngestIssue | null;
}

export function emptyFileSummary(): FileReadSummary {
  return { records: 0, recovered: 0, errors: 0, errorSamples: [], warnings: 0, warningSamples: [], fatal: null };
}

export function addError(s: FileReadSummary, issue: IngestIssue): void {
  s.errors++;
  if (s.errorSamples.length < MAX_ISSUE_SAMPLES) s.errorSamples.push(issue);
}

export function addWarning(s: FileReadSummary, issue: IngestIssue): void {
  s.warnings++;
  if (s.warningSamples.length < MAX_ISSUE_SAMPLES) s.warningSamples.push(issue);
}

/**
 * Adds a streaming reader's file-level issues: its samples one by one, the ones it only counted
 * as counts. A reader that stopped for good (a refused DTD) makes its first issue the file's fatal one.
 */
export function addReaderIssues(s: FileReadSummary, reader: { issues: IngestIssue[]; unstoredIssues: UnstoredIssues; stopped: boolean }): void {
  for (const issue of reader.issues) (isWarningIssue(issue) ? addWarning : addError)(s, issue);
  s.errors += reader.unstoredIssues.errors;
  s.warnings += reader.unstoredIssues.warnings;
  if (reader.stopped && reader.issues.length > 0) s.fatal ??= reader.issues[0]!;
}

/** Sums the summaries of the chunk ranges of one file. */
export function mergeFileSummaries(into: FileReadSummary, part: FileReadSummary): void {
  into.records += part.records;
  into.recovered += part.recovered;
  into.errors += part.errors;
  into.warnings += part.warnings;
  for (const e of part.errorSamples) if (into.errorSamples.length < MAX_ISSUE_SAMPLES) into.errorSamples.push(e);
  for (const w of part.warningSamples) if (into.warningSamples.length < MAX_ISSUE_SAMPLES) into.warningSamples.push(w);
  into.fatal ??= part.fatal;
}
