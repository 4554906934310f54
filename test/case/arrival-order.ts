/**
 * The arrival-order property of a triage (shared by the unit and corpus tests): the events of a
 * case as the workers delivered them, replayed into the real triage path (triageCase: the
 * detection session, the evidence store, the process index, Sigma, correlations, the detail pass,
 * the findings' assembly, the JSON document) in other orders and partitions, must give the same
 * document. With 2 workers, batches of different files interleave as the OS schedules the
 * threads: any difference here is a document that changes between two runs of the same evidence.
 */
import { triageCase, type TriageRun } from '../../src-main/case/detection-run';
import type { TriageRules } from '../../src-main/case/triage-rules';
import { buildTriageDocument } from '../../src-main/case/triage-document';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import type { BatchHandler } from '../../src-main/evidence-reading/pool';
import type { WorkProgress } from '../../src-main/evidence-reading/messages';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import type { NormalisedEvent } from '../../src-main/model/event';
import { Prng } from '../tools/evtx-writer/prng';

type Batch = readonly NormalisedEvent[];

/** A seeded PRNG (mulberry32): the same permutation on every run of the test. */
const prng = (seed: number): (() => number) => { const p = new Prng(seed); return () => p.next(); };

export function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  const r = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The batches of each evidence file, in the order the file's reader gave them (a batch is split where its events change file). */
function batchesByFile(batches: readonly Batch[]): Map<string, Batch[]> {
  const out = new Map<string, Batch[]>();
  for (const b of batches) {
    let from = 0;
    for (let i = 1; i <= b.length; i++) {
      if (i < b.length && b[i]!.evidence === b[from]!.evidence) continue;
      const file = b[from]!.evidence;
      const l = out.get(file);
      if (l) l.push(b.slice(from, i)); else out.set(file, [b.slice(from, i)]);
      from = i;
    }
  }
  return out;
}

/** The orders a triage's batches are replayed in (each a name and the batches). */
export function arrivalOrders(batches: readonly Batch[], opts: { seeds?: number[]; oneByOne?: boolean } = {}): { name: string; batches: Batch[] }[] {
  const byFile = batchesByFile(batches);
  const files = [...byFile.keys()].sort();
  const inOrder = files.flatMap((f) => byFile.get(f)!);
  const out: { name: string; batches: Batch[] }[] = [{ name: 'files in path order', batches: inOrder }];
  out.push({ name: 'files reversed, batches reversed', batches: [...files].reverse().flatMap((f) => [...byFile.get(f)!].reverse()) });
  for (const seed of opts.seeds ?? [1]) {
    out.push({ name: `batches shuffled (seed ${seed})`, batches: shuffle(inOrder, seed) });
    // Every batch split in two to five pieces, the files' pieces interleaved (round robin over a shuffled file order).
    const r = prng(seed * 7919);
    const queues = shuffle(files, seed + 1).map((f) => byFile.get(f)!.flatMap((b) => {
      const pieces: Batch[] = [];
      const n = 2 + Math.floor(r() * 4);
      const step = Math.max(1, Math.ceil(b.length / n));
      for (let i = 0; i < b.length; i += step) pieces.push(b.slice(i, i + step));
      return pieces;
    }));
    const mixed: Batch[] = [];
    for (let i = 0; queues.some((q) => i < q.length); i++) for (const q of queues) if (i < q.length) mixed.push(q[i]!);
    out.push({ name: `batches split and interleaved between files (seed ${seed})`, batches: mixed });
  }
  if (opts.oneByOne) out.push({ name: 'one event per batch, shuffled', batches: shuffle(inOrder.flat(), 99).map((e) => [e]) });
  return out;
}

/** What the read's work items gave, by item: a replay takes them from here instead of reading again. */
export interface RecordedRead {
  batches: Batch[];
  items: Map<string, { result: unknown; finished: WorkProgress[] }>;
}

