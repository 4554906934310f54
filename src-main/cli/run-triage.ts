/**
 * The headless triage: the same API code the app uses, called directly. Returns an exit code:
 * 0 done (bad files are entries with an error), 1 the folder (or a suppression file) cannot be
 * read, 2 usage error.
 */
import os from 'node:os';
import path from 'node:path';
import { GrantedRoots } from '../api/granted-roots';
import { checkOutputPath, writeFileAtomic, writeFileAtomicFrom } from '../output/output-files';
import { loadSuppressions, triageCase, type RulesSource, type TriageRun } from '../case/detection-run';
import { startReportWorker, type ReportWorker } from '../report/report-in-worker';
import { checkEvidenceUnchanged } from '../case/evidence-unchanged';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../case/triage-rules';
import { analystOf, parseTriageArgs, triageEventContent, USAGE, UsageError, type TriageArgs } from './args';
import { consoleError, consoleText as t } from './console-text';
import { findingsCsvLines } from '../output/findings-csv';
import { triageDocumentJson } from '../case/triage-document';
import { formatProgress, summaryLines } from './triage-summary';
import { EventExport } from '../export/event-export';
import { writeFindingsExport } from '../export/findings-export';
import { WorkerPool } from '../evidence-reading/pool';
import { ingestWorkerScript } from '../evidence-reading/worker-script';
import { warmUpSamples } from '../evidence-reading/warm-up';
import { workersForFolder } from '../evidence-reading/read-width';

export const DEMO_EVIDENCE_DIR = path.resolve(__dirname, '../../assets/demo-evidence');
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

export async function runTriage(argv: readonly string[], io: CliIo): Promise<number> {
  let args: TriageArgs;
  try {
    args = parseTriageArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) { io.err(`triage: ${t(err.message)}\n${USAGE}`); return 2; }
    throw err;
  }
  if (args.help) { io.out(USAGE); return 0; }
  const evidenceDir = args.evidenceDir === null ? DEMO_EVIDENCE_DIR : path.resolve(io.cwd, args.evidenceDir);
  const roots = new GrantedRoots();
  let root: string;
  let suppressions;
  let rules: RulesSource;
  let pool: WorkerPool | undefined;
  let report: ReportWorker | null = null;
  try {
    root = await roots.grant(evidenceDir);
    // Every output is checked before any evidence is read: never inside the evidence, folder writable.
    for (const [flag, file] of [['--json', args.json], ['--csv', args.csv], ['--pdf', args.pdf], ['--events', args.events], ['--findings', args.findings]] as const) {
      if (file === null) continue;
      try {
        await checkOutputPath(path.resolve(io.cwd, file), roots.list());
      } catch (err) {
        io.err(`triage: ${flag}: ${consoleError(err)}`);
        return 1;
      }
    }
    const outs = [args.json, args.csv, args.pdf, args.events, args.findings].filter((f): f is string => f !== null).map((f) => path.resolve(io.cwd, f));
    if (new Set(outs).size !== outs.length) { io.err('triage: two outputs name the same file'); return 2; }
    suppressions = loadSuppressions(args.suppressions === null ? null : path.resolve(io.cwd, args.suppressions));
    // The workers load their code while the folder is walked (the pool is closed below), and warm
    // the parser up on the built-in samples until their first item (evidence-reading/warm-up.ts);
    // one alone for a folder of one small file (evidence-reading/read-width.ts).
    pool = new WorkerPool(ingestWorkerScript(), Math.max(1, args.workers ?? os.availableParallelism()));
    void pool.warmUp(warmUpSamples(), undefined, workersForFolder(root, pool.size));
    // The PDF's worker loads pdfmake and the report's code, and lays out a report of an empty case,
    // while the evidence is read (report/report-warm-up.ts).
    if (args.pdf !== null) report = startReportWorker({ warmUp: true });
    // Loaded and compiled once, by triageCase once the workers have their first reads (the compile
    // overlaps their parsing); a bad rule file is listed with its reason, the rest run.
    rules = () => loadTriageRules({
      paths: args.rules.map((r) => path.resolve(io.cwd, r)), bundledSigma: !args.noSigma, builtin: !args.noBuiltin, minLevel: args.minLevel, ruleStatus: args.ruleStatus,
    }, DEFAULT_SIGMA_LOADER);
  } catch (err) {
    report?.close();
    await pool?.close();
    io.err(`triage: ${consoleError(err)}`);
    return 1;
  }
  // The events are written as the workers read them (bounded memory), into a file renamed at the end.
  let events: EventExport | null = null;
  try {
    if (args.events !== null) events = await EventExport.open(path.resolve(io.cwd, args.events), { format: args.eventsFormat ?? 'ecs', bulkAction: args.bulkAction });
  } catch (err) {
    report?.close();
    await pool.close();
    io.err(`triage: --events: ${consoleError(err)}`);
    return 1;
  }
  let lastProgress = 0;
  let run: TriageRun;
  // Closed as soon as the triage has no more work for it (its workers' teardown then overlaps the
  // findings' assembly and the outputs), else when the triage ends; awaited before returning.
  const readPool = pool;
  let poolClosed: Promise<void> | null = null;
  const closePool = (): Promise<void> => (poolClosed ??= readPool.close());
  try {
    run = await triageCase(root, {
      jobId: 'cli', pool, suppressions, rules, onEvents: events?.add, onPoolDone: () => { void closePool(); },
      // Without an event export or a PDF, events without a view cross without their data unless a Sigma rule may read it.
      eventContent: triageEventContent(args),
      // Only the PDF shows the pivot events' fields (the JSON, the CSV and the exports hold none of them).
      details: args.pdf !== null,
      onProgress: (p) => {
        const now = Date.now();
        if (!args.quiet && now - lastProgress > 1000) { lastProgress = now; io.err(formatProgress(p)); }
      },
    });
  } catch (err) {
    report?.close();
    await events?.abort();
    await closePool();
    io.err(`triage: ${consoleError(err)}`);
    return 1;
  }
  const written = await writeOutputs(run, args, io, root, events, report);
  await closePool();
  if (written !== 0) return written;
  if (!args.quiet) for (const line of summaryLines(run, args)) io.out(line);
  return 0;
}

