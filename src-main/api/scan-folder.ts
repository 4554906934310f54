/**
 * Reads an evidence folder: lists it, then hashes and sniffs every file in the worker pool,
 * reporting progress. A file that cannot be read becomes an entry with its error; the rest go on.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { CaseScan, EvidenceEntry, ProgressEvent } from './contract';
import { ApiError } from './errors';
import { walkEvidenceFolder } from '../worker/folder-walk';
import { WorkerPool, WorkerTaskError } from '../worker/pool';
import { ingestWorkerScript } from '../worker/worker-script';

export const PROGRESS_EVERY_MS = 200;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

export interface ScanOptions {
  jobId: string;
  onProgress?: (p: ProgressEvent) => void;
  signal?: AbortSignal;
  workers?: number;
}

/** `root` must be a real, granted folder path. */
export async function scanEvidenceFolder(root: string, opts: ScanOptions): Promise<CaseScan> {
  const started = Date.now();
  const listing = await walkEvidenceFolder(root);
  const bytesTotal = listing.totalBytes;
  // One abort listener per queued file: raise the limit so a big folder does not warn.
  if (opts.signal) setMaxListeners(listing.files.length + 10, opts.signal);
  const perFile = new Map<string, number>();
  let filesDone = 0;
  let currentFile: string | null = null;
  const snapshot = (): ProgressEvent => ({
    jobId: opts.jobId, filesDone, filesTotal: listing.files.length,
    bytesDone: [...perFile.values()].reduce((a, b) => a + b, 0), bytesTotal,
    events: 0, currentFile, eventsPerSecond: 0,
  });
  const emit = () => opts.onProgress?.(snapshot());
  const timer = setInterval(emit, PROGRESS_EVERY_MS);
  const pool = new WorkerPool(ingestWorkerScript(), Math.max(1, Math.min(opts.workers ?? os.availableParallelism(), listing.files.length)));
  try {
    emit();
    const evidence = await Promise.all(listing.files.map(async (f): Promise<EvidenceEntry> => {
      try {
        const r = await pool.run(
          { kind: 'scan-file', absPath: path.join(root, ...f.path.split('/')), relPath: f.path },
          (p) => { currentFile = f.path; perFile.set(f.path, p.bytesDone); },
          opts.signal,
        );
        return { path: f.path, bytes: r.bytes, modified: f.modified, sha256: r.sha256, hashComplete: true, format: r.format };
      } catch (err) {
        if (err instanceof WorkerTaskError && err.code === 'cancelled') throw new ApiError('cancelled', 'scan cancelled by the user', { jobId: opts.jobId });
        const message = err instanceof Error ? err.message : String(err);
        return { path: f.path, bytes: f.bytes, modified: f.modified, sha256: EMPTY_SHA256, hashComplete: false, format: 'unknown', error: message };
      } finally {
        filesDone++;
        perFile.set(f.path, f.bytes);
      }
    }));
    for (const s of listing.skipped) {
      evidence.push({ path: s.path, bytes: 0, modified: '', sha256: EMPTY_SHA256, hashComplete: false, format: 'unknown', error: s.reason });
    }
    evidence.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    currentFile = null;
    emit();
    return {
      root, fingerprint: listing.fingerprint, scannedAt: new Date().toISOString(), evidence,
      stats: { files: evidence.length, bytes: bytesTotal, errors: evidence.filter((e) => e.error).length, elapsedMs: Date.now() - started },
    };
  } finally {
    clearInterval(timer);
    await pool.close();
  }
}
