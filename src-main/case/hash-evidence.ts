/**
 * The hashing phase of a case read: every listed file hashed (SHA-256) and its format sniffed
 * (evidence-reading/scan-file.ts), by this thread and the pool's workers together, from one queue.
 *
 * This thread starts at once; each worker joins once it is up (a fresh worker first loads its
 * code: issue 21 measured ~110 ms on a 2-core machine, while this thread only waited), takes a
 * large file alone or several small ones to an item (a small file alone is mostly a message round
 * trip), and takes no more than its share, so the three finish together. Hashing is native and
 * fast (SHA-256 of the 48.6 MB shared corpus: ~32 ms with SHA extensions), so on a small folder
 * this thread has hashed it all before a fresh worker is up, and the read starts as soon as the
 * workers are; on a large one every thread hashes. Hashing here reads 1 MiB at a time, so the
 * event loop (the app's IPC, the rules' load) runs between reads.
 */
import path from 'node:path';
import { NOT_HASHED_SHA256, type EvidenceEntry } from '../shared/contract';
import { ApiError } from '../shared/errors';
import type { IngestIssue } from '../shared/ingest-issues';
import type { WalkResult } from '../evidence-reading/folder-walk';
import type { ScanOutcome } from '../evidence-reading/messages';
import { MAX_BATCH_BYTES, MAX_FILES_PER_BATCH, SMALL_FILE_BYTES } from '../evidence-reading/plan-batches';
import { WorkerTaskError, type WorkerPool } from '../evidence-reading/pool';
import { scanFile } from '../evidence-reading/scan-file';
import type { ProgressMeter } from './progress-meter';

/** Hashes and sniffs one file in this thread (scan-file.ts; tests give their own). */
export type LocalScan = (absPath: string, relPath: string, onBytes: (bytesDone: number) => void, isCancelled: () => boolean) => Promise<ScanOutcome>;

export interface HashEvidenceOptions {
  jobId: string;
  signal?: AbortSignal;
  /**
   * Called once this thread has taken its last file (every other file is hashed or with a
   * worker): from then on this thread only waits for the workers, so a triage starts its rules'
   * load there rather than in the middle of this thread's hashing.
   */
  onThisThreadDone?: () => void;
  localScan?: LocalScan;
}

/** The warning on a 0-byte file (its name says what it was meant to hold, e.g. `.evtx`). */
function emptyFileWarning(relPath: string): IngestIssue {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(relPath)?.[1];
  return { severity: 'warning', code: 'file.empty', message: `file is empty (0 bytes)${ext ? `; named .${ext}, it holds no events` : ''}`, context: { path: relPath } };
}

function entryOf(f: WalkResult['files'][number], r: ScanOutcome): EvidenceEntry {
  const base = { path: f.path, modified: f.modified, records: null, errors: 0, warnings: 0, errorSamples: [], warningSamples: [] };
  if (!r.ok) return { ...base, bytes: f.bytes, sha256: NOT_HASHED_SHA256, hashComplete: false, notHashed: r.error.message, format: 'unknown', error: r.error.message };
  // an empty file holds nothing, whatever its name says (a log never written, or cut to 0)
  if (r.bytes === 0) return { ...base, bytes: 0, sha256: r.sha256, hashComplete: true, format: r.format, warnings: 1, warningSamples: [emptyFileWarning(f.path)] };
  return { ...base, bytes: r.bytes, sha256: r.sha256, hashComplete: true, format: r.format };
}

/**
 * Files waiting to be hashed, largest first (so no large file is left for the end), taken one at a
 * time by this thread and a group at a time by a worker: a large file alone, or consecutive small
 * ones up to the batch limits and to a fair share of what is left.
 */
class HashQueue {
  private next = 0;
  private bytesLeft: number;
  readonly order: number[];

  constructor(private readonly files: WalkResult['files'], private readonly takers: number) {
    this.order = files.map((_, i) => i).sort((a, b) => files[b]!.bytes - files[a]!.bytes || a - b);
    this.bytesLeft = files.reduce((n, f) => n + f.bytes, 0);
  }

  takeOne(): number | undefined {
    const i = this.order[this.next];
    if (i === undefined) return undefined;
    this.next++;
    this.bytesLeft -= this.files[i]!.bytes;
    return i;
  }