/** Writes the outputs the arguments ask for; 0, or 1 when one cannot be written (the events file is then dropped). */
async function writeOutputs(run: TriageRun, args: TriageArgs, io: CliIo, root: string, events: EventExport | null, report: ReportWorker | null): Promise<number> {
  const generated = new Date();
  try {
    // The PDF is asked for first: its worker lays it out while this thread writes the other outputs.
    let pdf: Promise<Uint8Array> | null = null;
    if (args.pdf !== null) {
      // The checks the report states (report/soundness.ts), made here. Every output was checked
      // against the evidence folder before the triage (checkOutputPath).
      const checks = {
        outputOutsideEvidence: true,
        unchanged: await checkEvidenceUnchanged(root, run.scan.evidence).catch(() => null),
      };
      pdf = (report ?? startReportWorker()).render({
        caseName: args.caseName ?? path.basename(root), analyst: analystOf(args.analyst),
        scan: run.scan, findingIds: null, annotations: {}, generatedAt: generated.toISOString(), checks,
      });
      pdf.catch(() => {}); // awaited below, after the other outputs
    }
    if (events !== null) {
      await events.commit();
      if (events.count !== run.scan.stats.events) io.err(`triage: --events: ${events.count} events written, ${run.scan.stats.events} read`);
    }
    if (args.findings !== null) {
      await writeFindingsExport(path.resolve(io.cwd, args.findings), run.scan.findings, run.scan.rules, run.scan.ruleset.version, { format: args.findingsFormat ?? 'ecs', bulkAction: args.bulkAction });
    }
    // Streamed piece by piece into the temporary file: memory does not grow with the text.
    if (args.json !== null) await writeFileAtomicFrom(path.resolve(io.cwd, args.json), triageDocumentJson(run, generated));
    if (args.csv !== null) await writeFileAtomicFrom(path.resolve(io.cwd, args.csv), findingsCsvLines(run.scan.findings));
    if (pdf !== null && args.pdf !== null) await writeFileAtomic(path.resolve(io.cwd, args.pdf), await pdf);
  } catch (err) {
    report?.close();
    await events?.abort();
    io.err(`triage: cannot write an output: ${consoleError(err)}`);
    return 1;
  }
  return 0;
}
