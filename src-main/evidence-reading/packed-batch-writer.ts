/**
 * The writing half of the packed batch encoder (format in packed-batch-format.ts): the batch's
 * buffers, its string table and object shapes, and values written one at a time. One writer is
 * reused batch after batch (its scratch buffers grow once); every batch is self-contained.
 *
 * Most strings repeat the one written at the same place in the event before (the evidence path,
 * the channel, a field's usual value): each place (an event key, or one key of one object shape,
 * packed-batch-slots.ts) remembers the last string interned there and its number, so a repeat
 * costs one comparison instead of a lookup in the batch's string table (which hashes a string the
 * reader has just made whole). On the shared corpus 83 % of strings are found this way. Each place
 * also remembers the shape of the last object written there, tried before the shape registry.
 */
import {
  ARRAY, FALSE, FLOAT, HEADER_WORDS, INLINE_STRING, INT, INTERN_MAX_LENGTH, MAGIC, MAX_DEPTH,
  NEW_SHAPE, NEW_STRING, NULL, PackedBatchError, SAME_SYSTEM, SHAPE, TRUE, UNDEFINED, VERSION, type PackedBatch,
} from './packed-batch-format';
import { ShapeRegistry, StringSlot, type Shape } from './packed-batch-slots';

/** The places of an event's own strings (the keys that hold a string or null). */
class EventSlots {
  readonly evidence = new StringSlot();
  readonly dest = new StringSlot();
  readonly channel = new StringSlot();
  readonly time = new StringSlot();
  readonly time_source = new StringSlot();
  readonly time_created = new StringSlot();
  readonly utc_time = new StringSlot();
  readonly provider_name = new StringSlot();
  readonly provider_guid = new StringSlot();
  readonly keywords = new StringSlot();
  readonly user_sid = new StringSlot();
  readonly activity_id = new StringSlot();
  readonly related_activity_id = new StringSlot();
  readonly data = new StringSlot();
  readonly view = new StringSlot();
  readonly recovered = new StringSlot();
  /** The keys that hold a number (or, against their type, anything else). */
  readonly other = new StringSlot();
}

/** The batch being written and what it remembers; `PackedBatchEncoder` (packed-batch-encode.ts) writes events with it. */
export class PackedBatchWriter {
  private words = new Int32Array(1 << 14);
  private n = HEADER_WORDS;
  private floats = new Float64Array(1 << 10);
  private nf = 0;
  private parts: string[] = [];
  private textUnits = 0;
  private strings = new Map<string, number>();
  private readonly shapes = new ShapeRegistry();
  private shapeCount = 0;
  /** This batch's number: a slot's or shape's number is this batch's only if stamped with it. */
  private epoch = 1;
  protected slots = new EventSlots();
  /** Events added since the last `take`. */
  events = 0;

  constructor() {
    // Written a second time so V8 does not track the buffers as constant fields: they are replaced
    // when they grow, which would otherwise deoptimise every optimised writer (`word`, `string`).
    this.words = new Int32Array(1 << 14);
    this.floats = new Float64Array(1 << 10);
  }

  /** What the batch holds so far, in 4-byte units (words, floats, text): for a cap on a batch's size. */
  get size(): number {
    return this.n + 2 * this.nf + (this.textUnits >> 1);
  }

  /** Where the batch stood before the event being added (`begin`), for `undo`: fields, not an object per event. */
  private markN = 0;
  private markNf = 0;
  private markParts = 0;
  private markTextUnits = 0;
  private markStrings = 0;
  private markShapes = 0;
  private markSystemAt = -1;
  private markSystemEnd = -1;
  /** Where the words of the batch's last System header written in full start and end (-1: none yet). */
  private systemAt = -1;
  private systemEnd = -1;

  /** Marks where the batch stands before an event is written. */
  protected begin(): void {
    this.markN = this.n;
    this.markNf = this.nf;
    this.markParts = this.parts.length;
    this.markTextUnits = this.textUnits;
    this.markStrings = this.strings.size;
    this.markShapes = this.shapeCount;
    this.markSystemAt = this.systemAt;
    this.markSystemEnd = this.systemEnd;
  }

