/**
 * Events counted instead of sent (content `'counted'`, messages.ts `EventContent`): an event
 * without a view whose data no rule may read is, for every consumer of such a read, only a count
 * in the host tally (case/host-summary.ts: its host, its channel and its time) and in the
 * detection totals. A worker counts these events per host and channel, with their earliest and
 * latest time, and sends the counts with its next batch (`PackedBatch.tally`) instead of the
 * events: most of a folder's events (90,443 of the shared corpus's 99,847) are neither packed nor
 * decoded. Hosts and channels are named as the events name them (`dest`, `channel`, cut by the
 * host tally, not here); a time that is not a finite number counts no time.
 */

/** The events of one host and channel counted in a batch. */
export interface TallyRow {
  dest: string | null;
  channel: string | null;
  events: number;
  /** Earliest and latest `time_ms` of those events; null when none had a time. */
  first: number | null;
  last: number | null;
}

/** Host and channel pairs a batch counts before it is sent (event-batcher.ts flushes then): bounds a worker's memory and a message's size. */
export const MAX_TALLY_ROWS = 512;

/** The rows being counted for the next batch, by host, then channel. */
export class EventTally {
  private readonly byDest = new Map<string | null, Map<string | null, TallyRow>>();
  /** Rows held (host and channel pairs). */
  size = 0;
  /** Events counted since the last `take`. */
  events = 0;

  /** Counts one event of host `dest` and channel `channel` at `timeMs` (null: no time). */
  add(dest: string | null, channel: string | null, timeMs: number | null): void {
    let byChannel = this.byDest.get(dest);
    if (byChannel === undefined) { byChannel = new Map(); this.byDest.set(dest, byChannel); }
    let row = byChannel.get(channel);
    if (row === undefined) {
      row = { dest, channel, events: 0, first: null, last: null };
      byChannel.set(channel, row);
      this.size++;
    }
    row.events++;
    this.events++;
    if (timeMs !== null && Number.isFinite(timeMs)) {
      if (row.first === null || timeMs < row.first) row.first = timeMs;
      if (row.last === null || timeMs > row.last) row.last = timeMs;
    }
  }

  /** The rows counted since the last take (null: none), and a fresh start. */
  take(): TallyRow[] | null {
    if (this.size === 0) return null;
    const rows: TallyRow[] = [];
    for (const byChannel of this.byDest.values()) for (const row of byChannel.values()) rows.push(row);
    this.byDest.clear();
    this.size = 0;
    this.events = 0;
    return rows;
  }
}

/** The events the rows count. */
export function tallyEvents(rows: readonly TallyRow[]): number {
  let n = 0;
  for (const r of rows) n += r.events;
  return n;
}

const isNameOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isTimeOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

/**
 * `rows` as a batch's tally when it is one (it crossed from another thread: untrusted), else the
 * reason it is not: at most MAX_TALLY_ROWS rows of a host and channel (text or null), a positive
 * whole count and times that are finite numbers or both null, the first not after the last.
 */
export function checkTallyRows(rows: unknown): TallyRow[] | string {
  if (!Array.isArray(rows)) return 'the tally is not a list';
  if (rows.length > MAX_TALLY_ROWS) return `the tally has ${rows.length} rows, more than ${MAX_TALLY_ROWS}`;
  const out: TallyRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r: unknown = rows[i];
    if (typeof r !== 'object' || r === null) return `tally row ${i} is not an object`;
    const { dest, channel, events, first, last } = r as Record<string, unknown>;
    if (!isNameOrNull(dest) || !isNameOrNull(channel)) return `tally row ${i} has a host or channel that is not text`;
    if (typeof events !== 'number' || !Number.isSafeInteger(events) || events < 1) return `tally row ${i} counts ${String(events)} events`;
    if (!isTimeOrNull(first) || !isTimeOrNull(last) || (first === null) !== (last === null) || (first !== null && first > last!)) return `tally row ${i} has no valid time range`;
    out[i] = { dest, channel, events, first, last };
  }
  return out;
}
