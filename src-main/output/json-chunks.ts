/**
 * JSON text written in pieces, so a document with 100,000 findings is never one string in memory
 * (V8 caps a string near 512 MiB, and the whole text would sit beside the objects it describes).
 * `[...jsonChunks(v, gap)].join('')` equals `JSON.stringify(v, null, gap)` (ECMA-262
 * SerializeJSONObject / SerializeJSONArray with a gap): plain objects are opened key by key,
 * arrays item by item, and each item is `JSON.stringify`-ed alone and indented to its depth (a
 * JSON text never holds a raw line feed, so re-indenting is a plain replace). A `LazyJsonArray`
 * produces its items only while they are written.
 *
 * Differences from JSON.stringify, none of which the triage document meets: a `toJSON` of an
 * array item is called with the key '' instead of the item's index, and cycles through an item
 * are reported by that item's JSON.stringify.
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

/** One value as JSON.stringify writes it at `pad` depth; undefined when it writes nothing (undefined, a function, a symbol). */
function whole(value: unknown, gap: string, pad: string): string | undefined {
  const s = JSON.stringify(value, null, gap) as string | undefined;
  return s === undefined || pad === '' ? s : s.replaceAll('\n', `\n${pad}`);
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
