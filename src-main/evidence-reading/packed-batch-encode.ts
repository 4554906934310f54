/**
 * Normalised events → a packed batch (format in packed-batch-format.ts). Pure: the worker edge
 * (ingest.worker.ts, through event-batcher.ts) posts the result with its buffers transferred.
 * Events are added one at a time as they are read, so none of them outlives its `add` (a young
 * object, for the garbage collector, rather than one held for a whole batch). One encoder is
 * reused batch after batch (its scratch buffers grow once); every batch is self-contained.
 */
import type { NormalisedEvent, SystemFields } from '../model/event';
import {
  ARRAY, FALSE, FLOAT, HAS_RECOVERED, HEADER_WORDS, INLINE_STRING, INT, INTERN_MAX_LENGTH, MAGIC, MAX_DEPTH,
  NEW_SHAPE, NEW_STRING, NULL, PackedBatchError, SHAPE, TRUE, UNDEFINED, VERSION, type PackedBatch,
} from './packed-batch-format';

/** An object shape of the batch: its keys, in order, and its number. */
interface Shape { keys: string[]; id: number }

export class PackedBatchEncoder {
  private words = new Int32Array(1 << 14);
  private n = HEADER_WORDS;
  private floats = new Float64Array(1 << 10);
  private nf = 0;
  private parts: string[] = [];
  private textUnits = 0;
  private strings = new Map<string, number>();
  /** The batch's shapes by their first key ('' for the empty object). */
  private shapes = new Map<string, Shape[]>();
  private shapeCount = 0;
  /** Events added since the last `take`. */
  events = 0;

  /** What the batch holds so far, in 4-byte units (words, floats, text): for a cap on a batch's size. */
  get size(): number {
    return this.n + 2 * this.nf + (this.textUnits >> 1);
  }

  /**
   * Adds one event. An event that cannot be packed (a value nested past `MAX_DEPTH`, a function …)
   * throws and leaves the batch as it was before it.
   */
  add(e: NormalisedEvent): void {
    const n = this.n;
    const nf = this.nf;
    const parts = this.parts.length;
    const textUnits = this.textUnits;
    const strings = this.strings.size;
    const shapes = this.shapeCount;
    try {
      this.event(e);
    } catch (err) {
      for (let i = parts; i < this.parts.length; i++) if ((this.strings.get(this.parts[i]!) ?? -1) >= strings) this.strings.delete(this.parts[i]!);
      for (const list of this.shapes.values()) while (list.length > 0 && list[list.length - 1]!.id >= shapes) list.pop();
      this.n = n;
      this.nf = nf;
      this.parts.length = parts;
      this.textUnits = textUnits;
      this.shapeCount = shapes;
      throw err;
    }
    this.events++;
  }

