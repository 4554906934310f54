/**
 * What a fuzz target is: `make(n)` builds case n deterministically (seed file + mutation, so it
 * can be replayed with `npm run fuzz -- --replay target:n`), `check(case)` feeds it to the
 * readers' public APIs and returns the invariant violations found (an exception escaping an
 * API, or a broken invariant). Hangs and memory are watched by the campaign (run.ts), not here.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Prng } from './byte-mutate';

export interface FuzzCase {
  target: string;
  n: number;
  /** Name of the seed the case was derived from. */
  seed: string;
  /** What was done to it. */
  mutation: string;
  bytes: Uint8Array;
}

export interface CaseOutcome {
  /** Events read. */
  events: number;
  /** Records or parts reported as lost (errors). */
  lost: number;
  /** `throw: …` for an exception out of a public API, `invariant: …` for a broken invariant. */
  violations: string[];
}

export interface FuzzTarget {
  readonly name: string;
  make(n: number): FuzzCase;
  check(c: FuzzCase): Promise<CaseOutcome>;
}

export function thrown(api: string, e: unknown): string {
  const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return `throw: ${api}: ${stack.split('\n').slice(0, 6).join(' | ')}`;
}

/**
 * Splits `total` bytes into random chunk sizes: single bytes and a few bytes for small inputs,
 * up to 4 KiB for medium ones; large inputs (the multi-MiB mutations) in at most ~512 chunks, so
 * a reader that copies its pending record on every push costs seconds, not minutes, per case.
 */
function chunkSizes(total: number, r: Prng): number[] {
  const style = total <= 64 * 1024 ? r.pick(['one', 'tiny', 'small', 'mixed']) : total <= 512 * 1024 ? r.pick(['small', 'mixed']) : 'large';
  const floor = Math.ceil(total / 512);
  const out: number[] = [];
  for (let done = 0; done < total;) {
    const n = style === 'one' ? 1 : style === 'tiny' ? r.int(1, 7) : style === 'small' ? r.int(1, 4096)
      : style === 'mixed' ? (r.chance(0.2) ? r.int(1, 3) : r.int(1, 70_000)) : r.int(floor, 4 * floor);
    out.push(Math.min(n, total - done));
    done += n;
  }
  return out;
}

/** Calls `fn` with the bytes cut into random chunks (each a fresh copy, as a stream delivers them). */
export async function feedChunks(bytes: Uint8Array, r: Prng, fn: (chunk: Uint8Array) => unknown): Promise<number> {
  const sizes = chunkSizes(bytes.length, r);
  let at = 0;
  for (const n of sizes) {
    await fn(bytes.slice(at, at + n));
    at += n;
  }
  return sizes.length;
}

/** Writes bytes to a fresh temporary file for the file-based readers; `done()` removes it. */
export function tempFile(bytes: Uint8Array, name: string): { path: string; dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'evtx-fuzz-'));
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}
