/** Comparing the case's files with a fresh listing: changed, missing, archive members through their archive. */
import { describe, expect, it } from 'vitest';
import type { EvidenceEntry } from '../../src-main/shared/contract';
import { compareWithListing } from '../../src-main/case/evidence-unchanged';

const entry = (p: string, bytes: number, modified: string): EvidenceEntry => ({
  path: p, bytes, modified, sha256: '', hashComplete: true, format: 'evtx', records: 0, errors: 0, warnings: 0, errorSamples: [], warningSamples: [],
});

describe('compareWithListing', () => {
  it('finds files that changed size or time, files gone, and skips archive members', () => {
    const t = '2024-01-01T00:00:00.000Z';
    const evidence = [entry('a.evtx', 10, t), entry('b.evtx', 10, t), entry('c.evtx', 10, t), entry('d.zip', 5, t), entry('d.zip!/x.evtx', 99, t), entry('e.evtx', 1, t)];
    const now = [
      { path: 'a.evtx', bytes: 10, modified: t },
      { path: 'b.evtx', bytes: 11, modified: t },
      { path: 'c.evtx', bytes: 10, modified: '2024-01-01T00:00:00.001Z' },
      { path: 'd.zip', bytes: 5, modified: '2024-01-01T00:00:00Z' },
      { path: 'new.evtx', bytes: 1, modified: t },
    ];
    expect(compareWithListing(evidence, now)).toEqual({ checked: 5, changed: ['b.evtx', 'c.evtx'], missing: ['e.evtx'] });
  });
});
