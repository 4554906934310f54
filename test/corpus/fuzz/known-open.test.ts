/**
 * Replays each known open fuzz failure (known-open.ts). These are expected to fail until the fix
 * lands on its branch; then `it.fails` turns red and the entry (and its test) must go, so the
 * unit campaigns fail on that violation again.
 */
import { describe, expect, it } from 'vitest';
import { requires } from '../../helpers/requires';
import { KNOWN_OPEN } from '../../fuzz/known-open';
import { targetByName } from '../../fuzz/targets/index';

// the replay cases are numbered over the corpus seeds
describe.skipIf(requires('corpus'))('known open fuzz failures (fixed elsewhere)', () => {
  // keeps the suite valid when the list is empty (every known failure fixed)
  it('each entry names a fuzz target and a replay case of it', () => {
    for (const k of KNOWN_OPEN) {
      const [name, n] = k.replay.split(':');
      expect(name).toBe(k.target);
      expect(targetByName(name!)).toBeDefined();
      expect(Number.isSafeInteger(Number(n))).toBe(true);
    }
  });
  for (const k of KNOWN_OPEN) {
    it.fails(`${k.replay} still shows: ${k.why.slice(0, 80)}…`, async () => {
      const [name, n] = k.replay.split(':');
      const target = targetByName(name!)!;
      const o = await target.check(target.make(Number(n)));
      expect(o.violations.filter((v) => k.pattern.test(v))).toEqual([]);
    });
  }
});
