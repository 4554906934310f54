/**
 * Detections over a case as it is read: the engine sees every batch from the workers, then the
 * detail pass fetches the full events the findings pivot on. Content (rules, intel) is the
 * bundled copy of assets/rules and assets/intel; suppressions come from a file (CLI) or none.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { DetectionSession } from '../detect/detection-session';
import { emptySuppressions, loadSuppressionsFile, type SuppressionList } from '../detect/suppressions';
import type { DetectionResult } from '../detect/detection-types';
import type { Finding } from '../detect/findings';
import type { NormalisedEvent } from '../model/event';
import type { CaseScan, ProgressEvent, RuleDoc, TriageFinding } from '../shared/contract';
import { compareCaseFindings, pivotEventIdentities, ruleDoc, sigmaRuleDoc, toCaseFinding } from './case-findings';
import { DEFAULT_SIGMA_LOADER, loadTriageRules, type TriageRules } from './triage-rules';
import { HeldDetailEvents, readEventDetails } from './event-details';
import { sigmaDataKeys } from '../detect/sigma-data-keys';
import { HostTally } from './host-summary';
import { tallyEvents } from '../evidence-reading/event-tally';
import { readCase, type ReadCaseOptions } from './read-case';
import { WorkerPool } from '../evidence-reading/pool';
import { ingestWorkerScript } from '../evidence-reading/worker-script';
import knownBadIntel from '../../assets/intel/known-bad-clsids.json';
import builtinClsids from '../../assets/intel/builtin-clsids.json';
import benignWriters from '../../assets/intel/benign-writers.json';

export interface TriageRun {
  /** The case; its findings carry every field of the finding shape (the JSON document and the CSV are projections of them). */
  scan: Omit<CaseScan, 'findings'> & { findings: TriageFinding[] };
  detection: DetectionResult;
}

function shortHash(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);
}

function contentVersions(rules: unknown): { version: string; intel_version: string } {
  return { version: `rules-${shortHash(rules)}`, intel_version: `intel-${shortHash([knownBadIntel, builtinClsids, benignWriters])}` };
}

export function loadSuppressions(file: string | null): SuppressionList {
  return file ? loadSuppressionsFile(file) : emptySuppressions();
}

/** The documentation of the built-in rules and of every Sigma rule with a finding (a 2,800-rule set stays a summary: ruleset.sigma). */
function ruleDocs(rules: TriageRules, findings: readonly Finding[]): RuleDoc[] {
  const docs: RuleDoc[] = rules.ruleset.rules.map(ruleDoc);
  const seen = new Set<string>();
  for (const f of findings) {
    if (!f.sigma) continue;
    const k = `${f.sigma.id}\u0000${f.sigma.origin}\u0000${f.sigma.path}`;
    if (seen.has(k)) continue;
    seen.add(k);
    docs.push(sigmaRuleDoc(f.sigma));
  }
  return docs;
}

export interface TriageCaseOptions extends ReadCaseOptions {
  suppressions?: SuppressionList;
  rules?: RulesSource;
  /**
   * Called once the triage has no more work for `pool` (after the detail pass, or the read when
   * there is none; not called when the triage fails first), so that a caller which owns the
   * pool can close it while the findings are assembled and written (a worker's teardown frees
   * its whole heap: ~0.1 s of a core).
   */
  onPoolDone?: () => void;
  /**
   * Read the full fields of the events the findings pivot on (the detail pass; default true). The
   * app's views and the PDF report show them; the JSON document, the CSV and the exports are
   * made of the findings' own fields and detected pivots alone, so a triage that writes none of
   * the former skips the pass (with --pdf the CLI asks for it) and holds no events for it: its
   * findings' pivot events then have no `fields`, and `integrity_level`, `process_hashes` and a
   * loaded image's facts are null. After a read of `eventContent` `'viewed'` or `'counted'` the
   * pass reads the files of its events again rather than taking them from the case read.
   */
  details?: boolean;
}

/**
 * Reads the case and runs every rule on it. `root` must be a real, granted folder. `rules`: the
 * rules loaded once for this triage (default: the built-in rules and the bundled Sigma set at
 * level low and above), or a loader called once the workers have their first work (the
 * hashing): the rule set's compile (~1 s CPU for the bundled Sigma set) then overlaps the hashing
 * and parsing instead of preceding it. Batches that arrive before the rules are held, in order, up to
 * MAX_PENDING_EVENTS events (past that a batch and its acknowledgement wait for the rules), then
 * run in arrival order: the findings are those of rules loaded before the read.
 */
