/** The result does not depend on batch order or batch size (workers deliver in any order). */
import { describe, expect, it } from 'vitest';
import { documentFindingOf } from '../../helpers/document-findings';
import type { NormalisedEvent } from '../../../src-main/model/index';
import { detect, evtxEvents, FIREFOX, PANACHE } from '../../detect/helpers';
import { requires } from '../../helpers/requires';

function shuffled<T>(xs: T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe.skipIf(requires('corpus'))('order independence', () => {
  const events: NormalisedEvent[] = [...evtxEvents(FIREFOX), ...evtxEvents(PANACHE)];
  const reference = JSON.stringify(detect(events, undefined, { today: '2024-01-01' }).findings.map(documentFindingOf));
  for (const [seed, size] of [[1, 1], [7, 3], [42, 100], [99, 10_000]] as const) {
    it(`shuffle seed ${seed}, batches of ${size}`, () => {
      const r = detect(shuffled(events, seed), undefined, { today: '2024-01-01' }, size);
      expect(JSON.stringify(r.findings.map(documentFindingOf))).toBe(reference);
    });
  }
  it('feeding the same evidence twice (a copy of the log) changes nothing', () => {
    const r = detect([...events, ...events], undefined, { today: '2024-01-01' });
    expect(JSON.stringify(r.findings.map(documentFindingOf))).toBe(reference);
  });
});