  takeGroup(): number[] {
    const first = this.takeOne();
    if (first === undefined) return [];
    const group = [first];
    if (this.files[first]!.bytes > SMALL_FILE_BYTES) return group;
    const share = Math.max(SMALL_FILE_BYTES, Math.min(MAX_BATCH_BYTES, this.bytesLeft / (2 * this.takers)));
    let bytes = this.files[first]!.bytes;
    for (;;) {
      const i = this.order[this.next];
      if (i === undefined || group.length >= MAX_FILES_PER_BATCH || bytes + this.files[i]!.bytes > share) break;
      group.push(this.takeOne()!);
      bytes += this.files[i]!.bytes;
    }
    return group;
  }
}

/**
 * Hashes and sniffs every file of `listing` (paths relative to `root`) and returns their evidence
 * entries in listing order. A file that cannot be read is an entry with its error.
 */
export async function hashEvidence(
  root: string,
  listing: WalkResult,
  pool: WorkerPool,
  meter: ProgressMeter,
  opts: HashEvidenceOptions,
): Promise<EvidenceEntry[]> {
  const files = listing.files;
  const absPath = (rel: string) => path.join(root, ...rel.split('/'));
  const evidence: EvidenceEntry[] = new Array(files.length);
  const queue = new HashQueue(files, pool.size + 1);
  const record = (i: number, r: ScanOutcome) => {
    evidence[i] = entryOf(files[i]!, r);
    meter.filesDone++;
    meter.item(i, files[i]!.bytes, 0, files[i]!.path);
    meter.fileDone(files[i]!.path);
  };
  const cancelled = () => opts.signal?.aborted === true;
  const cancelError = () => new ApiError('cancelled', 'reading the evidence was cancelled by the user', { jobId: opts.jobId });

  const inThisThread = async (): Promise<void> => {
    const scan = opts.localScan ?? scanFile;
    for (let i = queue.takeOne(); i !== undefined; i = queue.takeOne()) {
      const f = files[i]!;
      let outcome: ScanOutcome;
      try {
        outcome = await scan(absPath(f.path), f.path, (b) => meter.item(i, Math.min(b, f.bytes), 0, f.path), cancelled);
      } catch (err) {
        if (cancelled()) throw cancelError();
        throw err;
      }
      record(i, outcome);
    }
  };

  // A worker that is not up by the time this thread has taken the last file has nothing to do.
  let thisThreadDone = (): void => {};
  const queueEmptied = new Promise<void>((resolve) => { thisThreadDone = resolve; });
  const inWorker = async (nth: number): Promise<void> => {
    await Promise.race([pool.whenOnline(nth), queueEmptied]);
    for (let group = queue.takeGroup(); group.length > 0; group = queue.takeGroup()) {
      const list = group.map((i) => files[i]!);
      // Progress of a group is its bytes so far, in file order: spread over its files by their sizes.
      const onProgress = (p: { bytesDone: number }) => {
        let left = p.bytesDone;
        group.forEach((i, k) => { const b = Math.min(list[k]!.bytes, left); if (b > 0 || k === 0) meter.item(i, b, 0, list[k]!.path); left -= b; });
      };
      let outcomes: ScanOutcome[];
      try {
        const r = await pool.run({ kind: 'scan-files', relPath: list[0]!.path, files: list.map((f) => ({ absPath: absPath(f.path), relPath: f.path })) }, onProgress, opts.signal);
        outcomes = r.outcomes;
      } catch (err) {
        if (err instanceof WorkerTaskError && err.code === 'cancelled') throw cancelError();
        // The item as a whole failed (a worker crashed): every file of it is unreadable, with the reason.
        const message = err instanceof Error ? err.message : String(err);
        outcomes = list.map((f) => ({ ok: false, relPath: f.path, error: { code: (err as WorkerTaskError).code ?? 'internal', message, context: { path: f.path } } }));
      }
      group.forEach((i, k) => record(i, outcomes[k]!));
    }
  };

  const here = inThisThread().then(() => { thisThreadDone(); opts.onThisThreadDone?.(); }, (err: unknown) => { thisThreadDone(); throw err; });
  await Promise.all([here, ...Array.from({ length: pool.size }, (_, k) => inWorker(k + 1))]);
  return evidence;
}
