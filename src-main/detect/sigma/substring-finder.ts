/**
 * Finds which of a fixed set of literals (each ≥ 2 UTF-16 units) occur in a value, in one pass:
 * each literal is filed in a hash table by an anchor, a window of three of its units (a two-unit
 * literal: both, and "no third unit"), so each position of the value costs a typed-array read (a
 * filter of the anchors' first two units; past it, a hash and a filter of their three-unit windows),
 * and only the literals whose anchor hashes there, and whose anchor units are the value's there, are compared
 * (`startsWith` where the literal would start). A literal's anchor is the window fewest literals of
 * the set hold: SigmaHQ's lists share their heads (`md5=…` hashes, `\software\microsoft\…` keys,
 * ` -e…` switches), and filing them by their first units gave a chain of hundreds to compare at
 * every `md5=` of a value. Same answers as one `includes` per literal.
 * Speed only (rule gates, rule-index.ts): never decides a match.
 */

const MIN_BITS = 8;
const MAX_BITS = 16;
/** The pair filter's size in bits: a value's position is looked further only when its two units' bit is set. */
const PAIR_BITS = 4096;
/**
 * The window filter, past the pair filter: a bit per `hash3` of the three-unit anchors, about 32 per
 * literal (2^12 to 2^20 bits). With SigmaHQ's 2,700 `CommandLine` literals the pair filter alone let a
 * quarter of the corpus's positions through to the hash chains, most of them starting no anchor
 * (measured over the shared corpus's finds: 305k of 1.15M positions; with this one, 43k).
 */
const MIN_FILTER_BITS = 12;
const MAX_FILTER_BITS = 20;
const FILTER_BITS_PER_LITERAL = 5; // log2(32)

/** A two-unit literal's third anchor unit, and the value's past its end (no UTF-16 unit is negative). */
const NO_UNIT = -1;

/**
 * The pair filter's bit for units `a`, `b` (any literal starting with them sets it): `a * 31 + b`
 * without a call (`find` writes it out too: its loop runs mostly in the baseline tier, where every
 * call, `Math.imul`'s as well, is a call).
 */
function pairBit(a: number, b: number): number {
  return ((a << 5) - a + b) & (PAIR_BITS - 1);
}

function hash3(a: number, b: number, c: number, shift: number): number {
  return Math.imul(Math.imul((a << 16) | b, 0x9e3779b1) ^ c, 0x85ebca6b) >>> shift;
}

/** Window counts by `hash3` of the window (`WINDOW_BITS` bits; windows hashing alike share a count). */
const WINDOW_BITS = 16;
const windowCounts = new Uint32Array(1 << WINDOW_BITS);
/** The count's table build (`windowBuild`): a count of an earlier build reads as 0 (no clearing per build). */
const windowCountedIn = new Uint32Array(1 << WINDOW_BITS);
/** The last literal (by index) counted for a slot in this build (each literal counts a window once). */
const windowCountedFor = new Int32Array(1 << WINDOW_BITS);
let windowBuild = 0;

/**
 * A literal's windows counted and tried as its anchor: its first `MAX_ANCHOR_WINDOWS` (0 for a
 * two-unit literal). Any window is a right anchor (`find` compares the whole literal); the first 32
 * hold a rare one in SigmaHQ's sets (a hash literal's first windows past `md5=`, `sha256=`, …), and
 * long literals (hashes, 40 to 70 units) no longer cost a hash per unit each, twice.
 */
const MAX_ANCHOR_WINDOWS = 32;

function anchorWindows(l: string): number {
  return l.length < 3 ? 0 : Math.min(MAX_ANCHOR_WINDOWS, l.length - 2);
}

/**
 * `windowCounts` filled for `lits`: how many literals hold each window (of their `anchorWindows`).
 * Returns the windows' hashes, literal after literal, for `rarestWindow` (each hashed once).
 */