  /** Takes back what was written since `begin` (an event that could not be packed). */
  protected undo(): void {
    const strings = this.markStrings;
    for (let i = this.markParts; i < this.parts.length; i++) if ((this.strings.get(this.parts[i]!) ?? -1) >= strings) this.strings.delete(this.parts[i]!);
    this.n = this.markN;
    this.nf = this.markNf;
    this.parts.length = this.markParts;
    this.textUnits = this.markTextUnits;
    this.shapeCount = this.markShapes;
    // Every slot and shape numbered before is forgotten: they may name what was just undone.
    // The rest of the batch defines again what it uses (the decoder keeps both definitions).
    this.epoch++;
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

  protected reset(): void {
    this.n = HEADER_WORDS;
    this.nf = 0;
    this.parts = [];
    this.textUnits = 0;
    this.strings.clear();
    if (this.shapes.trim()) this.slots = new EventSlots();
    this.shapeCount = 0;
    this.systemAt = -1;
    this.systemEnd = -1;
    this.epoch++;
    this.events = 0;
  }

  /** Where the next word goes: the start of a System header, for `endSystem`. */
  protected get at(): number {
    return this.n;
  }

  /**
   * Ends the System header written from word `start`: when its words are those of the last
   * header written in full and hold only strings the batch had already, integers, nulls and
   * booleans (no text, float, array or object of its own), they are taken back and `SAME_SYSTEM`
   * written instead (the decoder copies the event before's header: equal values, its own object).
   */
  protected endSystem(start: number): void {
    const w = this.words;
    const end = this.n;
    const prev = this.systemAt;
    if (prev >= 0 && end - start === this.systemEnd - prev) {
      let same = true;
      for (let i = 0; i < end - start; i++) {
        const x = w[start + i]!;
        if (x !== w[prev + i]) { same = false; break; }
        if (x === INT) { i++; if (w[start + i] !== w[prev + i]) { same = false; break; } } else if (x < 0 && x !== NULL && x !== TRUE && x !== FALSE && x !== UNDEFINED) { same = false; break; }
      }
      if (same) { this.n = start; this.word(SAME_SYSTEM); return; }
    }
    this.systemAt = start;
    this.systemEnd = end;
  }

  /** One value, written at `slot` (where its strings and object shapes are remembered). */
  protected value(v: unknown, depth: number, slot: StringSlot): void {
    if (typeof v === 'string') this.string(v, slot);
    else if (v === null) this.word(NULL);
    else if (typeof v === 'number') this.number(v);
    else if (typeof v === 'boolean') this.word(v ? TRUE : FALSE);
    else if (v === undefined) this.word(UNDEFINED);
    else if (typeof v === 'object') {
      if (depth >= MAX_DEPTH) throw new PackedBatchError(`a value is nested deeper than ${MAX_DEPTH}`);
      if (Array.isArray(v)) {
        this.word(ARRAY);
        this.word(v.length);
        for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1, slot);
      } else this.object(v as Record<string, unknown>, depth, slot);
    } else throw new PackedBatchError(`an event holds a ${typeof v}, which a batch does not carry`);
  }

  /** A number: one word when it is an int32 (and not -0), else the next float. */
  protected number(v: number): void {
    if ((v | 0) === v && (v !== 0 || 1 / v > 0)) { this.word(INT); this.word(v); } else { this.word(FLOAT); this.float(v); }
  }

  /**
   * A string written where it occurs, not interned: for strings that do not repeat (an event's
   * time), so no lookup hashes them (nor flattens one made by concatenation).
   */
  protected inline(s: string): void {
    this.text(INLINE_STRING, s);
  }

  protected object(o: Record<string, unknown>, depth: number, slot: StringSlot): void {
    const shape = this.objectShape(o, slot);
    const keys = shape.keys;
    const slots = shape.slots;
    for (let i = 0; i < keys.length; i++) this.value(o[keys[i]!], depth + 1, slots[i]!);
  }

  /**
   * Finds and writes the shape of `o` (its keys, or the number of the same keys written before);
   * its values follow, at the shape's slots. The shape last written at `slot` is tried first,
   * key by key with for-in (no key array per object; a plain object's for-in keys are its own
   * keys, in Object.keys order).
   */
  protected objectShape(o: object, slot: StringSlot): Shape {
    const guess = slot.shape;
    const shape = guess !== null && Object.getPrototypeOf(o) === Object.prototype && hasKeys(o, guess.keys) ? guess : (slot.shape = this.shapes.find(Object.keys(o)));
    if (shape.epoch === this.epoch) {
      this.word(SHAPE);
      this.word(shape.id);
    } else {
      const keys = shape.keys;
      this.word(NEW_SHAPE);
      this.word(keys.length);
      for (let i = 0; i < keys.length; i++) this.key(keys[i]!);
      shape.epoch = this.epoch;
      shape.id = this.shapeCount++;
    }
    return shape;
  }

  protected string(s: string, slot: StringSlot): void {
    if (slot.last === s && slot.epoch === this.epoch) { this.word(slot.id); return; }
    if (s.length > INTERN_MAX_LENGTH) { this.text(INLINE_STRING, s); return; }
    const seen = this.strings.get(s);
    if (seen !== undefined) {
      slot.remember(s, seen, this.epoch);
      this.word(seen);
      return;
    }
    const id = this.strings.size;
    this.strings.set(s, id);
    slot.remember(s, id, this.epoch);
    this.text(NEW_STRING, s);
  }

  /** A key: always interned (few, and internalised strings hash once). */
  private key(s: string): void {
    if (s.length > INTERN_MAX_LENGTH) { this.text(INLINE_STRING, s); return; }
    const seen = this.strings.get(s);
    if (seen !== undefined) { this.word(seen); return; }
    this.strings.set(s, this.strings.size);
    this.text(NEW_STRING, s);
  }

  private text(tag: number, s: string): void {
    this.word(tag);
    this.word(s.length);
    this.parts.push(s);
    this.textUnits += s.length;
  }

  protected word(w: number): void {
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

/** Whether `o`'s for-in keys are exactly `keys`, in order (property names are internalised: `!==` is a pointer test). */
function hasKeys(o: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) {
    if (i === keys.length || keys[i] !== k) return false;
    i++;
  }
  return i === keys.length;
}
