import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../src-main/case/progress-meter';

describe('ProgressMeter', () => {
  it('reports a skipped file once, done, with why, and leaves the phase totals alone', () => {
    const m = new ProgressMeter('j');
    m.startPhase('reading', 1, 100);
    m.declareFile('a.evtx', 100);
    m.skipFile('README.md', 12, 'skipped as not evidence (hashed, not read)');
    const first = m.snapshot();
    expect(first.filesTotal).toBe(1);
    expect(first.bytesTotal).toBe(100);
    expect(first.files).toEqual([expect.objectContaining({ path: 'README.md', state: 'done', bytesDone: 12, bytesTotal: 12, events: 0, skipped: 'skipped as not evidence (hashed, not read)' })]);
    m.item(0, 50, 3, 'a.evtx');
    const second = m.snapshot();
    expect(second.files.map((f) => f.path)).toEqual(['a.evtx']);
    expect(second.files[0]!.skipped).toBeUndefined();
  });
});
