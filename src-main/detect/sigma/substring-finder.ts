/**
 * Finds which of a fixed set of literals (each ≥ 2 UTF-16 units) occur in a value, in one pass:
 * each literal is filed in a hash table by an anchor, a window of three of its units (a two-unit
 * literal: both, and "no third unit"), so each position of the value costs a hash and a typed-array read, and only the
 * literals whose anchor hashes there, and whose anchor units are the value's there, are compared
 * (`startsWith` where the literal would start). A literal's anchor is the window fewest literals of
 * the set hold: SigmaHQ's lists share their heads (`md5=…` hashes, `\software\microsoft\…` keys,
 * ` -e…` switches), and filing them by their first units gave a chain of hundreds to compare at
 * every `md5=` of a value. Same answers as one `includes` per literal.
 * Speed only (rule gates, rule-index.ts): never decides a match.
 */

const MIN_BITS = 8;
const MAX_BITS = 16;
/** The pair filter's size in bits: a value's position is looked up only when its two units' bit is set. */
const PAIR_BITS = 4096;

/** A two-unit literal's third anchor unit, and the value's past its end (no UTF-16 unit is negative). */
const NO_UNIT = -1;

/** The pair filter's bit for units `a`, `b` (any literal starting with them sets it). */
function pairBit(a: number, b: number): number {
  return (Math.imul(a, 31) + b) & (PAIR_BITS - 1);
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

/** `windowCounts` filled for `lits`: how many literals of three units or more hold each window. */
function countWindows(lits: readonly string[]): void {
  if (++windowBuild === 0xffffffff) {
    windowCountedIn.fill(0);
    windowBuild = 1;
  }
  for (let id = 0; id < lits.length; id++) {
    const l = lits[id]!;
    for (let at = 0; at + 3 <= l.length; at++) {
      const k = hash3(l.charCodeAt(at), l.charCodeAt(at + 1), l.charCodeAt(at + 2), 32 - WINDOW_BITS);
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
}

/** Where the literal's window held by the fewest literals starts (the first such; `l` has three units at least; after countWindows). */
function rarestWindow(l: string): number {
  let best = 0;
  let fewest = Infinity;
  for (let at = 0; at + 3 <= l.length; at++) {
    const n = windowCounts[hash3(l.charCodeAt(at), l.charCodeAt(at + 1), l.charCodeAt(at + 2), 32 - WINDOW_BITS)]!;
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
    countWindows(lits);
    // A small loop (the filing in a method of its own): a one-shot loop over thousands of literals
    // in the constructor got it compiled on stack as well as normally (--trace-opt).
    for (let id = 0; id < lits.length; id++) this.fileLiteral(id, lits[id]!);
  }

  /** Files literal `id` (`l`) under its anchor. */
  private fileLiteral(id: number, l: string): void {
    const at = l.length === 2 ? 0 : rarestWindow(l);
    const a = l.charCodeAt(at);
    const b = l.charCodeAt(at + 1);
    const c = l.length > 2 ? l.charCodeAt(at + 2) : NO_UNIT;
    this.anchorAt[id] = at;
    this.first[id] = a;
    this.second[id] = b;
    this.third[id] = c;
    const bit = pairBit(a, b);
    this.pairs[bit >>> 5]! |= 1 << (bit & 31);
    const h = hash3(a, b, c, this.shift);
    this.next[id] = this.heads[h]!;
    this.heads[h] = id;
  }

  /** Forgets what was reported (the caller's epochs start again). */
  reset(): void {
    this.reported.fill(0);
  }

  /**
   * Pushes onto `out` the index of every literal occurring in `v` not yet reported in this
   * `epoch` (a caller-owned counter, never 0, changed between independent searches).
   * The scan is this small loop; the rare positions that start an anchor's two units go to `at`.
   * Every path of both is taken from the first values on, with or without two-unit literals in
   * the set (a path first taken after TurboFan compiled them deoptimised them: `--trace-deopt`).
   */
  find(v: string, epoch: number, out: number[]): void {
    const n = v.length;
    if (n < 2) return;
    const pairs = this.pairs;
    let a = v.charCodeAt(0);
    let b = v.charCodeAt(1);
    for (let i = 0; i + 1 < n; i++) {
      const c = i + 2 < n ? v.charCodeAt(i + 2) : NO_UNIT;
      const bit = pairBit(a, b);
      if ((pairs[bit >>> 5]! & (1 << (bit & 31))) !== 0) this.at(v, i, a, b, c, epoch, out);
      a = b;
      b = c;
    }
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
