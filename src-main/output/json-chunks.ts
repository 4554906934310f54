/**
 * JSON text written in pieces, so a document with 100,000 findings is never one string in memory
 * (V8 caps a string near 512 MiB, and the whole text would sit beside the objects it describes).
 * `[...jsonChunks(v, gap)].join('')` equals `JSON.stringify(v, null, gap)` (ECMA-262
 * SerializeJSONObject / SerializeJSONArray with a gap): plain objects are opened key by key,
 * arrays item by item, and each item is `JSON.stringify`-ed alone at its depth: nested in as
 * many one-item arrays as it has levels above it, the wrappers' brackets cut off (`wrapped`), so
 * the engine writes its indentation (re-indenting the text with a replace of every line feed was
 * 60 % of the time of a triage document's 190 Sigma findings, 9.5 MB). A `LazyJsonArray`
 * produces its items only while they are written.
 *
 * With `JsonChunkOptions.openDepth`, plain objects down to that depth are opened key by key too
 * (their arrays, and what lies deeper, written whole), and an object the caller counted in a
 * `RepeatedJson` is stringified once and its text reused wherever it is met again at the same
 * depth: the triage document's findings share their process's timeline, tree and parallel
 * processes (three quarters of their text on the shared corpus).
 *
 * An opened object's fields that are written whole, one after another, are one JSON.stringify of
 * an object of those fields (a finding's 60 fields around its pivots: two calls and four pieces,
 * not 120 and 60).
 *
 * Differences from JSON.stringify, none of which the triage document meets: a `toJSON` of an
 * array item or a repeated object below the top is called with the key '0' instead of its own
 * key or index, and cycles through an item are reported by that item's JSON.stringify.
 */
import { setOwn } from '../model/fields';

/** An array whose items are made on demand, one at a time, while the JSON text is written. */
export class LazyJsonArray<T> {
  constructor(readonly items: () => Iterable<T>) {}
  toJSON(): T[] {
    return [...this.items()];
  }
}

/**
 * Objects a text meets more than once, by identity, with how many times (`count` each use before
 * the text is written): each is stringified at its first use and its text reused at the others
 * (at the same depth), then dropped after its last. At most `maxHeldChars` of text is held at
 * once (past it a text is not kept and is stringified again where next met), so memory stays
 * bounded whatever the sharing.
 */
export class RepeatedJson {
  private readonly uses = new Map<object, number>();
  private readonly texts = new Map<object, { depth: number; text: string }>();
  private held = 0;

  constructor(private readonly maxHeldChars = 8 << 20) {}

  /** One more use of `value` in the text to write. */
  count(value: object): void {
    this.uses.set(value, (this.uses.get(value) ?? 0) + 1);
  }

  /** Is `value` counted more than once (so worth keeping)? */
  has(value: object): boolean {
    return (this.uses.get(value) ?? 0) > 1;
  }

  /** The text of `value` at `depth`: the one kept from an earlier use, or `make()`'s, kept while `value` has uses left. */
  text(value: object, depth: number, make: () => string): string {
    const left = (this.uses.get(value) ?? 1) - 1;
    const kept = this.texts.get(value);
    let text: string;
    if (kept !== undefined && kept.depth === depth) text = kept.text;
    else {
      text = make();
      if (kept === undefined && left > 0 && this.held + text.length <= this.maxHeldChars) {
        this.texts.set(value, { depth, text });
        this.held += text.length;
      }
    }
    if (left > 0) this.uses.set(value, left);
    else {
      this.uses.delete(value);
      const k = this.texts.get(value);
      if (k !== undefined) { this.texts.delete(value); this.held -= k.text.length; }
    }
    return text;
  }
}

