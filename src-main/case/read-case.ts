/**
 * Reads an evidence folder as a case: lists it, hashes and sniffs every file, then reads every
 * event in the worker pool, handing batches of normalised events to `onEvents` (the detections)
 * as they arrive. A file that cannot be read is an entry with its error; the rest go on.
 */
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { NOT_HASHED_SHA256, type CaseScan, type EvidenceEntry, type ProgressEvent } from '../shared/contract';
import { ApiError } from '../shared/errors';
import { eventTotal } from '../shared/evidence-totals';
import { evidenceRowStatus, NOT_EVIDENCE_WORDS } from '../shared/evidence-rows';
import { planReads } from '../evidence-reading/plan-reads';
import { planBatches } from '../evidence-reading/plan-batches';
import { DEFAULT_ZIP_LIMITS, createZipBudget } from '../ingest/zip/index';
import { ProgressMeter } from './progress-meter';
import { walkEvidenceFolder } from '../evidence-reading/folder-walk';
import { emptyFileSummary, mergeFileSummaries, type FileReadSummary } from '../evidence-reading/file-summary';
import type { MemberResult } from '../evidence-reading/read-archive';
import type { IngestIssue } from '../shared/ingest-issues';
import { WorkerPool, WorkerTaskError, type BatchHandler } from '../evidence-reading/pool';
import type { EventContent, ParseFileItem, ScanOutcome, WorkProgress } from '../evidence-reading/messages';
import { ingestWorkerScript } from '../evidence-reading/worker-script';
import { readContent } from './read-content';

const PROGRESS_EVERY_MS = 200;
const EVENT_FORMATS = new Set(['evtx', 'xml', 'json', 'jsonl', 'zip']);

export interface ReadCaseOptions {
  jobId: string;
  onProgress?: (p: ProgressEvent) => void;
  onEvents?: BatchHandler;
  signal?: AbortSignal;
  workers?: number;
  /** Hash and sniff only (no event reading). */
  hashOnly?: boolean;
  /**
   * A pool owned by the caller (left open), so a later pass over the same case runs in workers
   * whose JIT is already warm; without one, readCase makes its own and closes it.
   */
  pool?: WorkerPool;
  /**
   * Uncompressed bytes all the case's archives may inflate to together (default: the zip reader's
   * `maxTotalUncompressed`, 8 GiB): one budget for the whole read, shared by every worker.
   */
  zipBudgetBytes?: number;
  /**
   * What of each event `onEvents` gets (evidence-reading/messages.ts `EventContent`; default
   * `'all'`). `'viewed'` only for a caller none of whose consumers reads the data of an event
   * without a view but for the `dataKeys`' (the CLI's triage without `--events` and `--pdf`, whose
   * Sigma rules give the keys; triageCase then holds no event for its detail pass). `'counted'`:
   * no event's data unless the keys want it, and the view-less events so left out are counted in
   * the batches' tallies instead of sent (for a caller whose consumers read views and headers, and
   * of those events no more than a host tally and a count).
   */
  eventContent?: EventContent;
  /**
   * With `eventContent` `'viewed'` or `'counted'`: the `channel|EventID` keys whose view-less events keep their
   * data (messages.ts, model/event-data-keys.ts), or a function giving them later (a triage's rules
   * load while the folder is hashed): called once every file is hashed; the items handed to the
   * pool before it resolves read `'all'`. Null makes the read `'all'`. Absent: none keep it.
   */
  dataKeys?: readonly string[] | (() => Promise<readonly string[] | null>);
}

