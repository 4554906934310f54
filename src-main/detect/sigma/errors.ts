/**
 * A rule's load outcome other than "compiled": results the load lists (load-documents.ts), not
 * bugs. They carry no stack trace (as the EVTX reader's errors: ingest/evtx/errors.ts): nothing
 * reads one, a load makes one per refused or inactive rule, deep in the compile, and V8 captures
 * it at construction (up to `Error.stackTraceLimit` frames).
 */

/** An Error made without capturing a stack trace. */
class StacklessError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/** A rule that cannot be compiled: the code and reason end up in a SigmaLoadError. */
export class SigmaRuleError extends StacklessError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A rule that compiles but must not run yet (a placeholder without values): skipped with the reason. */
export class SigmaRuleInactive extends StacklessError {}
