/**
 * The unit-test tier of the fuzzer: a small deterministic campaign of one target, in-process
 * (no child, no time limit: vitest's own timeout catches a hang). Cases whose input is larger
 * than `maxBytes` are skipped here (the multi-MiB mutations belong to `npm run fuzz`); violations
 * listed in known-open.ts are returned apart.
 */
import { knownOpen } from './known-open';
import type { FuzzTarget } from './target';

export interface UnitCampaign {
  ran: number;
  skipped: number;
  events: number;
  mutations: Set<string>;
  violations: string[];
  known: string[];
}

export async function unitCampaign(target: FuzzTarget, cases: number, maxBytes = 512 * 1024, first = 0): Promise<UnitCampaign> {
  const out: UnitCampaign = { ran: 0, skipped: 0, events: 0, mutations: new Set(), violations: [], known: [] };
  for (let n = first; n < first + cases; n++) {
    const c = target.make(n);
    if (c.bytes.length > maxBytes) {
      out.skipped++;
      continue;
    }
    out.mutations.add(c.mutation.split(/[\s:(]/)[0]!);
    const o = await target.check(c);
    out.ran++;
    out.events += o.events;
    for (const v of o.violations) {
      const line = `${target.name}:${n} [${c.seed} | ${c.mutation}] ${v}`;
      (knownOpen(target.name, v) ? out.known : out.violations).push(line);
    }
  }
  if (out.known.length) console.warn(`[fuzz] ${target.name}: ${out.known.length} known open violation(s), e.g. ${out.known[0]!.slice(0, 300)}`);
  return out;
}