export async function triageCase(root: string, opts: TriageCaseOptions): Promise<TriageRun> {
  const source = opts.rules ?? (() => loadTriageRules({}, DEFAULT_SIGMA_LOADER));
  const loading = deferredRules(source);
  let session: DetectionSession | null = null;
  const sessionFor = (r: TriageRules): DetectionSession =>
    session ??= new DetectionSession(r.ruleset, r.intel, opts.suppressions ?? emptySuppressions(), { sigma: r.sigma, sigmaCorrelations: r.correlations });
  // The events of files the detail pass would parse whole (JSON, XML, archive members), bounded: it takes them from here.
  const detailPass = opts.details ?? true;
  // Not from a `'viewed'` or `'counted'` read, whose events may have no data: a wanted identity
  // (evidence path and record id) may be shared by such an event in a file of several channels
  // (detail-events.ts). The pass then reads those files again instead.
  const detailEvents = detailPass && (opts.eventContent ?? 'all') === 'all' ? new HeldDetailEvents() : null;
  const pending: (readonly NormalisedEvent[])[] = [];
  let pendingEvents = 0;
  /** Events a `'counted'` read counted instead of sending, not yet given to the session. */
  let pendingCounted = 0;
  /** The batches held while the rules loaded, then the new one, in arrival order. */
  const drain = (r: TriageRules): void => {
    const s = sessionFor(r);
    for (const b of pending.splice(0)) s.add(b);
    pendingEvents = 0;
    s.addCounted(pendingCounted);
    pendingCounted = 0;
  };
  // One pool for the read and the detail pass: the second pass runs in workers already warm.
  const ownPool = opts.pool ? null : new WorkerPool(ingestWorkerScript(), Math.max(1, opts.workers ?? os.availableParallelism()));
  const pool = opts.pool ?? ownPool!;
  ownPool?.start(); // its workers load their code while the folder is walked (a caller's pool: as its owner started it)
  try {
    let last: ProgressEvent | null = null;
    const hosts = new HostTally();
    const scan = await readCase(root, {
      ...opts,
      pool,
      // A 'viewed' or 'counted' read keeps the data of the view-less events the Sigma rules may read:
      // their keys are known once the rules are loaded, which the hashing overlaps (a failed load reads 'all').
      ...(opts.eventContent === 'viewed' || opts.eventContent === 'counted' ? { dataKeys: () => loading.rules().then((r) => sigmaDataKeys(r.sigma, r.correlations), () => null) } : {}),
      onProgress: (p) => {
        last = p;
        // The hash items are already with the pool (the workers never wait for the load to start):
        // the load's slices overlap the hashing, while this thread is otherwise idle.
        if (p.phase === 'hashing' || p.phase === 'reading') loading.startSoon();
        // The case is done only once the detections are: hold back readCase's 'done'.
        if (p.phase !== 'done') opts.onProgress?.(p);
      },
      onEvents: async (batch, tally) => {
        // While the rules compile (in slices), batches wait here, up to a bound, so the workers read on.
        detailEvents?.add(batch);
        pending.push(batch);
        pendingEvents += batch.length;
        // Events counted, not sent: only the host tally and the session's total count them.
        if (tally !== null) { pendingCounted += tallyEvents(tally); hosts.addTally(tally); }
        if (!loading.ready() && pendingEvents < MAX_PENDING_EVENTS) loading.startSoon();
        else drain(await loading.rules());
        hosts.add(batch);
        await opts.onEvents?.(batch, tally);
      },
    });
    // Without a detail pass the pool's work for this triage ends with the read.
    if (!detailPass) opts.onPoolDone?.();
    const progressAt = (phase: ProgressEvent['phase']) => { if (last) opts.onProgress?.({ ...last, phase, currentFile: null }); };
    const rules = await loading.rules();
    drain(rules);
    const { ruleset } = rules;
    progressAt('detecting');
    const detection = sessionFor(rules).finish();
    const details = detailPass
      ? await readEventDetails(root, scan.evidence, new Set(detection.findings.flatMap(pivotEventIdentities)), pool, opts.signal, detailEvents)
      : new Map<string, NormalisedEvent>();
    if (detailPass) {
      detailEvents?.clear();
      // The pool has no more work for this triage: a caller that owns it closes it now, so the
      // workers' teardown overlaps the findings' assembly and the outputs instead of preceding them.
      opts.onPoolDone?.();
    }
    const findings = detection.findings.map((f) => toCaseFinding(f, details)).sort(compareCaseFindings);
    const sigmaInfo = rules.info ? { ...rules.info, match_errors: detection.stats.sigma?.ruleErrors ?? [] } : null;
    progressAt('done');
    return {
      scan: {
        ...scan, findings, rules: ruleDocs(rules, detection.findings), hostSummaries: hosts.result(),
        ruleset: { ...contentVersions(ruleset.rules), ...(sigmaInfo ? { sigma: sigmaInfo } : {}) },
      },
      detection,
    };
  } finally {
    loading.settle();
    await ownPool?.close();
  }
}

/** Events held while the rules load (the workers read on meanwhile); past this the batch waits. */
const MAX_PENDING_EVENTS = 10_000;

/** The rules of a triage, or a loader of them (called once). */
export type RulesSource = TriageRules | (() => TriageRules | Promise<TriageRules>);

/**
 * Starts a rules loader at most once: on the next turn after `startSoon` (so the reads posted in
 * this turn reach the workers first) or at once when the rules are needed.
 */
function deferredRules(source: RulesSource) {
  let promise: Promise<TriageRules> | null = typeof source === 'function' ? null : Promise.resolve(source);
  let timer: NodeJS.Immediate | null = null;
  let loaded = promise !== null;
  const start = (): Promise<TriageRules> => {
    if (timer) { clearImmediate(timer); timer = null; }
    if (!promise) {
      const load = source as () => TriageRules | Promise<TriageRules>;
      promise = new Promise<TriageRules>((resolve) => resolve(load()));
      promise.then(() => { loaded = true; }, () => {});
      promise.catch(() => {}); // seen by whoever awaits rules(); not an unhandled rejection meanwhile
    }
    return promise;
  };
  return {
    startSoon(): void { if (!promise && !timer) timer = setImmediate(start); },
    rules: start,
    /** The rules are there: `rules()` resolves on the next turn without work. */
    ready: (): boolean => loaded,
    /** No load left scheduled (a read that failed before its first batch). */
    settle(): void { if (timer) { clearImmediate(timer); timer = null; } },
  };
}
