/**
 * Collects normalised events into batches and hands each full batch to the sink (which may wait:
 * backpressure). The sink is a function of the events (in-process readers, tests) or, at the
 * worker edge, a `PackingSink`: each event is then packed as it is added (packed-batch-encode.ts)
 * and the sink gets the packed batch. Readers add their events as read (`addRaw`): normalised for
 * a function, packed straight from the raw event for a `PackingSink`. A batcher of content
 * `'viewed'` (messages.ts `EventContent`) gives the events without a view `data: {}`, unless their
 * channel and EventID are wanted by its data keys (model/event-data-keys.ts: a Sigma rule may read them).
 * A batcher of content `'counted'` leaves out the data of every event its data keys do not want,
 * with a view or without, and those without a view it counts instead of sending (event-tally.ts),
 * the counts going with the next batch sent.
 */
import type { NormalisedEvent } from '../model/event';
import { destOf, mayHaveView, normaliseEvent, sourceOf } from '../model/normalise';
import { utcMicrosecondsMs } from '../model/time';
import type { RawEvent } from '../model/raw-event';
import { PackedBatchEncoder } from './packed-batch-encode';
import type { PackedBatch } from './packed-batch-format';
import type { EventContent } from './messages';
import { EventDataKeys } from '../model/event-data-keys';
import { EventTally, MAX_TALLY_ROWS, type TallyRow } from './event-tally';
import type { WantsData } from '../ingest/evtx/index';

const BATCH_SIZE = 2000;
/** A packed batch is sent once it holds this many 4-byte units (16 MiB), whatever its event count. */
const MAX_PACKED_UNITS = 4 << 20;

/** Where a worker's batches go packed, with their buffers to transfer. */
export class PackingSink {
  /**
   * `spare`: encoders free for the next batch, kept across the sinks of one worker so their grown
   * buffers are reused (a batcher takes one at its first event and gives it back once sent).
   */
  constructor(readonly send: (batch: PackedBatch, transfer: ArrayBuffer[]) => Promise<void>, private readonly spare: PackedBatchEncoder[] = []) {}

  acquire(): PackedBatchEncoder {
    return this.spare.pop() ?? new PackedBatchEncoder();
  }

  release(encoder: PackedBatchEncoder): void {
    this.spare.push(encoder);
  }
}

/** A function sink gets the batch's events and, from a `'counted'` batcher, the events it counted instead (null: none). */
export type EventSink = ((batch: NormalisedEvent[], tally: TallyRow[] | null) => Promise<void>) | PackingSink;

export class EventBatcher {
  private batch: NormalisedEvent[] = [];
  private packer: PackedBatchEncoder | null = null;
  /** Events added: sent or counted. */
  count = 0;
  private readonly viewedOnly: boolean;
  /** With content `'counted'`: the events counted, not sent, since the last flush. */
  private readonly tally: EventTally | null;
  /** With content `'viewed'` or `'counted'`: the events without a view that keep their data anyway (a rule may read it). */
  private readonly keep: EventDataKeys | null;
  /**
   * Whether an event's EventData is read at all, for its reader (ingest/evtx `ChunkOptions.wantsData`),
   * or null when every event's is: not when its data is left out and it cannot have a view
   * (model/normalise.ts `mayHaveView`), which is then sent with `data: {}` whatever its EventData
   * or, with content `'counted'`, counted (`countsUnwanted`: by its computer, channel and time, so
   * an EVTX reader need not map the rest of its System header). It reads the event's provider,
   * channel and EventID only.
   */
  readonly wantsData: WantsData | null;
  constructor(private readonly sink: EventSink, private readonly size = BATCH_SIZE, content: EventContent = 'all', dataKeys?: readonly string[]) {
    this.viewedOnly = content === 'viewed' || content === 'counted';
    this.tally = content === 'counted' ? new EventTally() : null;
    this.keep = this.viewedOnly && dataKeys?.length ? new EventDataKeys(dataKeys) : null;
    const wants = (raw: RawEvent): boolean => !this.leavesOutData(raw) || mayHaveView(sourceOf(raw), raw.EventID);
    this.wantsData = this.viewedOnly ? Object.assign(wants, { countsUnwanted: this.tally !== null }) : null;
  }

