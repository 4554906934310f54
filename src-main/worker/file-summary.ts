/**
 * What reading one evidence file (or one chunk range of it) produced besides its events:
 * counts plus the first few issues with their locations. Bounded, so a file with a million
 * broken records cannot fill memory with error objects.
 */
import type { IngestIssue } from '../ingest/issues';

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
