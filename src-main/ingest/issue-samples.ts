/**
 * The file-level issues a streaming reader keeps: the first `maxSamples` as objects, every one
 * counted. A file with a million broken lines costs a counter, never a million objects, and
 * never stops the reading (the events after them are still read).
 */
import { isWarningIssue, type IngestIssue } from '../shared/ingest-issues';

/** Issues counted but not kept as samples, by severity. */
export interface UnstoredIssues {
  errors: number;
  warnings: number;
}

export class IssueSamples {
  readonly samples: IngestIssue[] = [];
  readonly unstored: UnstoredIssues = { errors: 0, warnings: 0 };

  constructor(readonly maxSamples: number) {}

  add(issue: IngestIssue): void {
    if (this.samples.length < this.maxSamples) this.samples.push(issue);
    else if (isWarningIssue(issue)) this.unstored.warnings++;
    else this.unstored.errors++;
  }

  /** Every issue seen, stored or not. */
  get total(): number {
    return this.samples.length + this.unstored.errors + this.unstored.warnings;
  }
}
