/**
 * A packed batch (packed-batch-format.ts) → the normalised events it was made of, equal to them
 * in every key, key order and value type, with each interned string and key list one instance
 * shared by the batch's events. The message comes from another thread and is checked as
 * untrusted input: every length, index and count is checked against what is left before it is
 * used, so a malformed batch is a `PackedBatchError` after at most one pass over its words,
 * never a hang or an allocation larger than the message.
 */
import type { NormalisedEvent, SystemFields } from '../model/event';
import type { CimView } from '../model/cim';
import type { Fields } from '../model/fields';
import type { RecoveredReason } from '../model/raw-event';
import {
  ARRAY, FALSE, FLOAT, HAS_RECOVERED, HEADER_WORDS, INLINE_STRING, INT, MAGIC, MAX_DEPTH, NEW_SHAPE,
  NEW_STRING, NULL, PackedBatchError, SAME_AS_TIME, SAME_SYSTEM, SHAPE, TRUE, UNDEFINED, VERSION, type PackedBatch,
} from './packed-batch-format';
import { checkTallyRows, type TallyRow } from './event-tally';

/** The fewest words an event takes: its flags and its 13 values (`system` one word, `SAME_SYSTEM`; `data` an object: two). */
const MIN_EVENT_WORDS = 15;

/**
 * A shape of the batch: its keys, and an object with those keys (values undefined) that its
 * objects are copied from. A copy (`{ ...template }`) has every key already, in order, and the
 * template's hidden class: filling it in changes values, not layout. Measured on the shared
 * corpus (whole triage, --no-sigma, busy machine, main-thread CPU from /proc): −15 % with one
 * worker (10 of 10 pairs), no change with two.
 */
interface Shape { keys: string[]; protoKey: boolean; template: Record<string, unknown> }

/**
 * The decoded event and its System header, each made at one object literal (below) so that every
 * event shares one hidden class (`recovered`, on the few recovered records, adds a second). V8
 * keeps a class only while each field keeps one representation: a field seen only as small
 * integers that then gets a double (a record id or PID past 2^31) or a null moves every later
 * object to a new class, and every optimised reader of events on this thread (the detection
 * session, the stores, the host tally, the Sigma rule index and event view) deoptimises and is
 * compiled again. So the literals are first run here with a fraction, a null and a small integer
 * in each number field (a string and a null in each string field, different objects in the
 * object fields): their fields start general (any value) and stay so; the events are the same
 * plain objects as before. Run `GENERALISING_RUNS` times, not once: V8 gives a function its
 * feedback (and an object literal its allocation site, which optimised code copies the class
 * from) only after several calls (8 in V8 11), and a site first made by real events has its
 * number fields as small integers again. Measured on the shared corpus (Sigma triage, 2 workers,
 * `--trace-deopt`, main thread): 61–65 deopts → 52–54 (the wave at the first record id past 2^31,
 * and the System header's, gone).
 */
function decodedEvent(
  evidence: string, record_id: number | null, dest: string | null, event_id: number | null, channel: string | null, time: string | null,
  time_ms: number | null, time_source: NormalisedEvent['time_source'], time_created: string | null, utc_time: string | null,
  system: SystemFields, data: Fields, view: CimView | null,
): NormalisedEvent {
  return { evidence, record_id, dest, event_id, channel, time, time_ms, time_source, time_created, utc_time, system, data, view };
}

function systemFields(
  provider_name: string | null, provider_guid: string | null, qualifiers: number | null, version: number | null, level: number | null,
  task: number | null, opcode: number | null, keywords: string | null, user_sid: string | null, execution_process_id: number | null,
  execution_thread_id: number | null, activity_id: string | null, related_activity_id: string | null,
): SystemFields {
  return {
    provider_name, provider_guid, qualifiers, version, level, task, opcode, keywords, user_sid, execution_process_id,
    execution_thread_id, activity_id, related_activity_id,
  };
}

/** Calls of each literal with general values (see decodedEvent): past the calls V8 takes before it gives a function feedback. */
const GENERALISING_RUNS = 16;

/** Runs the two literals with general values (see decodedEvent); the objects are dropped. */
function generaliseEventFields(): void {
  for (let i = 0; i < GENERALISING_RUNS; i++) for (const [n, s, o] of [[0.5, '', { x: '' }], [null, null, {}], [1, '', { y: '' }]] as const) {
    const sys = systemFields(s, s, n, n, n, n, n, s, s, n, n, s, s);
    const e = decodedEvent('', n, s, n, s, s, n, 'none', s, s, sys, o as Fields, o as unknown as CimView | null);
    e.recovered = s as unknown as RecoveredReason;
  }
}
generaliseEventFields();

