/**
 * The API handler table: one function per call of the contract, plain TypeScript. Electron IPC,
 * the CLI and the end-to-end tests all call these. Every argument is validated first; every
 * outcome is an ApiResult, so errors cross any transport as `{code, message, context}`.
 */
import type { ApiCallName, ApiArg, ApiEvents, ApiEventName, ApiResult, ApiValue, FolderListing } from '../shared/contract';
import { ApiError } from '../shared/errors';
import { renderReportInWorker } from '../report/report-in-worker';
import { checkEvidenceUnchanged } from '../case/evidence-unchanged';
import { GrantedRoots } from './granted-roots';
import { checkOutputPath, writeFileAtomic } from '../output/output-files';
import { validateArgs } from './validate-args';
import { triageCase } from '../case/detection-run';
import { withoutDetectedPivots } from '../case/case-findings';
import { loadCaseRules, resolveRuleChoice } from './case-rules';
import { readEventPage, readEventSource } from '../case/event-pages';
import { importTriageDocument } from '../case/import-document';
import { walkEvidenceFolder } from '../evidence-reading/folder-walk';
import { hashFile } from '../evidence-reading/hash-file';
import type { WorkerPool } from '../evidence-reading/pool';
import { TOOL_NAME, TOOL_VERSION } from '../shared/tool-info';

export interface HandlerDeps {
  roots: GrantedRoots;
  /** Shows the folder dialog (Electron) or answers for it (tests); null when the user cancels. */
  chooseFolder: () => Promise<string | null>;
  /** Shows the folder dialog for a rules folder; absent: `chooseFolder`. */
  chooseRulesFolder?: () => Promise<string | null>;
  /** Shows the open dialog for a triage JSON document (Electron) or answers for it (tests); null when cancelled. */
  chooseTriageDocument?: () => Promise<string | null>;
  /** The rules folders the user picked (read-only, never evidence); absent: a set of its own. */
  ruleRoots?: GrantedRoots;
  /** Shows the save dialog (Electron) or answers for it (tests); null when the user cancels. */
  chooseSavePath: (opts: { title: string; defaultName: string; extensions: string[] }) => Promise<string | null>;
  /** Pushes an event to the renderer. */
  emit: <E extends ApiEventName>(name: E, payload: ApiEvents[E]) => void;
  workers?: number;
  /**
   * The app's long-lived worker pool: every scan runs in it, so from the second case on the
   * parsers' JIT is warm. Without one, each scan starts and stops its own workers.
   */
  pool?: WorkerPool;
}

type Handlers = { [K in ApiCallName]: (arg: ApiArg<K>) => Promise<ApiValue<K>> };