export interface JsonChunkOptions {
  /**
   * Plain objects at a depth below this (the top value is at 0; an array's items and an object's
   * values one deeper) are opened key by key; below it arrays, and objects at or past it, are
   * written whole. Lazy arrays are always opened. Without it every array is opened and its items
   * written whole.
   */
  openDepth?: number;
  /** Objects met more than once (with `openDepth`): written once, their text reused. */
  repeated?: RepeatedJson;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The text JSON.stringify writes before and after a value nested in `depth` one-item arrays. */
function wrappers(gap: string, depth: number): { before: number; after: number } {
  let before = 0;
  let after = 0;
  for (let i = 0; i < depth; i++) {
    before += 2 + gap.length * (i + 1); // `[`, line feed, the next level's indent
    after += 2 + gap.length * i; // line feed, this level's indent, `]`
  }
  return { before, after };
}

/**
 * An object or array as JSON.stringify writes it `depth` levels down (its lines indented by
 * `depth` gaps): the text of it nested in `depth` one-item arrays, without their brackets.
 */
function wrapped(value: object, gap: string, depth: number): string {
  let v: unknown = value;
  for (let i = 0; i < depth; i++) v = [v];
  const s = JSON.stringify(v, null, gap);
  const { before, after } = wrappers(gap, depth);
  return s.slice(before, s.length - after);
}

/** One value as JSON.stringify writes it `depth` levels down (a repeated one from its kept text); undefined when it writes nothing (undefined, a function, a symbol). */
function whole(value: unknown, gap: string, depth: number, repeated?: RepeatedJson): string | undefined {
  if (typeof value === 'object' && value !== null && repeated?.has(value)) return repeated.text(value, depth, () => wholeText(value, gap, depth) ?? 'null');
  return wholeText(value, gap, depth);
}

function wholeText(value: unknown, gap: string, depth: number): string | undefined {
  // A value that is not an object or an array is one line: nothing to indent.
  if (gap === '' || depth === 0 || typeof value !== 'object' || value === null) return JSON.stringify(value, null, gap) as string | undefined;
  // (A toJSON that gives undefined writes `null` in the wrapper: what every caller writes for undefined.)
  return wrapped(value, gap, depth);
}

interface Writing {
  gap: string;
  /** Plain objects above this depth are opened (-1: the default mode: every array opened, its items whole). */
  openDepth: number;
  repeated: RepeatedJson | undefined;
}

/** Is `value`, written `depth` levels down, opened key by key (with `openDepth`) rather than written whole? */
function opened(value: unknown, w: Writing, depth: number): boolean {
  return depth < w.openDepth && isPlainObject(value);
}

/** Up to this length a value's text is written in one piece with its key (one piece per field, not two). */
const JOIN_MAX = 4096;

/** At most this many fields in one run (one JSON.stringify): a piece never holds more. */
const RUN_MAX = 128;

/** Does JSON.stringify skip this field value (undefined, a function, a symbol)? */
function skipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Is the field value `v` (at `depth`) written on its own: opened, a lazy array, or a repeated object's kept text? */
function alone(v: unknown, w: Writing, depth: number): boolean {
  if (v instanceof LazyJsonArray) return true;
  if (w.openDepth < 0 ? Array.isArray(v) || isPlainObject(v) : opened(v, w, depth)) return true;
  return typeof v === 'object' && v !== null && w.repeated !== undefined && w.repeated.has(v);
}

/**
 * An opened object's fields, in order. A run of fields written whole (neither opened nor
 * repeated: on a finding, all but its pivots) is one JSON.stringify of an object of those fields
 * alone, at the object's depth, its braces cut off: the same text as field by field (every key
 * and value as JSON.stringify writes them there, toJSON called with the field's key), with one
 * call and one piece for the run instead of two of each per field.
 */
function* objectChunks(obj: Record<string, unknown>, w: Writing, pad: string, depth: number): Generator<string> {
  const { gap } = w;
  const inner = pad + gap;
  const colon = gap ? ': ' : ':';
  const close = gap ? `\n${pad}}` : '}';
  const keys = Object.keys(obj);
  // Each field's value is read once (`v`: the value of keys[i]).
  const valueAt = (j: number): unknown => (j < keys.length ? obj[keys[j]!] : undefined);
  let first = true;
  let i = 0;
  let v = valueAt(0);
  while (i < keys.length) {
    const key = keys[i]!;
    if (skipped(v)) { v = valueAt(++i); continue; }
    if (!alone(v, w, depth + 1)) {
      const run: Record<string, unknown> = {};
      setOwn(run, key, v);
      let n = 1;
      for (v = valueAt(++i); i < keys.length && n < RUN_MAX; v = valueAt(++i)) {
        if (skipped(v)) continue;
        if (alone(v, w, depth + 1)) break;
        setOwn(run, keys[i]!, v);
        n++;
      }
      // `{`, the run's fields, `close`: its fields, after the object's `{` or a `,`.
      const text = wholeText(run, gap, depth)!;
      if (first) yield text.slice(0, text.length - close.length);
      else { yield ','; yield text.slice(1, text.length - close.length); }
      first = false;
      continue;
    }
    const head = `${first ? (gap ? '{\n' : '{') : gap ? ',\n' : ','}${inner}${JSON.stringify(key)}${colon}`;
    first = false;
    const text = leafText(v, w, depth + 1);
    if (text === null) {
      yield head;
      yield* valueChunks(v, w, inner, depth + 1);
    } else if (text.length <= JOIN_MAX) yield head + text;
    else {
      yield head;
      yield text;
    }
    v = valueAt(++i);
  }
  yield first ? '{}' : close;
}

function* arrayChunks(items: Iterable<unknown>, w: Writing, pad: string, depth: number): Generator<string> {
  const { gap } = w;
  const inner = pad + gap;
  let first = true;
  for (const item of items) {
    const open = `${first ? (gap ? '[\n' : '[') : gap ? ',\n' : ','}${inner}`;
    first = false;
    if (opened(item, w, depth + 1)) {
      yield open;
      yield* objectChunks(item as Record<string, unknown>, w, inner, depth + 1);
    } else yield `${open}${whole(item, gap, depth + 1, w.repeated) ?? 'null'}`;
  }
  yield first ? '[]' : gap ? `\n${pad}]` : ']';
}

/** The text of a value written whole at `depth` (null when it is opened: a lazy array, or an object or array above `openDepth`). */
function leafText(value: unknown, w: Writing, depth: number): string | null {
  if (value instanceof LazyJsonArray) return null;
  if (w.openDepth < 0 ? Array.isArray(value) || isPlainObject(value) : opened(value, w, depth)) return null;
  return whole(value, w.gap, depth, w.repeated) ?? 'null';
}

function* valueChunks(value: unknown, w: Writing, pad: string, depth: number): Generator<string> {
  const text = leafText(value, w, depth);
  if (text !== null) yield text;
  else if (value instanceof LazyJsonArray) yield* arrayChunks(value.items(), w, pad, depth);
  else if (Array.isArray(value)) yield* arrayChunks(value, w, pad, depth);
  else yield* objectChunks(value as Record<string, unknown>, w, pad, depth);
}

/**
 * The JSON text of `value` in pieces (`indent`: spaces per level, 0 for none, at most 10 as in
 * JSON.stringify). A top-level value JSON.stringify would skip (undefined) is written as `null`.
 */
export function* jsonChunks(value: unknown, indent = 2, options: JsonChunkOptions = {}): Generator<string> {
  const gap = ' '.repeat(Math.max(0, Math.min(10, Math.floor(indent))));
  const openDepth = options.openDepth === undefined ? -1 : Math.max(1, Math.floor(options.openDepth));
  yield* valueChunks(value, { gap, openDepth, repeated: options.repeated }, '', 0);
}