export function emptyRecording(): RecordedRead {
  return { batches: [], items: new Map() };
}

const itemKey = (item: object): string => JSON.stringify(item, (k, v: unknown) => (k === 'zipBudget' ? undefined : v));

/**
 * A pool for one triage. Recording (`replay` null): the read runs in the workers, and its batches
 * (as they arrive) and its items' results are kept in `rec`. Replaying: the read's items answer
 * from `rec` and the triage gets `replay`'s batches (all at the first parse item) instead; the
 * detail pass runs in the workers either way.
 */
function replayingPool(pool: WorkerPool, replay: readonly Batch[] | null, rec: RecordedRead): { pool: WorkerPool; readDone: () => void } {
  let reading = true;
  let replayed = false;
  const run = pool.run.bind(pool);
  const wrapped = Object.create(pool) as WorkerPool;
  wrapped.run = (async (item: Parameters<WorkerPool['run']>[0], onProgress: Parameters<WorkerPool['run']>[1] = () => {}, signal?: AbortSignal, onEvents?: BatchHandler) => {
    if (!reading) return run(item, onProgress, signal, onEvents);
    const key = itemKey(item);
    if (replay === null) {
      const finished: WorkProgress[] = [];
      const result = await run(item, (p) => { if (p.finished !== undefined) finished.push(p); onProgress(p); }, signal,
        onEvents && (async (b, tally) => {
          // a read of content 'all' (these replays' reads) counts no event instead of sending it
          if (tally !== null) throw new Error('a batch with a tally: arrival-order replays events only');
          rec.batches.push(b);
          await onEvents(b, null);
        }));
      rec.items.set(key, { result, finished });
      return result;
    }
    if (onEvents !== undefined && !replayed) {
      replayed = true;
      for (const b of replay) await onEvents(b as NormalisedEvent[], null);
    }
    const known = rec.items.get(key);
    if (known === undefined) throw new Error(`not recorded: ${key.slice(0, 200)}`);
    for (const p of known.finished) onProgress(p);
    return known.result;
  }) as WorkerPool['run'];
  return { pool: wrapped, readDone: () => { reading = false; } };
}

export interface OrderRun {
  run: TriageRun;
  /** The JSON document without its run-specific keys. */
  document: string;
}

/**
 * The document as compared (`generated` and `elapsed_ms` fixed), with what the app shows besides:
 * the host summaries, the detection's stats and, with the detail pass, the case's findings whole.
 */
function comparable(run: TriageRun, details: boolean): string {
  const doc = buildTriageDocument(run, new Date(0)) as unknown as Record<string, unknown>;
  (doc.stats as Record<string, unknown>).elapsed_ms = 0;
  const app = { hosts: run.scan.hostSummaries, detection: run.detection.stats, ...(details ? { findings: run.scan.findings } : {}) };
  return JSON.stringify({ document: doc, app }, null, 1);
}

/**
 * A triage of `root` with `rules`, its read's batches replaced by `replay` (null: as the workers
 * deliver them, recorded into `rec`).
 */
export async function triageInOrder(root: string, rules: TriageRules, replay: readonly Batch[] | null, rec: RecordedRead, details = false): Promise<OrderRun> {
  const real = new WorkerPool(ingestWorkerScript(), 2);
  try {
    const { pool, readDone } = replayingPool(real, replay, rec);
    const run = await triageCase(root, {
      jobId: 'arrival-order', pool, rules, details,
      onProgress: (p) => { if (p.phase === 'detecting') readDone(); },
    });
    return { run, document: comparable(run, details) };
  } finally {
    await real.close();
  }
}

/** The first line where two documents differ, with some context (a readable failure). */
export function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && la[i] === lb[i]) i++;
  return `line ${i + 1}:\n  expected: ${la.slice(Math.max(0, i - 3), i + 3).join('\n  ')}\n  actual:   ${lb.slice(Math.max(0, i - 3), i + 3).join('\n  ')}`;
}
