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
 * from a few templates), so shapes are kept by a print of their keys (`keysPrint`) and an event
 * whose keys are those of the kept shape of its print (same keys, same order) reuses its map: a
 * look-up costs two walks over the event's keys (print, then check), not one per recent shape
 * (a folder's Sysmon and Security events alternate between dozens of shapes, most starting with
 * the same keys: 91k walks for 23k look-ups over the corpus, measured). Bounded: `MAX_SHAPES`
 * shapes of `MAX_KEPT_KEYS` keys in all; a print's later shape replaces its earlier one.
 */
export interface KeyShape {
  keys: string[];
  byLower: Map<string, string>;
}
const shapesByPrint = new Map<number, KeyShape>();
const MAX_SHAPES = 256;
/** Objects with more keys get a map of their own (not kept). */
const MAX_SHAPE_KEYS = 512;
/** Keys of all kept shapes together (the bound of what they hold: the 16 shapes kept before held up to 8,192). */
const MAX_KEPT_KEYS = 16_384;
let keptKeys = 0;

/**
 * A print of `d`'s own enumerable keys in order: their count, lengths and last units, folded into
 * 24 bits (small integers throughout: this runs mostly in the baseline tier, where a larger
 * number is a heap number). Equal keys give equal prints; `sameKeys` checks a print's shape.
 */
function keysPrint(d: Record<string, unknown>): number {
  let h = 0;
  for (const k in d) {
    if (!Object.hasOwn(d, k)) continue;
    h = (h * 31 + k.length * 128 + (k.charCodeAt(k.length - 1) & 127)) & 0xffffff;
  }
  return h;
}

/** Do `d`'s own enumerable keys, in order, equal `keys`? */
function sameKeys(d: Record<string, unknown>, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in d) {
    if (!Object.hasOwn(d, k)) continue;
    if (i >= keys.length || keys[i] !== k) return false;
    i++;
  }
  return i === keys.length;
}

function newShape(keys: string[]): KeyShape {
  const byLower = new Map<string, string>();
  for (const k of keys) {
    const l = lowerName(k);
    if (!byLower.has(l)) byLower.set(l, k);
  }
  return { keys, byLower };
}

/** The shape of `d`'s keys: the kept one of their print when the keys are the same, else a new one (kept unless large or past the bound). */
export function keyShape(d: Record<string, unknown>): KeyShape {
  const print = keysPrint(d);
  const kept = shapesByPrint.get(print);
  if (kept !== undefined && sameKeys(d, kept.keys)) return kept;
  const keys = Object.keys(d);
  const shape = newShape(keys);
  const freed = kept === undefined ? 0 : kept.keys.length;
  if (keys.length <= MAX_SHAPE_KEYS && (kept !== undefined || shapesByPrint.size < MAX_SHAPES) && keptKeys - freed + keys.length <= MAX_KEPT_KEYS) {
    shapesByPrint.set(print, shape);
    keptKeys += keys.length - freed;
  }
  return shape;
}
