/**
 * Failures the fuzzer found that are being fixed on other branches (issue #16 follow-ups). The
 * unit campaigns report them but do not fail on them; every other violation fails. Each entry
 * has a replay case, and `known-open.test.ts` replays it with `it.fails`: when the fix lands the
 * replay passes, that test turns red, and the entry must be removed from this list.
 */
export interface KnownOpen {
  target: string;
  pattern: RegExp;
  /** What is wrong, where, and who fixes it. */
  why: string;
  /** A case that shows it: `npm run fuzz -- --replay <replay>`. */
  replay: string;
}

export const KNOWN_OPEN: readonly KnownOpen[] = [];

export function knownOpen(target: string, violation: string): KnownOpen | undefined {
  return KNOWN_OPEN.find((k) => k.target === target && k.pattern.test(violation));
}
