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
 * Differences from JSON.stringify, none of which the triage document meets: a `toJSON` of a
 * value below the top is called with the key '0' instead of its own key or index, and cycles
 * through an item are reported by that item's JSON.stringify.
 */

/** An array whose items are made on demand, one at a time, while the JSON text is written. */
export class LazyJsonArray<T> {
  constructor(readonly items: () => Iterable<T>) {}
  toJSON(): T[] {
    return [...this.items()];
  }
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

/** One value as JSON.stringify writes it at `pad` depth; undefined when it writes nothing (undefined, a function, a symbol). */
function whole(value: unknown, gap: string, pad: string): string | undefined {
  // A value that is not an object or an array is one line: nothing to indent.
  if (pad === '' || typeof value !== 'object' || value === null) return JSON.stringify(value, null, gap) as string | undefined;
  // (A toJSON that gives undefined writes `null` in the wrapper: what every caller writes for undefined.)
  return wrapped(value, gap, pad.length / gap.length);
}

function* objectChunks(obj: Record<string, unknown>, gap: string, pad: string): Generator<string> {
  const inner = pad + gap;
  let first = true;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? (gap ? '{\n' : '{') : gap ? ',\n' : ','}${inner}${JSON.stringify(key)}:${gap ? ' ' : ''}`;
    first = false;
    yield* valueChunks(v, gap, inner);
  }
  yield first ? '{}' : gap ? `\n${pad}}` : '}';
}

function* arrayChunks(items: Iterable<unknown>, gap: string, pad: string): Generator<string> {
  const inner = pad + gap;
  let first = true;
  for (const item of items) {
    yield `${first ? (gap ? '[\n' : '[') : gap ? ',\n' : ','}${inner}${whole(item, gap, inner) ?? 'null'}`;
    first = false;
  }
  yield first ? '[]' : gap ? `\n${pad}]` : ']';
}

function* valueChunks(value: unknown, gap: string, pad: string): Generator<string> {
  if (value instanceof LazyJsonArray) yield* arrayChunks(value.items(), gap, pad);
  else if (Array.isArray(value)) yield* arrayChunks(value, gap, pad);
  else if (isPlainObject(value)) yield* objectChunks(value, gap, pad);
  else yield whole(value, gap, pad) ?? 'null';
}

/**
 * The JSON text of `value` in pieces (`indent`: spaces per level, 0 for none, at most 10 as in
 * JSON.stringify). A top-level value JSON.stringify would skip (undefined) is written as `null`.
 */
export function* jsonChunks(value: unknown, indent = 2): Generator<string> {
  yield* valueChunks(value, ' '.repeat(Math.max(0, Math.min(10, Math.floor(indent)))), '');
}