class Reader {
  private p = HEADER_WORDS;
  private f = 0;
  private t = 0;
  private readonly strings: string[] = [];
  private readonly shapes: Shape[] = [];
  /** The System header of the event before (null: none yet in this batch), for `SAME_SYSTEM`. */
  private lastSystem: SystemFields | null = null;

  constructor(private readonly w: Int32Array, private readonly floats: Float64Array, private readonly text: string) {}

  fail(message: string): never {
    throw new PackedBatchError(message, { word: this.p });
  }

  next(): number {
    if (this.p >= this.w.length) this.fail('the batch ends inside a value');
    return this.w[this.p++]!;
  }

  /** A count or length that many words (at least one each) or text units must follow. */
  count(limit: number, what: string): number {
    const c = this.next();
    if (c < 0 || c > limit) this.fail(`${what} ${c} is out of range`);
    return c;
  }

  event(): NormalisedEvent {
    const flags = this.next();
    if ((flags & ~HAS_RECOVERED) !== 0) this.fail(`unknown event flags ${flags}`);
    const evidence = this.value(0);
    if (typeof evidence !== 'string') this.fail('an event without its evidence path');
    const record_id = this.value(0) as number | null;
    const dest = this.value(0) as string | null;
    const event_id = this.value(0) as number | null;
    const channel = this.value(0) as string | null;
    const time = this.value(0) as string | null;
    const e = decodedEvent(
      evidence, record_id, dest, event_id, channel, time, this.value(0) as number | null, this.value(0) as NormalisedEvent['time_source'],
      this.timeOrValue(time), this.timeOrValue(time), this.system(), this.value(0) as Fields, this.value(0) as CimView | null,
    );
    if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) this.fail('an event whose data is not an object');
    if (typeof e.view !== 'object' || Array.isArray(e.view)) this.fail('an event whose view is not an object or null');
    if ((flags & HAS_RECOVERED) !== 0) e.recovered = this.value(0) as RecoveredReason;
    return e;
  }

  /** `time_created` or `utc_time`: `SAME_AS_TIME` (when the event's `time` is a string) or a value. */
  private timeOrValue(time: string | null): string | null {
    if (this.p < this.w.length && this.w[this.p] === SAME_AS_TIME) {
      if (time === null) this.fail('a time that refers to an event time the event does not have');
      this.p++;
      return time;
    }
    return this.value(0) as string | null;
  }

  private system(): SystemFields {
    if (this.p < this.w.length && this.w[this.p] === SAME_SYSTEM) {
      const l = this.lastSystem;
      if (l === null) this.fail('a System header that refers to an event before the first');
      this.p++;
      return this.lastSystem = systemFields(
        l.provider_name, l.provider_guid, l.qualifiers, l.version, l.level, l.task, l.opcode, l.keywords, l.user_sid,
        l.execution_process_id, l.execution_thread_id, l.activity_id, l.related_activity_id,
      );
    }
    return this.lastSystem = systemFields(
      this.value(0) as string | null, this.value(0) as string | null, this.value(0) as number | null, this.value(0) as number | null,
      this.value(0) as number | null, this.value(0) as number | null, this.value(0) as number | null, this.value(0) as string | null,
      this.value(0) as string | null, this.value(0) as number | null, this.value(0) as number | null, this.value(0) as string | null,
      this.value(0) as string | null,
    );
  }

  value(depth: number): unknown {
    const w = this.next();
    if (w >= 0) return w < this.strings.length ? this.strings[w] : this.fail(`string ${w} is not defined yet`);
    switch (w) {
      case NULL: return null;
      case NEW_STRING: { const s = this.slice(); this.strings.push(s); return s; }
      case INT: return this.next();
      case FLOAT: return this.f < this.floats.length ? this.floats[this.f++] : this.fail('more numbers than the batch holds');
      case SHAPE: {
        const id = this.next();
        if (id < 0 || id >= this.shapes.length) this.fail(`shape ${id} is not defined yet`);
        return this.object(this.shapes[id]!, depth);
      }
      case NEW_SHAPE: return this.object(this.newShape(), depth);
      case INLINE_STRING: return this.slice();
      case ARRAY: {
        if (depth >= MAX_DEPTH) this.fail(`a value is nested deeper than ${MAX_DEPTH}`);
        const n = this.count(this.w.length - this.p, 'array length');
        const a: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) a[i] = this.value(depth + 1);
        return a;
      }
      case TRUE: return true;
      case FALSE: return false;
      case UNDEFINED: return undefined;
      default: return this.fail(`unknown value tag ${w}`);
    }
  }

  private slice(): string {
    const len = this.count(this.text.length - this.t, 'string length');
    const s = this.text.slice(this.t, this.t + len);
    this.t += len;
    return s;
  }

  private key(): string {
    const w = this.next();
    if (w >= 0) return w < this.strings.length ? this.strings[w]! : this.fail(`string ${w} is not defined yet`);
    if (w === NEW_STRING) { const s = this.slice(); this.strings.push(s); return s; }
    if (w === INLINE_STRING) return this.slice();
    return this.fail(`a key that is not a string (tag ${w})`);
  }

  private newShape(): Shape {
    const k = this.count(this.w.length - this.p, 'key count');
    const keys: string[] = new Array(k);
    let protoKey = false;
    for (let i = 0; i < k; i++) {
      const key = this.key();
      if (key === '__proto__') protoKey = true;
      keys[i] = key;
    }
    const template: Record<string, unknown> = {};
    if (!protoKey) for (let i = 0; i < k; i++) template[keys[i]!] = undefined;
    const shape = { keys, protoKey, template };
    this.shapes.push(shape);
    return shape;
  }

  private object(shape: Shape, depth: number): Record<string, unknown> {
    if (depth >= MAX_DEPTH) this.fail(`a value is nested deeper than ${MAX_DEPTH}`);
    const keys = shape.keys;
    if (!shape.protoKey) {
      const o: Record<string, unknown> = { ...shape.template };
      for (let i = 0; i < keys.length; i++) o[keys[i]!] = this.value(depth + 1);
      return o;
    }
    // An own `__proto__` (a field of that name in the evidence), never the prototype.
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) Object.defineProperty(o, keys[i]!, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
    return o;
  }

  end(): void {
    if (this.p !== this.w.length) this.fail(`${this.w.length - this.p} words left after the last event`);
    if (this.f !== this.floats.length) this.fail(`${this.floats.length - this.f} numbers left after the last event`);
    if (this.t !== this.text.length) this.fail(`${this.text.length - this.t} text units left after the last event`);
  }
}

