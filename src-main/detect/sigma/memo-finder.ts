/**
 * A SubstringFinder (substring-finder.ts) that remembers what it found in each value: events
 * repeat most of their values, and a rule-index probe scans a value unit by unit in JavaScript
 * (mostly in the baseline tier during a triage's one pass), where a repeat costs a map look-up
 * instead. Measured over the shared corpus: 89 % of a pass's 36k scans were of a value the same
 * finder had scanned before (74 % of the 1.15M units scanned). Same answers as the finder: each
 * literal of the value reported once per `epoch`.
 *
 * Bounded (values come from the evidence): values longer than `MAX_MEMO_LENGTH` units are
 * scanned each time, and when the values remembered by all finders together reach
 * `MAX_MEMO_UNITS` units, every finder forgets them. A kept value is a copy of the caller's: a
 * value is often a slice of a whole decoded batch's text, which a kept slice would keep alive
 * (V8's sliced strings hold their parent).
 */
import { SubstringFinder } from './substring-finder';

const MAX_MEMO_LENGTH = 256;
const MAX_MEMO_UNITS = 1 << 20;
/** What a value found, when it found nothing (shared). */
const NOTHING: readonly number[] = Object.freeze([]);
/** A remembered value's own cost in units (the map's entry), so that short values count too. */
const ENTRY_UNITS = 16;

/** Units remembered by all finders (values' lengths, found lists' and `ENTRY_UNITS` per value), and the finders remembering any. */
let memoUnits = 0;
const remembering: MemoFinder[] = [];

function forgetAll(): void {
  for (let i = 0; i < remembering.length; i++) remembering[i]!.forget();
  remembering.length = 0;
  memoUnits = 0;
}

/**
 * `s` as a string of its own: V8 flattens the concatenation into a new string before slicing it,
 * so the copy holds `s.length + 1` units, not `s`'s parent (measured on Node 20: 50 slices of
 * 1 MB strings kept 52.7 MB as slices, 3.7 MB as copies made this way).
 */
function detached(s: string): string {
  return (' ' + s).slice(1);
}

export class MemoFinder {
  readonly literals: readonly string[];
  private readonly finder: SubstringFinder;
  private memo = new Map<string, readonly number[]>();
  /** The finder's epochs, one per scan (the caller's epochs are this class's: `reported`). */
  private scanEpoch = 0;
  private readonly scanned: number[] = [];
  /** The caller's `epoch` a literal was last reported in. */
  private readonly reported: Uint32Array;

  constructor(literals: Iterable<string>) {
    this.finder = new SubstringFinder(literals);
    this.literals = this.finder.literals;
    this.reported = new Uint32Array(this.literals.length);
  }

  /** As SubstringFinder.find: pushes onto `out` each literal occurring in `v` not yet reported in `epoch`. */
  find(v: string, epoch: number, out: number[]): void {
    let ids = this.memo.get(v);
    if (ids === undefined) ids = this.scan(v);
    const reported = this.reported;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (reported[id] !== epoch) {
        reported[id] = epoch;
        out.push(id);
      }
    }
  }

  /** Forgets what was reported (the caller's epochs start again). */
  reset(): void {
    this.reported.fill(0);
  }

  /** Drops the remembered values (forgetAll). */
  forget(): void {
    this.memo = new Map();
  }

  /** Every literal of `v` (each once), remembered when `v` is short enough. */
  private scan(v: string): readonly number[] {
    if (++this.scanEpoch === 0xffffffff) {
      this.finder.reset();
      this.scanEpoch = 1;
    }
    const found = this.scanned;
    found.length = 0;
    this.finder.find(v, this.scanEpoch, found);
    const ids = found.length === 0 ? NOTHING : found.slice();
    if (v.length <= MAX_MEMO_LENGTH) this.remember(v, ids);
    return ids;
  }

  private remember(v: string, ids: readonly number[]): void {
    const units = v.length + ids.length + ENTRY_UNITS;
    if (memoUnits + units > MAX_MEMO_UNITS) forgetAll();
    if (this.memo.size === 0) remembering.push(this);
    this.memo.set(detached(v), ids);
    memoUnits += units;
  }
}
