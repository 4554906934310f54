/**
 * Field names as Sigma's case-insensitive look-up needs them (event-view.ts): names lower-cased
 * once per process, and the key shapes of events' data (which key answers a lower-cased name).
 */

/** Field names lower-cased, shared by every view: events repeat a few hundred names (bounded: names come from the evidence). */
const lowerNames = new Map<string, string>();
const MAX_LOWER_NAMES = 10_000;

/** `s` lower-cased, through `cache` (kept while it holds fewer than MAX_LOWER_NAMES). */
export function cachedLower(cache: Map<string, string>, s: string): string {
  let l = cache.get(s);
  if (l === undefined) {
    l = s.toLowerCase();
    if (cache.size < MAX_LOWER_NAMES) cache.set(s, l);
  }
  return l;
}

export function lowerName(name: string): string {
  return cachedLower(lowerNames, name);
}

/**
 * An event's data keys in order, and per lower-cased name the first key of that spelling: what a
 * case-insensitive look-up needs. Events of one kind share their keys (a file's records come
 * from a few templates), so shapes are kept by a print of their keys (`keysPrint`), a few per
 * print, and an event whose keys are those of a kept shape of its print (same keys, same order)
 * reuses its map. A look-up reads the event's keys once (`Object.keys`, one builtin call) and
 * compares them with the kept shapes' by identity (property keys are V8's internalised strings):
 * the walk it replaces (`for…in` twice, an `Object.hasOwn` call per key: a print, then a check),
 * run mostly in the baseline tier, cost ~3x as much in a micro-benchmark (`--no-opt`, 12 shapes
 * of 12–23 keys) and made key-shapes.ts a main-thread cost of a Sigma triage (the shared corpus:
 * 23k look-ups, 273k keys, per pass). Bounded: `MAX_SHAPES` shapes of `MAX_KEPT_KEYS` keys in
 * all, `MAX_PER_PRINT` per print (a print's next shape replaces its oldest).
 */
export interface KeyShape {
  keys: string[];
  byLower: Map<string, string>;
}
const shapesByPrint = new Map<number, KeyShape[]>();
let shapeCount = 0;
const MAX_SHAPES = 256;
const MAX_PER_PRINT = 4;
/** Objects with more keys get a map of their own (not kept). */
const MAX_SHAPE_KEYS = 512;
/** Keys of all kept shapes together (the bound of what they hold: the 16 shapes kept before held up to 8,192). */
const MAX_KEPT_KEYS = 16_384;
let keptKeys = 0;

/**
 * A print of a key list: its count, and the lengths of its first, middle and last keys and the
 * last unit of the last, folded into 24 bits (small integers: this runs mostly in the baseline
 * tier, where a larger number is a heap number). Equal lists give equal prints; `sameKeys` checks.
 */
function keysPrint(keys: readonly string[]): number {
  const n = keys.length;
  if (n === 0) return 0;
  const first = keys[0]!;
  const mid = keys[n >> 1]!;
  const last = keys[n - 1]!;
  return (n * 1021 + first.length * 331 + mid.length * 31 + last.length + (last.charCodeAt(last.length - 1) << 11)) & 0xffffff;
}

/** Are two key lists the same keys in the same order? */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function newShape(keys: string[]): KeyShape {
  const byLower = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const l = lowerName(k);
    if (!byLower.has(l)) byLower.set(l, k);
  }
  return { keys, byLower };
}

/** The shape of `d`'s own enumerable keys: a kept one when the keys are the same, else a new one (kept unless large or past the bounds). */
export function keyShape(d: Record<string, unknown>): KeyShape {
  const keys = Object.keys(d);
  const print = keysPrint(keys);
  const kept = shapesByPrint.get(print);
  if (kept !== undefined) {
    for (let i = 0; i < kept.length; i++) if (sameKeys(keys, kept[i]!.keys)) return kept[i]!;
  }
  const shape = newShape(keys);
  keep(print, kept, shape);
  return shape;
}

/** Keeps `shape` under `print` (`kept`: its shapes so far) when the bounds allow; a full print's oldest makes room. */
function keep(print: number, kept: KeyShape[] | undefined, shape: KeyShape): void {
  const n = shape.keys.length;
  if (n > MAX_SHAPE_KEYS) return;
  if (kept !== undefined && kept.length >= MAX_PER_PRINT) {
    keptKeys -= kept.shift()!.keys.length;
    shapeCount--;
  }
  if (shapeCount >= MAX_SHAPES || keptKeys + n > MAX_KEPT_KEYS) return;
  if (kept === undefined) shapesByPrint.set(print, [shape]);
  else kept.push(shape);
  shapeCount++;
  keptKeys += n;
}
