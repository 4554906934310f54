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
