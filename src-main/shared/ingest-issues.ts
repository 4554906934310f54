/**
 * Errors and warnings found while reading evidence, kept as data (they cross worker and IPC
 * boundaries as plain objects). `code` is a stable machine name (`evtx.chunk.bad_magic`,
 * `xml.dtd_refused`, …); `context` says where.
 */
export interface IssueContext {
  path?: string;
  chunk?: number;
  offset?: number;
  recordId?: number;
  line?: number;
  member?: string;
}

export interface IngestIssue {
  code: string;
  message: string;
  context: IssueContext;
  /** Readers may mark a file-level notice as a warning; without it, a file-level issue counts as an error. */
  severity?: 'error' | 'warning';
}

/** File-level reader notices that lose no data: reported as warnings, not errors. */
const NOTICE_CODES = new Set(['json.time_from_receipt', 'xml.text_outside_event', 'zip.unsafe_name']);

export function isWarningIssue(issue: IngestIssue): boolean {
  return issue.severity === 'warning' || NOTICE_CODES.has(issue.code);
}

/** A named error for parse failures that stop a whole unit (a file, a chunk, a record). */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  constructor(readonly code: string, message: string, readonly context: IssueContext = {}) {
    super(message);
  }
  toIssue(): IngestIssue {
    return { code: this.code, message: this.message, context: this.context };
  }
}