  /** Whether `raw`, if it has no view, goes without its data. */
  private leavesOutData(raw: RawEvent): boolean {
    return this.viewedOnly && !(this.keep?.wants(raw.Channel, raw.EventID) ?? false);
  }

  /**
   * Adds one event; returns the flush's promise when the batch became full (await it: the sink's
   * backpressure), else `undefined`, so the common case makes no promise per event.
   */
  add(e: NormalisedEvent): Promise<void> | undefined {
    const sink = this.sink;
    if (sink instanceof PackingSink) {
      const packer = (this.packer ??= sink.acquire());
      packer.add(e);
      this.count++;
      return packer.events >= this.size || packer.size >= MAX_PACKED_UNITS ? this.flush() : undefined;
    }
    this.batch.push(e);
    this.count++;
    return this.batch.length >= this.size ? this.flush() : undefined;
  }

  /**
   * Adds a reader's event, normalised as `normaliseEvent(raw, { evidence })` (packed straight from
   * it at the worker edge, packed-batch-encode.ts `addRaw`), its data left out when it has no view,
   * the content is `'viewed'` and the data keys do not want it (`'counted'`: `addOrCount`); returns
   * what `add` returns.
   */
  addRaw(raw: RawEvent, evidence: string): Promise<void> | undefined {
    const sink = this.sink;
    const withoutData = this.leavesOutData(raw);
    if (this.tally !== null && withoutData) return this.addOrCount(raw, evidence);
    if (!(sink instanceof PackingSink)) {
      const e = normaliseEvent(raw, { evidence });
      if (e.view === null && withoutData) e.data = {};
      return this.add(e);
    }
    const packer = (this.packer ??= sink.acquire());
    packer.addRaw(raw, evidence, withoutData);
    this.count++;
    return packer.events >= this.size || packer.size >= MAX_PACKED_UNITS ? this.flush() : undefined;
  }

  /**
   * A `'counted'` event whose data is left out: counted when it has no view, else sent with its
   * view and `data: {}` (its view is what the built-in rules and the pivots read; a rule that may
   * read its data is filed under a data key). Only a Sysmon or Security event may have a view
   * (packed-batch-encode.ts `addRaw` tells them so too): it is normalised to know, and counted
   * with its normalised host, channel and time (Sysmon's time is its UtcTime); the rest are
   * counted with the time `normaliseEvent` would give them.
   */
  private addOrCount(raw: RawEvent, evidence: string): Promise<void> | undefined {
    const tally = this.tally!;
    if (mayHaveView(sourceOf(raw), raw.EventID)) {
      const e = normaliseEvent(raw, { evidence });
      if (e.view !== null) {
        e.data = {};
        return this.add(e);
      }
      tally.add(e.dest, e.channel, e.time_ms);
    } else tally.add(destOf(raw), raw.Channel, utcMicrosecondsMs(raw.TimeCreated));
    this.count++;
    return tally.size >= MAX_TALLY_ROWS ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    const sink = this.sink;
    const tally = this.tally?.take() ?? null;
    if (sink instanceof PackingSink) {
      let packer = this.packer;
      if ((packer === null || packer.events === 0) && tally === null) return;
      packer ??= sink.acquire();
      this.packer = null;
      const { batch, transfer } = packer.take();
      sink.release(packer);
      if (tally !== null) batch.tally = tally;
      await sink.send(batch, transfer);
      return;
    }
    if (this.batch.length === 0 && tally === null) return;
    const b = this.batch;
    this.batch = [];
    await sink(b, tally);
  }
}
