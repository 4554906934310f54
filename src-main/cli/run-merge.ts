/**
 * `npm run merge -- A.json B.json … [--json OUT] [--csv OUT] [--pdf OUT] [--case NAME] [--analyst NAME]`:
 * triage documents of several laptops (or a split collection) as one case (merge/). A document
 * that cannot be used is named with its reason on the console and in `merge.refused`; the others
 * are merged. Outputs follow output/output-files.ts (checked before any input is read, again against
 * the documents' evidence folders found on this machine; never an input; written atomically).
 * Exit codes: 0 merged (refused documents listed), 1 no document could be used or an output is
 * refused or cannot be written, 2 usage.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { checkOutputPath, writeFileAtomic } from '../output/output-files';
import { validateReportRequest } from '../api/validate-args';
import { mergeTriageDocuments, type MergedCase } from '../merge/merge-documents';
import { mergedCaseScan } from '../merge/merged-case-scan';
import { mergedFindingsCsv } from '../merge/merged-csv';
import { writeChunksAtomic, writeMergedJson } from '../merge/write-merged-json';
import { renderReportInWorker } from '../report/report-in-worker';
import { analystArg, analystOf } from './args';
import { consoleError, consoleText as t } from './console-text';
import { DEMO_EVIDENCE_DIR, type CliIo } from './run-triage';

export const MERGE_USAGE = 'usage: npm run merge -- A.json B.json … [--json OUT.json] [--csv OUT.csv] [--pdf OUT.pdf] [--case NAME] [--analyst NAME] [--quiet]';
/** Inputs named at most (each is read under its own size cap). */
export const MAX_INPUTS = 10_000;

interface MergeArgs { inputs: string[]; json: string | null; csv: string | null; pdf: string | null; caseName: string | null; analyst: string | null; quiet: boolean }

function parseMergeArgs(argv: readonly string[]): MergeArgs | string {
  const out: MergeArgs = { inputs: [], json: null, csv: null, pdf: null, caseName: null, analyst: null, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | null => { const v = argv[i + 1]; i++; return v === undefined || v.startsWith('--') ? null : v; };
    if (a === '--json' || a === '--csv' || a === '--pdf' || a === '--case' || a === '--analyst') {
      const v = value();
      if (v === null) return `${a} needs a value`;
      if (a === '--json') out.json = v; else if (a === '--csv') out.csv = v; else if (a === '--pdf') out.pdf = v;
      else if (a === '--case') out.caseName = v;
      else {
        try { out.analyst = analystArg(v); } catch (err) { return (err as Error).message; }
      }
    } else if (a === '--quiet' || a === '-q') out.quiet = true;
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else out.inputs.push(a);
  }
  if (out.inputs.length === 0) return 'name at least one triage document';
  if (out.inputs.length > MAX_INPUTS) return `at most ${MAX_INPUTS} documents`;
  if (out.json === null && out.csv === null && out.pdf === null) return 'name an output: --json, --csv or --pdf';
  return out;
}

export async function runMerge(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { io.out(MERGE_USAGE); return 0; }
  const args = parseMergeArgs(argv);
  if (typeof args === 'string') { io.err(`merge: ${t(args)}\n${MERGE_USAGE}`); return 2; }
  const outputs: [string, string][] = [];
  for (const [flag, f] of [['--json', args.json], ['--csv', args.csv], ['--pdf', args.pdf]] as const) if (f !== null) outputs.push([flag, path.resolve(io.cwd, f)]);
  const inputs = args.inputs.map((label) => ({ label, file: path.resolve(io.cwd, label) }));
  if (new Set(outputs.map((o) => o[1])).size !== outputs.length) { io.err('merge: two outputs name the same file'); return 2; }
  const inputReal = new Set(await Promise.all(inputs.map((i) => realpath(i.file).catch(() => i.file))));
  const checkOutputs = async (roots: string[]): Promise<boolean> => {
    for (const [flag, file] of outputs) {
      try {
        const real = await checkOutputPath(file, roots);
        if (inputReal.has(real)) throw new Error(`it is one of the documents being merged: ${file}`);
      } catch (err) {
        io.err(`merge: ${flag}: ${consoleError(err)}`);
        return false;
      }
    }
    return true;
  };
  const demo = await realpath(DEMO_EVIDENCE_DIR).catch(() => DEMO_EVIDENCE_DIR);
  if (!(await checkOutputs([demo]))) return 1;
  const merged = await mergeTriageDocuments(inputs, Date.now, (label, error) => {
    if (error) io.err(`merge: refused ${t(label)}: ${consoleError(error)}`);
    else if (!args.quiet) io.err(`  merged ${t(label)}`);
  });
  try {
    return await writeOutputs(merged, args, { io, demo, inputs: inputs.length, outputs, checkOutputs });
  } finally {
    merged.close();
  }
}

interface OutputContext {
  io: CliIo;
  demo: string;
  inputs: number;
  outputs: [string, string][];
  checkOutputs: (roots: string[]) => Promise<boolean>;
}

/** Checks the outputs against the documents' evidence folders, writes them, prints the summary. */
async function writeOutputs(merged: MergedCase, args: MergeArgs, ctx: OutputContext): Promise<number> {
  const { io } = ctx;
  const doc = merged.doc;
  const info = doc.merge;
  if (info.documents.length === 0) { io.err('merge: no document could be used'); return 1; }
  // The documents' evidence folders, where they exist on this machine, are read-only too.
  const roots = (await Promise.all(doc.evidence_roots.filter((r) => path.isAbsolute(r)).map((r) => realpath(r).catch(() => null)))).filter((r): r is string => r !== null);
  if (!(await ctx.checkOutputs([ctx.demo, ...roots]))) return 1;
  try {
    if (args.json !== null) await writeMergedJson(path.resolve(io.cwd, args.json), merged);
    if (args.csv !== null) await writeChunksAtomic(path.resolve(io.cwd, args.csv), mergedFindingsCsv(merged.findings()));
    if (args.pdf !== null) {
      const { scan, annotations } = mergedCaseScan(merged);
      const request = validateReportRequest({
        caseName: args.caseName ?? `Merge of ${info.documents.length} triage documents`, analyst: analystOf(args.analyst),
        scan, findingIds: null, annotations, generatedAt: doc.generated,
      });
      const pdf = await renderReportInWorker({ ...request, checks: { outputOutsideEvidence: true, unchanged: null } });
      await writeFileAtomic(path.resolve(io.cwd, args.pdf), pdf);
    }
  } catch (err) {
    io.err(`merge: cannot write an output: ${consoleError(err)}`);
    return 1;
  }
  if (!args.quiet) {
    io.out(`Merged ${info.documents.length} of ${ctx.inputs} documents (${info.refused.length} refused): ${doc.evidence.length} evidence entries, ${info.findings} findings (${info.duplicate_findings} duplicates folded), ${doc.stats.elapsed_ms} ms`);
    for (const d of info.documents) io.out(`  ${t(d.document)}  ${d.findings} findings, ${d.evidence} evidence  ${t(d.evidence_root)}${d.duplicate_of ? `  (same evidence as ${t(d.duplicate_of)}: evidence not listed twice)` : ''}`);
    for (const r of info.refused) io.out(`  refused ${t(r.document)}: ${t(r.reason)}`);
    for (const w of info.warnings) io.out(`  warning: ${t(w)}`);
    for (const [flag, file] of ctx.outputs) io.out(`${flag.slice(2).toUpperCase()} written to ${t(file)}`);
  }
  return 0;
}