/** The warning on a 0-byte file (its name says what it was meant to hold, e.g. `.evtx`). */
function emptyFileWarning(relPath: string): IngestIssue {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(relPath)?.[1];
  return { severity: 'warning', code: 'file.empty', message: `file is empty (0 bytes)${ext ? `; named .${ext}, it holds no events` : ''}`, context: { path: relPath } };
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function rethrowCancel(err: unknown, jobId: string): void {
  if (err instanceof WorkerTaskError && err.code === 'cancelled') throw new ApiError('cancelled', 'reading the evidence was cancelled by the user', { jobId });
}

/** `root` must be a real, granted folder path. */
export async function readCase(root: string, opts: ReadCaseOptions): Promise<CaseScan> {
  const started = Date.now();
  const meter = new ProgressMeter(opts.jobId);
  const emit = () => opts.onProgress?.(meter.snapshot());
  const timer = setInterval(emit, PROGRESS_EVERY_MS);
  emit();
  // A pool of its own starts its workers now, while the folder is walked (a fresh worker loads its
  // code first). A caller's pool runs the workers its owner started and starts more as items queue.
  const pool = opts.pool ?? new WorkerPool(ingestWorkerScript(), Math.max(1, opts.workers ?? os.availableParallelism()));
  if (pool !== opts.pool) pool.start();
  // Every queued work item listens for cancel on the one signal: no listener limit.
  if (opts.signal) setMaxListeners(0, opts.signal);
  let nextItem = 0;
  try {
    const listing = await walkEvidenceFolder(root);
    meter.startPhase('hashing', listing.files.length, listing.totalBytes);
    for (const f of listing.files) meter.declareFile(f.path, f.bytes);
    const evidence: EvidenceEntry[] = new Array(listing.files.length);
    const absPath = (rel: string) => path.join(root, ...rel.split('/'));
    const hashed = Promise.all(planBatches(listing.files, pool.size).map(async (group) => {
      const files = group.map((i) => listing.files[i]!);
      const ids = files.map(() => nextItem++);
      const entry = (i: number, r: ScanOutcome): EvidenceEntry => {
        const f = listing.files[i]!;
        const base = { path: f.path, modified: f.modified, records: null, errors: 0, warnings: 0, errorSamples: [], warningSamples: [] };
        if (!r.ok) return { ...base, bytes: f.bytes, sha256: NOT_HASHED_SHA256, hashComplete: false, notHashed: r.error.message, format: 'unknown', error: r.error.message };
        // an empty file holds nothing, whatever its name says (a log never written, or cut to 0)
        if (r.bytes === 0) return { ...base, bytes: 0, sha256: r.sha256, hashComplete: true, format: r.format, warnings: 1, warningSamples: [emptyFileWarning(f.path)] };
        return { ...base, bytes: r.bytes, sha256: r.sha256, hashComplete: true, format: r.format };
      };
      // Progress of a batch is its bytes so far, in file order: spread over its files by their sizes.
      const onProgress = (p: { bytesDone: number }) => {
        let left = p.bytesDone;
        files.forEach((f, k) => { const b = Math.min(f.bytes, left); if (b > 0 || k === 0) meter.item(ids[k]!, b, 0, f.path); left -= b; });
      };
      let outcomes: ScanOutcome[];
      try {
        if (files.length === 1) {
          const f = files[0]!;
          const r = await pool.run({ kind: 'scan-file', absPath: absPath(f.path), relPath: f.path }, onProgress, opts.signal);
          outcomes = [{ ok: true, relPath: f.path, sha256: r.sha256, bytes: r.bytes, format: r.format }];
        } else {
          const r = await pool.run({ kind: 'scan-files', relPath: files[0]!.path, files: files.map((f) => ({ absPath: absPath(f.path), relPath: f.path })) }, onProgress, opts.signal);
          outcomes = r.outcomes;
        }
      } catch (err) {
        rethrowCancel(err, opts.jobId);
        // The item as a whole failed (a worker crashed): every file of it is unreadable, with the reason.
        const message = err instanceof Error ? err.message : String(err);
        outcomes = files.map((f) => ({ ok: false, relPath: f.path, error: { code: (err as WorkerTaskError).code ?? 'internal', message, context: { path: f.path } } }));
      }
      group.forEach((i, k) => {
        evidence[i] = entry(i, outcomes[k]!);
        meter.filesDone++;
        meter.item(ids[k]!, listing.files[i]!.bytes, 0, listing.files[i]!.path);
        meter.fileDone(listing.files[i]!.path);
      });
    }));
    emit(); // every hash item is with the pool: the first 'hashing' progress (a triage starts its rules load here)
    await hashed;
    emit();
    for (const s of listing.skipped) {
      evidence.push({ path: s.path, bytes: 0, modified: '', sha256: NOT_HASHED_SHA256, hashComplete: false, notHashed: s.reason, format: 'unknown', error: s.reason, records: null, errors: 0, warnings: 0, errorSamples: [], warningSamples: [] });
    }

    if (!opts.hashOnly) await readEvents(root, evidence, pool, meter, opts);

    evidence.sort(byPath);
    meter.phase = 'done';
    meter.currentFile = null;
    emit();
    return {
      root, fingerprint: listing.fingerprint, scannedAt: new Date().toISOString(), evidence,
      findings: [], rules: [], ruleset: { version: '', intel_version: '' },
      stats: {
        files: evidence.length, bytes: listing.totalBytes, errors: evidence.filter((e) => e.error).length,
        events: eventTotal(evidence),
        recordErrors: evidence.reduce((n, e) => n + e.errors, 0),
        recovered: evidence.reduce((n, e) => n + (e.format === 'zip' ? 0 : e.recovered ?? 0), 0), // members once, as eventTotal
        elapsedMs: Date.now() - started,
      },
    };
  } finally {
    clearInterval(timer);
    if (pool !== opts.pool) await pool.close();
  }
}

/** Work items with the pool at once, per worker: each worker has its next item queued, and a later item takes the content known then. */
const ITEMS_AHEAD_PER_WORKER = 2;

async function readEvents(root: string, evidence: EvidenceEntry[], pool: WorkerPool, meter: ProgressMeter, opts: ReadCaseOptions): Promise<void> {
  // One inflation budget for every archive of the case, whichever worker reads it.
  const zipBudget = createZipBudget(opts.zipBudgetBytes ?? DEFAULT_ZIP_LIMITS.maxTotalUncompressed);
  const content = await readContent(opts);
  const items = planReads(root, evidence).map((it) => (it.format === 'zip' ? { ...it, zipBudget } : it));
  const remaining = new Map<string, number>();
  for (const it of items) remaining.set(it.relPath, (remaining.get(it.relPath) ?? 0) + 1);
  const summaries = new Map<string, FileReadSummary>();
  // What each item gave, kept by item: a file read in several items is summed up in item order
  // (samples, the first fatal error) and archive members listed in item order, whatever order
  // the items finished in, so the same evidence gives the same document.
  const parts: (FileReadSummary | undefined)[] = new Array(items.length);
  const itemMembers: (MemberResult[] | undefined)[] = new Array(items.length);
  const itemsOfFile = new Map<string, number[]>();
  items.forEach((it, k) => { const l = itemsOfFile.get(it.relPath); if (l) l.push(k); else itemsOfFile.set(it.relPath, [k]); });
  // The bytes the items count per file (an EVTX file's chunk slots), and each file's size on disk: the
  // progress is in the sizes on disk, as every list of the evidence gives them.
  const fileBytes = new Map<string, number>();
  for (const it of items) fileBytes.set(it.relPath, (fileBytes.get(it.relPath) ?? 0) + it.bytes);
  const sizes = new Map(evidence.map((e) => [e.path, e.bytes]));
  const onDisk = [...fileBytes].map(([p, work]) => ({ p, work, disk: sizes.get(p) ?? work }));
  meter.startPhase('reading', remaining.size, onDisk.reduce((n, f) => n + f.disk, 0));
  for (const f of onDisk) meter.declareFile(f.p, f.disk, f.work);
  // The files of the folder this pass does not read are named with why, so no list shows them waiting.
  for (const e of evidence) if (e.archive === undefined && !fileBytes.has(e.path)) meter.skipFile(e.path, e.bytes, evidenceRowStatus(e) ?? NOT_EVIDENCE_WORDS);
  const finish = (k: number, r: { ok: true; summary: FileReadSummary; members: MemberResult[] } | { ok: false; code: string; message: string }) => {
    const it = items[k]!;
    if (r.ok) {
      parts[k] = r.summary;
      itemMembers[k] = r.members;
      meter.item(k, it.bytes, r.summary.records + r.members.reduce((n, m) => n + m.summary.records, 0), it.relPath);
    } else {
      parts[k] = { ...emptyFileSummary(), errors: 1, fatal: { code: r.code, message: r.message, context: { path: it.relPath } }, errorSamples: [{ code: 'read_failed', message: r.message, context: { path: it.relPath } }] };
    }
    const left = (remaining.get(it.relPath) ?? 1) - 1;
    remaining.set(it.relPath, left);
    if (left === 0) {
      const summary = emptyFileSummary();
      for (const j of itemsOfFile.get(it.relPath)!) mergeFileSummaries(summary, parts[j]!);
      summaries.set(it.relPath, summary);
      meter.filesDone++;
      meter.fileDone(it.relPath, summary.errors);
    }
  };
  const failure = (err: unknown) => ({ ok: false as const, code: (err as WorkerTaskError).code ?? 'internal', message: err instanceof Error ? err.message : String(err) });
  const itemOf = (k: number): ParseFileItem => { const { bytes: _bytes, ...item } = items[k]!; return { ...item, ...content.current() }; };
  const runOne = async (k: number): Promise<void> => {
    const it = items[k]!;
    try {
      const r = await pool.run(itemOf(k), (p) => meter.item(k, Math.min(p.bytesDone, it.bytes), p.events, it.relPath), opts.signal, opts.onEvents);
      finish(k, { ok: true, summary: r.summary, members: r.members });
    } catch (err) {
      rethrowCancel(err, opts.jobId);
      finish(k, failure(err));
    }
  };
  // Small files several to an item; the worker reports each file as it finishes it.
  const runBatch = async (group: number[]): Promise<void> => {
    let finished = 0;
    const onProgress = (p: WorkProgress) => {
      if (p.finished !== undefined) {
        const k = group[finished++]!;
        finish(k, p.finished.ok ? p.finished : { ok: false, code: p.finished.error.code, message: p.finished.error.message });
      } else if (finished < group.length) {
        meter.item(group[finished]!, Math.min(items[group[finished]!]!.bytes, p.bytesDone), 0, items[group[finished]!]!.relPath);
      }
    };
    try {
      await pool.run({ kind: 'parse-files', relPath: items[group[0]!]!.relPath, items: group.map(itemOf) }, onProgress, opts.signal, opts.onEvents);
    } catch (err) {
      rethrowCancel(err, opts.jobId);
      // The worker died in the batch: the file it was reading fails with the reason (as alone);
      // the files it had not started are read again, each alone. None is read twice.
      if (finished < group.length) finish(group[finished++]!, failure(err));
      await Promise.all(group.slice(finished).map(runOne));
    }
  };
  // Handed to the pool a few at a time, in order (not all at once), so each item is made when it is
  // about to run: with the content known by then.
  const groups = planBatches(items, pool.size, (k) => items[k]!.format === 'zip');
  let nextGroup = 0;
  const lane = async (): Promise<void> => {
    while (nextGroup < groups.length) {
      const g = groups[nextGroup++]!;
      await (g.length === 1 ? runOne(g[0]!) : runBatch(g));
    }
  };
  await Promise.all(Array.from({ length: Math.min(groups.length, Math.max(1, pool.size) * ITEMS_AHEAD_PER_WORKER) }, lane));
  const members: { parent: string; member: MemberResult }[] = [];
  items.forEach((it, k) => { for (const m of itemMembers[k] ?? []) members.push({ parent: it.relPath, member: m }); });
  const modified = new Map(evidence.map((e) => [e.path, e.modified]));
  for (const { parent, member: m } of members) {
    evidence.push({
      path: m.path, archive: parent, bytes: m.bytes, modified: modified.get(parent) ?? '', format: m.format,
      ...(m.hashComplete
        ? { sha256: m.sha256, hashComplete: true }
        : { sha256: NOT_HASHED_SHA256, hashComplete: false, notHashed: m.summary.fatal?.message ?? 'the member could not be read to the end' }),
      records: null, errors: 0, warnings: 0, errorSamples: [], warningSamples: [],
    });
    summaries.set(m.path, m.summary);
  }
  for (const e of evidence) {
    const s = summaries.get(e.path);
    if (!s) continue;
    e.records = EVENT_FORMATS.has(e.format) ? s.records : null;
    if (e.records !== null) e.recovered = s.recovered;
    e.errors = s.errors;
    e.warnings = s.warnings;
    e.errorSamples = s.errorSamples;
    e.warningSamples = s.warningSamples;
    if (s.fatal && s.records === 0) e.error = `${s.fatal.message}`;
  }
  // An archive counts the events of its members (they are listed too, as `archive.zip!/member`).
  const byPath = new Map(evidence.map((e) => [e.path, e]));
  for (const { parent, member } of members) {
    const p = byPath.get(parent);
    if (p && EVENT_FORMATS.has(member.format)) p.records = (p.records ?? 0) + member.summary.records;
  }
  for (const e of evidence) if (e.records === null && !e.error && EVENT_FORMATS.has(e.format)) e.records = 0;
  opts.onProgress?.(meter.snapshot());
}
