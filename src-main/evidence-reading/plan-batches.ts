/**
 * Groups work into worker items: a small file alone is mostly a message round trip and a file
 * open, so small files go to a worker several at a time (`scan-files` when hashing, `parse-files`
 * when reading), while a large one (or an EVTX chunk range) is an item of its own: its bytes are
 * the work, and large items spread over the workers. Groups stay small enough that every worker
 * gets several of them, so the pool finishes evenly.
 */

/** A file at most this size is batched with others. */
export const SMALL_FILE_BYTES = 1024 * 1024;
/** At most this many files, and this many bytes, per batch. */
export const MAX_FILES_PER_BATCH = 32;
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** Batches per worker the grouping aims at (at least), so no worker waits for the last one. */
const BATCHES_PER_WORKER = 2;

export interface Sized { bytes: number }

/**
 * Indexes into `files`, in groups, each group one work item (a single file, or a batch of small
 * ones); `alone(i)`: files never batched (archives). The groups come in the order the pool should
 * start them: the files kept alone first (an archive's size on disk says little of its work), then
 * the largest group first, whether a large file or a batch of small ones (longest processing time
 * first, so the last item to start is a short one and no worker waits long for another at the
 * end); equal sizes in the order of `files`.
 */
export function planBatches(files: readonly Sized[], workers: number, alone: (i: number) => boolean = () => false): number[][] {
  const small: number[] = [];
  const groups: number[][] = [];
  files.forEach((f, i) => { if (f.bytes <= SMALL_FILE_BYTES && !alone(i)) small.push(i); else groups.push([i]); });
  const perBatch = Math.max(1, Math.min(MAX_FILES_PER_BATCH, Math.ceil(small.length / (Math.max(1, workers) * BATCHES_PER_WORKER))));
  let cur: number[] = [];
  let curBytes = 0;
  for (const i of small) {
    const b = files[i]!.bytes;
    if (cur.length > 0 && (cur.length >= perBatch || curBytes + b > MAX_BATCH_BYTES)) { groups.push(cur); cur = []; curBytes = 0; }
    cur.push(i);
    curBytes += b;
  }
  if (cur.length > 0) groups.push(cur);
  const bytesOf = (g: readonly number[]) => g.reduce((n, i) => n + files[i]!.bytes, 0);
  const keyed = groups.map((g) => ({ g, first: alone(g[0]!) ? 0 : 1, bytes: bytesOf(g) }));
  // Array.prototype.sort is stable (ECMA-262 2019): equal keys keep their order.
  return keyed.sort((a, b) => a.first - b.first || b.bytes - a.bytes).map((k) => k.g);
}