function countWindows(lits: readonly string[]): Int32Array {
  if (++windowBuild === 0xffffffff) {
    windowCountedIn.fill(0);
    windowBuild = 1;
  }
  let total = 0;
  for (let id = 0; id < lits.length; id++) total += anchorWindows(lits[id]!);
  const hashes = new Int32Array(total);
  let h = 0;
  for (let id = 0; id < lits.length; id++) {
    const l = lits[id]!;
    const windows = anchorWindows(l);
    let a = l.charCodeAt(0);
    let b = l.charCodeAt(1);
    for (let at = 0; at < windows; at++) {
      const c = l.charCodeAt(at + 2);
      const k = hash3(a, b, c, 32 - WINDOW_BITS);
      a = b;
      b = c;
      hashes[h++] = k;
      if (windowCountedIn[k] !== windowBuild) {
        windowCountedIn[k] = windowBuild;
        windowCounts[k] = 1;
        windowCountedFor[k] = id;
      } else if (windowCountedFor[k] !== id) {
        windowCountedFor[k] = id;
        windowCounts[k]!++;
      }
    }
  }
  return hashes;
}

/**
 * Where a literal's window held by the fewest literals starts (the first such), given its windows'
 * hashes: `windows` of them from `from` in `hashes` (countWindows; at least one).
 */
function rarestWindow(hashes: Int32Array, from: number, windows: number): number {
  let best = 0;
  let fewest = Infinity;
  for (let at = 0; at < windows; at++) {
    const n = windowCounts[hashes[from + at]!]!;
    if (n < fewest) {
      fewest = n;
      best = at;
      if (n <= 1) break;
    }
  }
  return best;
}

export class SubstringFinder {
  /** The distinct literals; `find` reports them by their index here. */
  readonly literals: readonly string[];
  private readonly shift: number;
  /** The first literal of each anchor's chain by `hash3` of the anchor (a two-unit literal's third unit is NO_UNIT). */
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  /** One bit per `pairBit` of the anchors' first two units: most positions of a value start no anchor. */
  private readonly pairs = new Int32Array(PAIR_BITS / 32);
  /** The same bits of the two-unit literals only (a position past `pairs` whose pair starts one is looked up whatever its window). */
  private readonly twoUnitPairs = new Int32Array(PAIR_BITS / 32);
  /** One bit per `hash3` (shifted by `windowShift`) of the three-unit anchors: most positions of a value start none. */
  private readonly windows: Int32Array;
  private readonly windowShift: number;
  /** Each literal's anchor units (the third of a two-unit literal NO_UNIT): checked before `startsWith`. */
  private readonly first: Uint16Array;
  private readonly second: Uint16Array;
  private readonly third: Int32Array;
  /** Where each literal's anchor starts in it (0 for two-unit literals). */
  private readonly anchorAt: Int32Array;
  /** The `epoch` a literal was last reported in (so each is reported once per epoch). */
  private readonly reported: Uint32Array;

  constructor(literals: Iterable<string>) {
    const lits = [...new Set(literals)];
    if (lits.some((l) => l.length < 2)) throw new Error('SubstringFinder: literals need two units at least');
    this.literals = lits;
    let bits = MIN_BITS;
    while (bits < MAX_BITS && 1 << bits < 2 * lits.length) bits++;
    this.shift = 32 - bits;
    this.heads = new Int32Array(1 << bits).fill(-1);
    this.next = new Int32Array(lits.length).fill(-1);
    this.reported = new Uint32Array(lits.length);
    this.first = new Uint16Array(lits.length);
    this.second = new Uint16Array(lits.length);
    this.third = new Int32Array(lits.length);
    this.anchorAt = new Int32Array(lits.length);
    let filterBits = MIN_FILTER_BITS;
    while (filterBits < MAX_FILTER_BITS && 1 << filterBits < lits.length << FILTER_BITS_PER_LITERAL) filterBits++;
    this.windowShift = 32 - filterBits;
    this.windows = new Int32Array((1 << filterBits) / 32);
    const hashes = countWindows(lits);
    // A small loop (the filing in a method of its own): a one-shot loop over thousands of literals
    // in the constructor got it compiled on stack as well as normally (--trace-opt).
    for (let id = 0, from = 0; id < lits.length; id++) from = this.fileLiteral(id, lits[id]!, hashes, from);
  }

