/**
 * The streaming driver of `--events`: every normalised event of the case written once, as the
 * batches arrive from the workers (the triage's `onEvents`), to a temporary file renamed into
 * place at the end (streaming-file.ts). Memory stays bounded whatever the case size: a batch is
 * turned into text and written before the pool acknowledges it to its worker (backpressure).
 *
 * A write failure (disk full) never fails the evidence: it is kept in `error`, later batches are
 * dropped, and the caller aborts the export (no partial file is left) and reports it.
 */
import type { NormalisedEvent } from '../model/event';
import { ecsEvent } from './ecs-events';
import { bulkActionLine, type BulkAction, type EventFormat } from './formats';
import { splunkHecEventLine } from './splunk-hec-events';
import { StreamingFile } from './streaming-file';
import { timelineHeader, timelineRow } from './timeline-csv';
import { timesketchEvent } from './timesketch-events';

export interface EventExportOptions {
  format: EventFormat;
  /** ECS only: the `_bulk` action line before each document. */
  bulkAction?: BulkAction;
}

/** One event as its lines in `format` (newline-terminated). */
export function eventLines(ev: NormalisedEvent, format: EventFormat, bulkAction: BulkAction = null): string {
  switch (format) {
    case 'ecs': return `${bulkActionLine(bulkAction)}${JSON.stringify(ecsEvent(ev))}\n`;
    case 'timesketch': return `${JSON.stringify(timesketchEvent(ev))}\n`;
    case 'splunk': return `${splunkHecEventLine(ev)}\n`;
    case 'csv': return timelineRow(ev);
  }
}

export class EventExport {
  /** Events written. */
  count = 0;
  /** The first write failure, if any (the export must then be aborted). */
  error: Error | null = null;

  private constructor(private readonly file: StreamingFile, private readonly options: EventExportOptions) {}

  /** Opens the temporary file; `target` must already have passed `checkOutputPath`. */
  static async open(target: string, options: EventExportOptions): Promise<EventExport> {
    const file = await StreamingFile.open(target);
    const exp = new EventExport(file, options);
    if (options.format === 'csv') await exp.write(timelineHeader());
    return exp;
  }

  get target(): string {
    return this.file.target;
  }

  private async write(text: string): Promise<void> {
    if (this.error) return;
    try {
      await this.file.write(text);
    } catch (err) {
      this.error ??= err instanceof Error ? err : new Error(String(err));
    }
  }

  /** The batch handler: resolves once the batch is buffered or written. */
  readonly add = async (batch: readonly NormalisedEvent[]): Promise<void> => {
    if (this.error) return;
    let text = '';
    for (const ev of batch) text += eventLines(ev, this.options.format, this.options.bulkAction ?? null);
    this.count += batch.length;
    await this.write(text);
  };

  /** Renames the finished file into place (throws the recorded write error instead, after aborting). */
  async commit(): Promise<void> {
    if (this.error) { await this.file.abort(); throw this.error; }
    await this.file.commit();
  }

  async abort(): Promise<void> {
    await this.file.abort();
  }
}
