/** The contract's report shapes: what a report is made from, a bookmarked event, the checks it states. */
import type { CaseScan, FindingAnnotation } from './contract';

/** What the report is made from: the case as the renderer holds it, plus the analyst's state. */
export interface ReportRequest {
  caseName: string;
  analyst: string;
  scan: CaseScan;
  /** The findings to report in detail; null for the whole case. */
  findingIds: string[] | null;
  annotations: Record<string, FindingAnnotation>;
  /** Fixed generation time (tests, reproducible output); now when absent. */
  generatedAt?: string;
  /** Events the analyst bookmarked in the event explorer, printed in their own section (issue 19). */
  bookmarks?: ReportBookmark[];
  /**
   * What the saving side checked, for the report's soundness statement. Set by the handler or the
   * CLI (never taken from the renderer: saveReport overwrites it); absent when nothing was checked.
   */
  checks?: ReportChecks;
}

/** A bookmarked event as the report prints it: where and when it happened, what it was, the analyst's note. */
export interface ReportBookmark {
  /** The event's time (ISO-8601 UTC); null when the record had none. */
  time: string | null;
  host: string | null;
  channel: string | null;
  eventId: number | null;
  /** The explorer's one-line summary of the event. */
  summary: string;
  /** The evidence file and record the event was read from. */
  evidence: string;
  recordId: number | null;
  note: string;
  /** The analyst who bookmarked it, and when (ISO-8601). */
  by: string;
  at: string;
}

/** Checks made around a report, stated in its method section as made (report/soundness.ts). */
export interface ReportChecks {
  /** The report's path was compared with the granted evidence folders before writing: true outside,
   *  false inside; null when not checked. */
  outputOutsideEvidence: boolean | null;
  /** Evidence files listed again after reading: size and modification time compared with the case's. */
  unchanged: { checked: number; changed: string[]; missing: string[] } | null;
}
