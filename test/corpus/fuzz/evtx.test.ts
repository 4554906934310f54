/**
 * EVTX fuzz tier (every unit run): seeded byte-level and structure-aware mutations of the EVTX
 * seeds (the writer's generated file, and the real samples when the corpus is here), each parsed
 * whole and streamed in random chunks; no exception may escape, counts must add up and the
 * stream must read what the whole parse reads (invariants in targets/evtx-target.ts).
 * `npm run fuzz -- --cases 10000` runs the long campaign with time and memory limits.
 */
import { describe, expect, it } from 'vitest';
import { requires } from '../../helpers/requires';
import { evtxBytesTarget, evtxStructTarget } from '../../fuzz/targets/evtx-target';
import { STRUCT_MUTATIONS } from '../../fuzz/evtx-structure';
import { unitCampaign } from '../../fuzz/unit-campaign';

describe.skipIf(requires('corpus'))('evtx fuzz on the real samples', () => {
  it('48 byte-level cases: no escaping exception, consistent counts, stream = whole parse', async () => {
    const r = await unitCampaign(evtxBytesTarget, 48);
    expect(r.violations).toEqual([]);
    expect(r.ran).toBe(48);
    expect(r.mutations.size).toBeGreaterThanOrEqual(8);
    expect(r.events).toBeGreaterThan(0);
  });

  it('54 structure-aware cases (templates, substitutions, names, chunk and record headers)', async () => {
    const r = await unitCampaign(evtxStructTarget, 54);
    expect(r.violations).toEqual([]);
    expect(r.ran).toBe(54);
    // every structure mutation kind ran (each case names its kind first)
    expect([...r.mutations].filter((m) => (STRUCT_MUTATIONS as readonly string[]).includes(m)).length).toBe(STRUCT_MUTATIONS.length);
  });
});
