/**
 * Text fuzz tier (every unit run): Event XML, JSON and JSON lines seeds (fixtures, rendered
 * records, and the corpus samples when present) mutated as text and as bytes; each case read
 * whole, in random chunks down to single bytes, through the worker's stream parser and from a
 * file. No exception may escape; chunking must not change the result; no JSON line may vanish.
 * Failures being fixed elsewhere (known-open.ts) are reported, not failed on.
 */
import { describe, expect, it } from 'vitest';
import { jsonlTarget, jsonTarget, xmlTarget } from './targets/text-target';
import { unitCampaign } from './unit-campaign';

describe('text fuzz', () => {
  it('Event XML: 40 cases', async () => {
    const r = await unitCampaign(xmlTarget, 40, 128 * 1024);
    expect(r.violations).toEqual([]);
    expect(r.ran).toBeGreaterThanOrEqual(30);
    expect(r.events).toBeGreaterThan(0);
  });

  it('JSON (array / objects mode): 30 cases', async () => {
    const r = await unitCampaign(jsonTarget, 30, 128 * 1024);
    expect(r.violations).toEqual([]);
    expect(r.ran).toBeGreaterThanOrEqual(22);
    expect(r.events).toBeGreaterThan(0);
  });

  it('JSON lines: 30 cases', async () => {
    const r = await unitCampaign(jsonlTarget, 30, 128 * 1024);
    expect(r.violations).toEqual([]);
    expect(r.ran).toBeGreaterThanOrEqual(22);
    expect(r.events).toBeGreaterThan(0);
  });
});
