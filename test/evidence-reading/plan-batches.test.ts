/** planBatches: small files batched (bounded in count and bytes, several batches per worker), large ones alone, the largest work first. */
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, MAX_FILES_PER_BATCH, SMALL_FILE_BYTES, planBatches } from '../../src-main/evidence-reading/plan-batches';

const files = (...sizes: number[]) => sizes.map((bytes, i) => ({ path: `f${i}`, bytes }));

describe('planBatches', () => {
  it('covers every file exactly once', () => {
    const fs = files(...Array.from({ length: 137 }, (_, i) => (i % 9 === 0 ? 50 * 1024 * 1024 : (i * 7919) % SMALL_FILE_BYTES)));
    const groups = planBatches(fs, 2);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(fs.map((_, i) => i));
  });

  it('puts a large file alone and batches the small ones', () => {
    const groups = planBatches(files(SMALL_FILE_BYTES + 1, 10, 20, 30, 40, 50, 60, 70, 80), 2);
    expect(groups).toContainEqual([0]);
    const batches = groups.filter((g) => !g.includes(0));
    expect(batches.every((g) => g.length > 1)).toBe(true);
    expect(batches.flat()).toHaveLength(8);
  });

  it('gives each worker at least two items when there are enough files', () => {
    for (const workers of [1, 2, 4]) {
      const groups = planBatches(files(...Array.from({ length: 110 }, () => 500_000)), workers);
      expect(groups.length).toBeGreaterThanOrEqual(Math.min(110, 2 * workers));
    }
  });

  it('bounds a batch in files and in bytes', () => {
    const many = planBatches(files(...Array.from({ length: 5000 }, () => 1)), 1);
    expect(Math.max(...many.map((g) => g.length))).toBe(MAX_FILES_PER_BATCH);
    const fs = files(...Array.from({ length: 64 }, () => SMALL_FILE_BYTES));
    for (const g of planBatches(fs, 1)) expect(g.reduce((n, i) => n + fs[i]!.bytes, 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
  });

  it('never batches a file it is told to keep alone (archives)', () => {
    const groups = planBatches(files(10, 20, 30, 40), 1, (i) => i === 2);
    expect(groups).toContainEqual([2]);
    expect(groups.filter((g) => g.includes(2))).toHaveLength(1);
  });

  it('starts the files kept alone first, then the largest group, a batch of small files as well as a large file', () => {
    // a 1.1 MiB file, four small files of 1 MiB (two batches of 2 MiB for one worker), a 3 MiB file, a small archive
    const fs = files(SMALL_FILE_BYTES + 100_000, SMALL_FILE_BYTES, SMALL_FILE_BYTES, SMALL_FILE_BYTES, SMALL_FILE_BYTES, 3 * SMALL_FILE_BYTES, 10);
    const groups = planBatches(fs, 1, (i) => i === 6);
    expect(groups).toEqual([[6], [5], [1, 2], [3, 4], [0]]);
  });

  it('keeps the order of groups of equal size', () => {
    const fs = files(...Array.from({ length: 6 }, () => 4 * SMALL_FILE_BYTES));
    expect(planBatches(fs, 2)).toEqual([[0], [1], [2], [3], [4], [5]]);
  });

  it('makes nothing of no files', () => {
    expect(planBatches([], 2)).toEqual([]);
  });
});