  /** Files literal `id` (`l`) under its anchor; its windows' hashes start at `from` in `hashes`. Returns where the next literal's start. */
  private fileLiteral(id: number, l: string, hashes: Int32Array, from: number): number {
    const windows = anchorWindows(l);
    const at = windows === 0 ? 0 : rarestWindow(hashes, from, windows);
    const a = l.charCodeAt(at);
    const b = l.charCodeAt(at + 1);
    const c = l.length > 2 ? l.charCodeAt(at + 2) : NO_UNIT;
    this.anchorAt[id] = at;
    this.first[id] = a;
    this.second[id] = b;
    this.third[id] = c;
    const bit = pairBit(a, b);
    this.pairs[bit >>> 5]! |= 1 << (bit & 31);
    if (c === NO_UNIT) this.twoUnitPairs[bit >>> 5]! |= 1 << (bit & 31);
    else {
      const w = hash3(a, b, c, this.windowShift);
      this.windows[w >>> 5]! |= 1 << (w & 31);
    }
    const h = hash3(a, b, c, this.shift);
    this.next[id] = this.heads[h]!;
    this.heads[h] = id;
    return from + windows;
  }

  /** Forgets what was reported (the caller's epochs start again). */
  reset(): void {
    this.reported.fill(0);
  }

  /**
   * Pushes onto `out` the index of every literal occurring in `v` not yet reported in this
   * `epoch` (a caller-owned counter, never 0, changed between independent searches).
   * The scan is this small loop: a position whose pair has its bit set is looked further, and goes
   * to `at` when its window has its bit set or its pair starts a two-unit literal. Both bits are read
   * there (no branch on whether the set has two-unit literals), so every path of both functions is
   * taken from the first values on (a path first taken after TurboFan compiled them deoptimised
   * them: `--trace-deopt`).
   */
  find(v: string, epoch: number, out: number[]): void {
    const n = v.length;
    if (n < 2) return;
    const pairs = this.pairs;
    let a = v.charCodeAt(0);
    let b = v.charCodeAt(1);
    for (let i = 0; i + 1 < n; i++) {
      const c = i + 2 < n ? v.charCodeAt(i + 2) : NO_UNIT;
      const bit = ((a << 5) - a + b) & (PAIR_BITS - 1); // pairBit(a, b), without a call
      if ((pairs[bit >>> 5]! & (1 << (bit & 31))) !== 0 && this.mayStart(bit, a, b, c)) this.at(v, i, a, b, c, epoch, out);
      a = b;
      b = c;
    }
  }

  /** Past the pair filter (`bit`: the pair's): may an anchor start at units `a`, `b`, `c`? Its window's bit, or a two-unit literal's pair. */
  private mayStart(bit: number, a: number, b: number, c: number): boolean {
    const w = hash3(a, b, c, this.windowShift);
    return (((this.windows[w >>> 5]! >>> (w & 31)) | (this.twoUnitPairs[bit >>> 5]! >>> (bit & 31))) & 1) !== 0;
  }

  /** Reports the literals whose anchor starts at `i` of `v`: its units `a`, `b`, `c` (NO_UNIT past the end). */
  private at(v: string, i: number, a: number, b: number, c: number, epoch: number, out: number[]): void {
    // The two-unit literal of these units (its chain looked up whether the set has one or not), then the three-unit anchors.
    this.chain(this.heads[hash3(a, b, NO_UNIT, this.shift)]!, v, i, a, b, NO_UNIT, epoch, out);
    if (c !== NO_UNIT) this.chain(this.heads[hash3(a, b, c, this.shift)]!, v, i, a, b, c, epoch, out);
  }

  /** Reports the literals of the chain from `id` whose anchor is `a`, `b`, `c` and that occur where it puts them. */
  private chain(id: number, v: string, i: number, a: number, b: number, c: number, epoch: number, out: number[]): void {
    const { next, reported, first, second, third, literals, anchorAt } = this;
    for (; id >= 0; id = next[id]!) {
      if (reported[id] !== epoch && first[id] === a && second[id] === b && third[id] === c) {
        const lit = literals[id]!;
        const start = i - anchorAt[id]!;
        if (start >= 0 && start + lit.length <= v.length && v.startsWith(lit, start)) {
          reported[id] = epoch;
          out.push(id);
        }
      }
    }
  }
}
