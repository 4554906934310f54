/** The process timeline's marks: spread when a few overlap, clustered with a count when many do (lib/timeline-marks.ts). */
import { describe, expect, it } from 'vitest';
import { layoutMarks, type MarkInput } from '../../../src-renderer/lib/timeline-marks';

const m = (x: number | null, lane = 'registry', own = false): MarkInput => ({ x, lane, own });

describe('layoutMarks', () => {
  it('draws marks far apart as they are', () => {
    const l = layoutMarks([m(10), m(40), m(80, 'file')]);
    expect(l.clusters).toEqual([]);
    expect(l.singles).toEqual([{ index: 0, x: 10, dy: 0 }, { index: 1, x: 40, dy: 0 }, { index: 2, x: 80, dy: 0 }]);
  });

  it('spreads two or three overlapping marks up and down', () => {
    const l = layoutMarks([m(100), m(104), m(109)]);
    expect(l.clusters).toEqual([]);
    expect(l.singles.map((s) => s.dy)).toEqual([0, -8, 8]);
  });

  it('folds four or more overlapping marks of one lane into a cluster with its members', () => {
    const l = layoutMarks([m(200), m(201), m(203), m(205), m(208), m(300)]);
    expect(l.clusters).toHaveLength(1);
    expect(l.clusters[0]).toMatchObject({ lane: 'registry', from: 200, to: 208, x: 204, members: [0, 1, 2, 3, 4], overOwn: false });
    expect(l.singles).toEqual([{ index: 5, x: 300, dy: 0 }]);
  });

  it('keeps the finding\'s own write a mark of its own, and says when a cluster sits over it', () => {
    const l = layoutMarks([m(200), m(201), m(202, 'registry', true), m(203), m(205), m(206)]);
    expect(l.singles).toEqual([{ index: 2, x: 202, dy: 0 }]);
    expect(l.clusters[0]!.members).toEqual([0, 1, 3, 4, 5]);
    expect(l.clusters[0]!.overOwn).toBe(true);
  });

  it('never mixes lanes, and skips events without a time', () => {
    const l = layoutMarks([m(10, 'a'), m(11, 'b'), m(12, 'a'), m(null), m(13, 'b'), m(Number.NaN)]);
    expect(l.clusters).toEqual([]);
    expect(l.singles.map((s) => [s.index, s.dy])).toEqual([[0, 0], [1, 0], [2, -8], [4, -8]]);
  });

  it('a burst of 10,000 marks in one spot is one cluster, not 10,000 overlapping marks', () => {
    const l = layoutMarks(Array.from({ length: 10_000 }, (_, i) => m(500 + (i % 5))));
    expect(l.singles).toEqual([]);
    expect(l.clusters).toHaveLength(1);
    expect(l.clusters[0]!.members).toHaveLength(10_000);
  });
});