export function createHandlers(deps: HandlerDeps): Handlers {
  const jobs = new Map<string, AbortController>();
  const ruleRoots = deps.ruleRoots ?? new GrantedRoots('rules folder');
  return {
    async appInfo() {
      return { name: TOOL_NAME, version: TOOL_VERSION };
    },
    async chooseEvidenceFolder() {
      const picked = await deps.chooseFolder();
      return picked === null ? null : deps.roots.grant(picked);
    },
    async listEvidenceFolder({ root }): Promise<FolderListing> {
      const real = await deps.roots.requireRoot(root);
      const walked = await walkEvidenceFolder(real);
      return { root: real, fingerprint: walked.fingerprint, files: walked.files, skipped: walked.skipped, totalBytes: walked.totalBytes };
    },
    async scanEvidenceFolder({ root, jobId, rules: choice }) {
      const real = await deps.roots.requireRoot(root);
      if (jobs.has(jobId)) throw new ApiError('bad_argument', `job ${jobId} is already running`, { jobId });
      const controller = new AbortController();
      jobs.set(jobId, controller);
      try {
        // The engine keeps no events after a read: other rules mean reading the evidence again.
        const ruleChoice = choice ? await resolveRuleChoice(choice, ruleRoots) : null;
        const rules = ruleChoice ? await loadCaseRules(ruleChoice) : undefined;
        if (controller.signal.aborted) throw new ApiError('cancelled', 'reading the evidence was cancelled by the user', { jobId });
        const run = await triageCase(real, {
          jobId, signal: controller.signal, workers: deps.workers, pool: deps.pool, onProgress: (p) => deps.emit('progress', p), rules,
        });
        const scan = { ...run.scan, findings: run.scan.findings.map(withoutDetectedPivots) };
        return ruleChoice ? { ...scan, ruleChoice } : scan;
      } finally {
        jobs.delete(jobId);
      }
    },
    async chooseRulesFolder() {
      const picked = await (deps.chooseRulesFolder ?? deps.chooseFolder)();
      return picked === null ? null : ruleRoots.grant(picked);
    },
    async importTriageDocument() {
      // The path comes only from the main process's own dialog: the page can never name a file to read.
      if (!deps.chooseTriageDocument) throw new ApiError('not_allowed', 'importing a triage document needs its file dialog');
      const picked = await deps.chooseTriageDocument();
      return picked === null ? null : importTriageDocument(picked);
    },
    async hashEvidenceFile({ root, path: rel }) {
      const file = await deps.roots.resolveFile(root, rel);
      try {
        const h = await hashFile(file);
        return { path: rel, sha256: h.sha256, bytes: h.bytes };
      } catch (err) {
        throw new ApiError('read_failed', `cannot read ${rel}: ${(err as Error).message}`, { path: rel });
      }
    },
    async saveExport({ kind, suggestedName, content }) {
      const target = await deps.chooseSavePath({ title: `Export findings as ${kind.toUpperCase()}`, defaultName: suggestedName, extensions: [kind] });
      if (target === null) return null;
      await writeNewFile(deps.roots, target, content);
      return { path: target };
    },
    async saveReport(req) {
      const target = await deps.chooseSavePath({ title: 'Save the PDF triage report', defaultName: `${safeName(req.caseName)}-triage-report.pdf`, extensions: ['pdf'] });
      if (target === null) return null;
      // Checked before rendering, so the report can state it; writeNewFile checks again.
      await checkOutputPath(target, deps.roots.list());
      // The renderer cannot vouch for checks: they are made here, and stated as made.
      const unchanged = await deps.roots.requireRoot(req.scan.root)
        .then((real) => checkEvidenceUnchanged(real, req.scan.evidence))
        .catch(() => null);
      const pdf = await renderReportInWorker({ ...req, checks: { outputOutsideEvidence: true, unchanged } });
      await writeNewFile(deps.roots, target, pdf);
      return { path: target, bytes: pdf.length };
    },
    async readEventPage(req) {
      const file = await deps.roots.resolveFile(req.root, req.path);
      try {
        return await readEventPage(file, req, deps.pool);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw new ApiError('read_failed', `cannot read the events of ${req.path}: ${(err as Error).message}`, { path: req.path });
      }
    },
    async readEventSource(req) {
      const file = await deps.roots.resolveFile(req.root, req.path);
      try {
        return await readEventSource(file, req, deps.pool);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw new ApiError('read_failed', `cannot read the event in ${req.path}: ${(err as Error).message}`, { path: req.path });
      }
    },
    async cancelJob({ jobId }) {
      const c = jobs.get(jobId);
      if (!c) return false;
      c.abort();
      return true;
    },
  };
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'case';
}

/**
 * Writes an output file chosen by the user: refused inside any granted evidence folder (the rule
 * the CLI applies too), written beside the target and renamed into place.
 */
async function writeNewFile(roots: GrantedRoots, target: string, content: string | Uint8Array): Promise<void> {
  await checkOutputPath(target, roots.list());
  await writeFileAtomic(target, content);
}

/** Validates a raw (untrusted) call and runs it, always answering with an ApiResult. */
export async function dispatchCall(handlers: Handlers, name: unknown, arg: unknown): Promise<ApiResult<unknown>> {
  try {
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(validateArgs, name)) {
      throw new ApiError('bad_argument', `unknown call: ${String(name).slice(0, 64)}`, {});
    }
    const call = name as ApiCallName;
    const valid = validateArgs[call](arg);
    const value = await (handlers[call] as (a: unknown) => Promise<unknown>)(valid);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: ApiError.from(err).toShape() };
  }
}

