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

  it('counts a file in its size on disk when its items count other bytes (EVTX chunk slots, not the header)', () => {
    const m = new ProgressMeter('j');
    // 4 KiB header + two chunks on disk; the reading pass counts the two 64 KiB chunk slots, in two items.
    const disk = 4096 + 2 * 65536;
    m.startPhase('reading', 1, disk);
    m.declareFile('a.evtx', disk, 2 * 65536);
    m.item(0, 65536, 10, 'a.evtx');
    const half = m.snapshot();
    expect(half.bytesTotal).toBe(disk);
    expect(half.bytesDone).toBe(disk / 2);
    expect(half.files[0]).toMatchObject({ path: 'a.evtx', state: 'reading', bytesDone: disk / 2, bytesTotal: disk, events: 10 });
    m.item(1, 65536, 12, 'a.evtx');
    expect(m.snapshot().bytesDone).toBe(disk);
    m.filesDone++;
    m.fileDone('a.evtx');
    const done = m.snapshot();
    expect(done).toMatchObject({ bytesDone: disk, bytesTotal: disk, events: 22 });
    expect(done.files[0]).toMatchObject({ state: 'done', bytesDone: disk, bytesTotal: disk });
  });

  it('ends a phase at its total when a file fails before its items report, and never counts a skipped file', () => {
    const m = new ProgressMeter('j');
    m.startPhase('reading', 2, 300);
    m.declareFile('a.xml', 100);
    m.declareFile('b.evtx', 200, 65536);
    m.skipFile('notes.txt', 50, 'skipped as not evidence (hashed, not read)');
    m.item(0, 40, 1, 'a.xml');
    expect(m.snapshot().bytesDone).toBe(40);
    m.fileDone('a.xml');
    m.fileDone('b.evtx', 1);
    expect(m.snapshot()).toMatchObject({ bytesDone: 300, bytesTotal: 300 });
  });
});
