/**
 * Zip and format-sniffing fuzz tier (every unit run). Zip: generated archives around the other
 * seeds with structure-aware damage (EOCD, central and local headers, data, names) and hostile
 * archives built from scratch, read with the archive API in memory and with the worker's
 * readArchive from a file: only named `zip.*` errors, readArchive never throws, events counted
 * per member. Sniffing: mutated and intact seeds of every format: never throws, looks only at
 * the head, deterministic, magic answers have their magic, intact seeds recognised.
 */
import { describe, expect, it } from 'vitest';
import { sniffTarget } from './targets/sniff-target';
import { zipTarget } from './targets/zip-target';
import { ZIP_MUTATIONS } from './zip-mutate';
import { unitCampaign } from './unit-campaign';

describe('zip fuzz', () => {
  it('24 cases over every mutation kind', async () => {
    const r = await unitCampaign(zipTarget, 24);
    expect(r.violations).toEqual([]);
    expect(r.ran).toBeGreaterThanOrEqual(20);
    expect(r.events).toBeGreaterThan(0);
    for (const kind of ZIP_MUTATIONS) expect([...r.mutations].some((m) => m === kind)).toBe(true);
  });
});

describe('sniff fuzz', () => {
  it('160 cases, intact and mutated seeds of every format', async () => {
    const r = await unitCampaign(sniffTarget, 160);
    expect(r.violations).toEqual([]);
    expect(r.ran).toBeGreaterThanOrEqual(150);
    expect(r.mutations.has('intact,')).toBe(true);
  });
});