  /** The packed batch of the events added since the last take, and the buffers to transfer; the encoder starts a new batch. */
  take(): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    this.words[0] = MAGIC;
    this.words[1] = VERSION;
    this.words[2] = this.events;
    const words = this.words.slice(0, this.n).buffer;
    const floats = this.floats.slice(0, this.nf).buffer;
    const text = this.parts.join('');
    this.reset();
    return { batch: { words, floats, text }, transfer: [words, floats] };
  }

  /** A whole batch at once. */
  encode(events: readonly NormalisedEvent[]): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    this.reset();
    for (let i = 0; i < events.length; i++) this.add(events[i]!);
    return this.take();
  }

  private reset(): void {
    this.n = HEADER_WORDS;
    this.nf = 0;
    this.parts = [];
    this.textUnits = 0;
    this.strings.clear();
    this.shapes.clear();
    this.shapeCount = 0;
    this.events = 0;
  }

  private event(e: NormalisedEvent): void {
    const recovered = e.recovered !== undefined || 'recovered' in e;
    this.word(recovered ? HAS_RECOVERED : 0);
    this.value(e.evidence, 0);
    this.value(e.record_id, 0);
    this.value(e.dest, 0);
    this.value(e.event_id, 0);
    this.value(e.channel, 0);
    this.value(e.time, 0);
    this.value(e.time_ms, 0);
    this.value(e.time_source, 0);
    this.value(e.time_created, 0);
    this.value(e.utc_time, 0);
    this.system(e.system);
    this.value(e.data, 0);
    this.value(e.view, 0);
    if (recovered) this.value(e.recovered, 0);
  }

  private system(s: SystemFields): void {
    this.value(s.provider_name, 0);
    this.value(s.provider_guid, 0);
    this.value(s.qualifiers, 0);
    this.value(s.version, 0);
    this.value(s.level, 0);
    this.value(s.task, 0);
    this.value(s.opcode, 0);
    this.value(s.keywords, 0);
    this.value(s.user_sid, 0);
    this.value(s.execution_process_id, 0);
    this.value(s.execution_thread_id, 0);
    this.value(s.activity_id, 0);
    this.value(s.related_activity_id, 0);
  }

  private value(v: unknown, depth: number): void {
    if (typeof v === 'string') this.string(v);
    else if (v === null) this.word(NULL);
    else if (typeof v === 'number') {
      if ((v | 0) === v && (v !== 0 || 1 / v > 0)) { this.word(INT); this.word(v); } else { this.word(FLOAT); this.float(v); }
    } else if (typeof v === 'boolean') this.word(v ? TRUE : FALSE);
    else if (v === undefined) this.word(UNDEFINED);
    else if (typeof v === 'object') {
      if (depth >= MAX_DEPTH) throw new PackedBatchError(`a value is nested deeper than ${MAX_DEPTH}`);
      if (Array.isArray(v)) {
        this.word(ARRAY);
        this.word(v.length);
        for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
      } else this.object(v as Record<string, unknown>, depth);
    } else throw new PackedBatchError(`an event holds a ${typeof v}, which a batch does not carry`);
  }

  private object(o: Record<string, unknown>, depth: number): void {
    const keys = Object.keys(o);
    const known = this.shapeOf(keys);
    if (known >= 0) {
      this.word(SHAPE);
      this.word(known);
    } else {
      this.word(NEW_SHAPE);
      this.word(keys.length);
      for (let i = 0; i < keys.length; i++) this.string(keys[i]!);
    }
    for (let i = 0; i < keys.length; i++) this.value(o[keys[i]!], depth + 1);
  }

  /**
   * The batch's shape with these keys, or -1 after adding it. Shapes are found by their first
   * key, then compared key by key: property names are internalised strings, so `===` is a
   * pointer test, cheaper than hashing every key.
   */
  private shapeOf(keys: string[]): number {
    const first = keys.length === 0 ? '' : keys[0]!;
    let list = this.shapes.get(first);
    if (list === undefined) { list = []; this.shapes.set(first, list); }
    for (let j = 0; j < list.length; j++) {
      const known = list[j]!.keys;
      if (known.length !== keys.length) continue;
      let same = true;
      for (let i = 1; i < keys.length; i++) if (known[i] !== keys[i]) { same = false; break; }
      if (same) return list[j]!.id;
    }
    list.push({ keys, id: this.shapeCount++ });
    return -1;
  }

  private string(s: string): void {
    if (s.length > INTERN_MAX_LENGTH) {
      this.word(INLINE_STRING);
      this.word(s.length);
      this.parts.push(s);
      this.textUnits += s.length;
      return;
    }
    const seen = this.strings.get(s);
    if (seen !== undefined) { this.word(seen); return; }
    this.strings.set(s, this.strings.size);
    this.word(NEW_STRING);
    this.word(s.length);
    this.parts.push(s);
    this.textUnits += s.length;
  }

  private word(w: number): void {
    if (this.n === this.words.length) {
      const grown = new Int32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    this.words[this.n++] = w;
  }

  private float(f: number): void {
    if (this.nf === this.floats.length) {
      const grown = new Float64Array(this.floats.length * 2);
      grown.set(this.floats);
      this.floats = grown;
    }
    this.floats[this.nf++] = f;
  }
}
