/**
 * The hashing phase (src-main/case/hash-evidence.ts): this thread and the pool's workers hash the
 * listing from one queue, each file exactly once, and the entries come back in listing order
 * whoever hashed them. Stand-in pools decide when "workers" are up and what they answer, so every
 * split of the work is tested without timing; one test runs the real pool.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashEvidence, type LocalScan } from '../../src-main/case/hash-evidence';
import { ProgressMeter } from '../../src-main/case/progress-meter';
import { walkEvidenceFolder } from '../../src-main/evidence-reading/folder-walk';
import { MAX_FILES_PER_BATCH, SMALL_FILE_BYTES } from '../../src-main/evidence-reading/plan-batches';
import { WorkerPool, WorkerTaskError } from '../../src-main/evidence-reading/pool';
import { runWorkItem } from '../../src-main/evidence-reading/run-item';
import { scanFile } from '../../src-main/evidence-reading/scan-file';
import type { WorkItem } from '../../src-main/evidence-reading/messages';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import { ApiError } from '../../src-main/shared/errors';
import { EVTX_HEADER_START, tempEvidenceFolder } from '../helpers/temp-evidence';

type ScanFilesItem = Extract<WorkItem, { kind: 'scan-files' }>;

/** A folder of `small` small files (mixed formats), two large ones, an empty one. */
function folder(small: number): { root: string; content: Map<string, Uint8Array> } {
  const content = new Map<string, Uint8Array>();
  const enc = new TextEncoder();
  for (let i = 0; i < small; i++) content.set(`logs/s${String(i).padStart(3, '0')}.${i % 2 ? 'xml' : 'jsonl'}`, enc.encode(i % 2 ? `<Events><Event n="${i}"/></Events>` : `{"a":${i}}\n{"b":${i}}\n`));
  content.set('big/one.bin', new Uint8Array(SMALL_FILE_BYTES + 4096).map((_, i) => (i * 7) % 251));
  const evtx = new Uint8Array(SMALL_FILE_BYTES * 2);
  evtx.set(EVTX_HEADER_START, 0);
  content.set('big/two.evtx', evtx);
  content.set('empty.evtx', new Uint8Array(0));
  const files: Record<string, Uint8Array> = {};
  for (const [k, v] of content) files[k] = v;
  return { root: tempEvidenceFolder(files), content };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * A stand-in pool of `size` workers, up when `online` resolves, that runs `scan-files` items with
 * the worker's own code in this thread (run-item.ts), or answers with `fail`'s error.
 */
function standInPool(size: number, online: Promise<void>, fail?: (item: ScanFilesItem) => Error | null) {
  const items: ScanFilesItem[] = [];
  const pool = {
    size,
    whenOnline: () => online,
    run: async (item: ScanFilesItem) => {
      items.push(item);
      const err = fail?.(item);
      if (err) throw err;
      return runWorkItem(item, { progress: () => {}, batch: async () => {}, isCancelled: () => false });
    },
  };
  return { pool: pool as unknown as WorkerPool, items };
}

/** scanFile in this thread, recording what it hashed, after `delayMs` per file. */
function recordingScan(delayMs = 0): { scan: LocalScan; scanned: string[] } {
  const scanned: string[] = [];
  return {
    scanned,
    scan: async (abs, rel, onBytes, isCancelled) => {
      scanned.push(rel);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      return scanFile(abs, rel, onBytes, isCancelled);
    },
  };
}

async function hashAll(root: string, pool: WorkerPool, localScan: LocalScan, signal?: AbortSignal, onThisThreadDone?: () => void) {
  const listing = await walkEvidenceFolder(root);
  const meter = new ProgressMeter('t');
  meter.startPhase('hashing', listing.files.length, listing.totalBytes);
  for (const f of listing.files) meter.declareFile(f.path, f.bytes);
  const evidence = await hashEvidence(root, listing, pool, meter, { jobId: 't', localScan, ...(signal ? { signal } : {}), ...(onThisThreadDone ? { onThisThreadDone } : {}) });
  return { listing, evidence, meter };
}

function expectRightEntries(evidence: Awaited<ReturnType<typeof hashAll>>['evidence'], listing: Awaited<ReturnType<typeof hashAll>>['listing'], content: Map<string, Uint8Array>) {
  expect(evidence.map((e) => e.path)).toEqual(listing.files.map((f) => f.path));
  for (const e of evidence) {
    const bytes = content.get(e.path)!;
    expect(e, e.path).toMatchObject({ sha256: sha(bytes), bytes: bytes.length, hashComplete: true });
  }
  const by = new Map(evidence.map((e) => [e.path, e]));
  expect(by.get('logs/s001.xml')!.format).toBe('xml');
  expect(by.get('logs/s000.jsonl')!.format).toBe('jsonl');
  expect(by.get('big/two.evtx')!.format).toBe('evtx');
  expect(by.get('empty.evtx')).toMatchObject({ bytes: 0, warnings: 1, warningSamples: [{ code: 'file.empty' }] });
}

describe('hashEvidence', () => {
  it('hashes everything in this thread when no worker comes up, and does not wait for one', async () => {
    const { root, content } = folder(40);
    try {
      const { pool, items } = standInPool(2, new Promise<void>(() => {}));
      const local = recordingScan();
      const { listing, evidence, meter } = await hashAll(root, pool, local.scan);
      expect(items).toEqual([]);
      expect(local.scanned.sort()).toEqual([...content.keys()].sort());
      expectRightEntries(evidence, listing, content);
      expect(meter.filesDone).toBe(content.size);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('shares the queue with workers that are up: each file once, large files alone, small ones in bounded groups, largest first', async () => {
    const { root, content } = folder(120);
    try {
      const { pool, items } = standInPool(2, Promise.resolve());
      // This thread is slow here, so the workers take most of the queue.
      const local = recordingScan(5);
      // Told once, when this thread has taken its last file: every file is then taken by someone.
      const takenWhenDone: number[] = [];
      const { listing, evidence } = await hashAll(root, pool, local.scan, undefined, () => takenWhenDone.push(local.scanned.length + items.reduce((n, it) => n + it.files.length, 0)));
      expect(takenWhenDone).toEqual([content.size]);
      const byWorkers = items.flatMap((it) => it.files.map((f) => f.relPath));
      expect(byWorkers.length).toBeGreaterThan(0);
      expect(local.scanned.length).toBeGreaterThan(0);
      expect([...byWorkers, ...local.scanned].sort()).toEqual([...content.keys()].sort());
      for (const it of items) {
        expect(it.files.length).toBeLessThanOrEqual(MAX_FILES_PER_BATCH);
        if (it.files.some((f) => content.get(f.relPath)!.length > SMALL_FILE_BYTES)) expect(it.files).toHaveLength(1);
        expect(it.relPath).toBe(it.files[0]!.relPath);
      }
      // Largest first: this thread starts with the largest file, the first worker up takes the next, alone.
      expect(local.scanned[0]).toBe('big/two.evtx');
      expect(items[0]!.files.map((f) => f.relPath)).toEqual(['big/one.bin']);
      expectRightEntries(evidence, listing, content);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('gives the files of an item whose worker crashed their error, and the rest their hashes', async () => {
    const { root, content } = folder(30);
    try {
      const crashed = new WorkerTaskError('worker_crashed', 'worker exited with code 1', {});
      const { pool, items } = standInPool(1, Promise.resolve(), (it) => (it.files.some((f) => f.relPath === 'big/one.bin') ? crashed : null));
      const { evidence } = await hashAll(root, pool, recordingScan(5).scan);
      // This thread takes the largest file first, the worker the next one (the test above).
      expect(items[0]!.files.map((f) => f.relPath)).toEqual(['big/one.bin']);
      expect(evidence.find((e) => e.path === 'big/one.bin')).toMatchObject({ error: 'worker exited with code 1', hashComplete: false, format: 'unknown', notHashed: 'worker exited with code 1' });
      for (const e of evidence.filter((x) => x.path !== 'big/one.bin')) expect(e.sha256).toBe(sha(content.get(e.path)!));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('stops with "cancelled" when the signal aborts', async () => {
    const { root } = folder(20);
    try {
      const ctl = new AbortController();
      const { pool } = standInPool(2, new Promise<void>(() => {}));
      const slowThenAbort: LocalScan = async (abs, rel, onBytes, isCancelled) => { ctl.abort(); return scanFile(abs, rel, onBytes, isCancelled); };
      await expect(hashAll(root, pool, slowThenAbort, ctl.signal)).rejects.toSatisfy((e: unknown) => e instanceof ApiError && e.code === 'cancelled');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('with the real pool: every file hashed once, by this thread or a worker, with the same entries', async () => {
    const { root, content } = folder(60);
    const pool = new WorkerPool(ingestWorkerScript(), 2);
    try {
      pool.start();
      const hashedByWorkers: string[] = [];
      const run = pool.run.bind(pool);
      pool.run = ((item, ...rest) => {
        if (item.kind === 'scan-files') hashedByWorkers.push(...item.files.map((f) => f.relPath));
        return run(item, ...rest);
      }) as typeof pool.run;
      const local = recordingScan(2);
      const { listing, evidence } = await hashAll(root, pool, local.scan);
      expect([...hashedByWorkers, ...local.scanned].sort()).toEqual([...content.keys()].sort());
      expectRightEntries(evidence, listing, content);
    } finally {
      await pool.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