function isPacked(m: unknown): m is PackedBatch {
  if (typeof m !== 'object' || m === null) return false;
  const b = m as Record<string, unknown>;
  return b.words instanceof ArrayBuffer && b.floats instanceof ArrayBuffer && typeof b.text === 'string';
}

/**
 * A packed batch's events, decoded in order a few at a time (`take`), so that a consumer that
 * handles them as they come holds only those few at once, not the whole batch: the main thread's
 * young generation then seldom holds a batch's worth of short-lived events when it is scavenged
 * (they would be copied, and promoted if a scavenge came twice).
 */
export class PackedBatchReader {
  /** The batch's event count (checked against its size). */
  readonly count: number;
  /** The events the batch counts instead of carrying (event-tally.ts; checked), or null. */
  readonly tally: TallyRow[] | null;
  private read = 0;
  private readonly r: Reader;

  constructor(batch: unknown) {
    if (!isPacked(batch)) throw new PackedBatchError('not a packed batch (words, floats, text)');
    if (batch.words.byteLength % 4 !== 0 || batch.floats.byteLength % 8 !== 0) throw new PackedBatchError('a buffer is not a whole number of its units');
    const w = new Int32Array(batch.words);
    if (w.length < HEADER_WORDS || w[0] !== MAGIC) throw new PackedBatchError('not a packed batch (no header)');
    if (w[1] !== VERSION) throw new PackedBatchError(`packed batch version ${w[1]}, this reads ${VERSION}`);
    const count = w[2]!;
    if (count < 0 || count > (w.length - HEADER_WORDS) / MIN_EVENT_WORDS) throw new PackedBatchError(`event count ${count} does not fit the batch's ${w.length} words`);
    this.count = count;
    const tally = batch.tally === undefined ? null : checkTallyRows(batch.tally);
    if (typeof tally === 'string') throw new PackedBatchError(tally);
    this.tally = tally;
    this.r = new Reader(w, new Float64Array(batch.floats), batch.text);
  }

  /** Events not yet taken. */
  get left(): number {
    return this.count - this.read;
  }

  /** The next `max` events (fewer at the end); taking the last one checks that nothing follows it. */
  take(max: number): NormalisedEvent[] {
    const n = Math.min(max, this.count - this.read);
    const events: NormalisedEvent[] = new Array(n);
    for (let i = 0; i < n; i++) events[i] = this.r.event();
    this.read += n;
    if (this.read === this.count) this.r.end();
    return events;
  }
}

export function decodePackedBatch(batch: unknown): NormalisedEvent[] {
  const r = new PackedBatchReader(batch);
  return r.take(r.count);
}
