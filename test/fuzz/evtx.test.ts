/**
 * Fuzz test (a few hundred seeded cases): mutated real samples must parse to a result, never an
 * escaping exception (only "not EVTX" for a destroyed file header is allowed), with consistent
 * summaries and no allocation driven by untrusted sizes. Loops are bounded by construction;
 * `npm run fuzz -- --cases 10000` runs the long campaign with hang and memory watchdogs.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../src-main/ingest/issues';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { EVIDENCE, loadSeeds, mutate } from './evtx-mutate';

const CASES = 320;

describe.skipIf(!existsSync(EVIDENCE))('evtx fuzz', () => {
  const seeds = existsSync(EVIDENCE) ? loadSeeds() : [];
  it(`${CASES} mutated samples parse without escaping exceptions`, () => {
    const kinds = new Map<string, number>();
    let rejected = 0;
    for (let n = 0; n < CASES; n++) {
      const { kind, bytes } = mutate(seeds[n % seeds.length]!, n);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      for (const xml of [false, true]) {
        let r;
        try {
          r = parseEvtxBytes(bytes, { xml, recover: xml });
        } catch (e) {
          // only a destroyed file header may be refused, with a named error
          expect(e, `case ${n} (${kind})`).toBeInstanceOf(IngestError);
          expect((e as IngestError).code).toMatch(/^evtx\.file\./);
          rejected++;
          continue;
        }
        const s = r.summary;
        expect(r.records.length, `case ${n}`).toBe(xml ? s.recordsOk : s.recordsOk);
        expect(s.errors.length).toBe(s.recordsFailed);
        if (xml) {
          expect(r.xml.length).toBe(s.recordsOk);
          expect(r.recoveredXml.length).toBe(s.recordsRecovered);
        }
        // no result can exceed what the bytes can hold (28-byte minimum records)
        expect(s.recordsOk + s.recordsFailed).toBeLessThanOrEqual(Math.ceil(bytes.length / 24));
        JSON.stringify(r.records);
      }
    }
    expect(kinds.size).toBe(8);
    expect(rejected).toBeLessThan(CASES);
  });
});
