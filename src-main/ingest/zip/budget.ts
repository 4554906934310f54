/**
 * The inflation budget: uncompressed bytes still allowed. One budget covers a whole case read,
 * not one archive, so N copies of a 42.zip-style archive cost one budget, not N.
 *
 * A case's archives are read in different worker threads at the same time, so the counter lives in
 * a SharedArrayBuffer: the main thread creates it (`createZipBudget`), every zip work item carries
 * the same buffer (postMessage shares it, never copies it), and each worker takes every inflated
 * chunk from it with one atomic subtraction. The sum of what all workers inflate can therefore
 * never pass the case's limit by more than the chunks in flight when it runs out (one inflate step
 * per worker, ≤ ~16 MiB), whatever the order the archives are read in.
 */
export interface ZipBudget {
  /** Bytes still allowed (negative once overdrawn). */
  readonly remaining: number;
  /** The budget it started with, for messages. */
  readonly limit: number;
  /** Takes `n` bytes; false when that overdraws the budget (the caller refuses the data). */
  take(n: number): boolean;
}

/** A budget counter to share across threads: `[remaining, limit]` as two 64-bit integers. */
export function createZipBudget(limit: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(16);
  const cells = new BigInt64Array(buffer);
  cells[0] = BigInt(Math.max(0, Math.floor(limit)));
  cells[1] = cells[0];
  return buffer;
}

/** The budget view of a shared counter made by `createZipBudget` (in any thread). */
export class SharedZipBudget implements ZipBudget {
  private readonly cells: BigInt64Array;

  constructor(buffer: SharedArrayBuffer) {
    if (buffer.byteLength < 16) throw new RangeError('zip budget buffer must hold 16 bytes');
    this.cells = new BigInt64Array(buffer, 0, 2);
  }

  /** A budget of its own (one archive read alone, tests). */
  static local(limit: number): SharedZipBudget {
    return new SharedZipBudget(createZipBudget(limit));
  }

  get remaining(): number {
    return Number(Atomics.load(this.cells, 0));
  }

  get limit(): number {
    return Number(Atomics.load(this.cells, 1));
  }

  take(n: number): boolean {
    const want = BigInt(Math.max(0, Math.floor(n)));
    return Atomics.sub(this.cells, 0, want) - want >= BigInt(0);
  }
}
