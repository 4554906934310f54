/**
 * The headless triage: the same handlers the app uses, called directly. Returns an exit code:
 * 0 done (bad files are entries with an error), 1 the folder cannot be read, 2 usage error.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHandlers, dispatchCall } from '../api/handlers';
import { GrantedRoots } from '../api/granted-roots';
import type { CaseScan, ProgressEvent } from '../api/contract';
import { parseTriageArgs, USAGE, UsageError } from './args';
import { buildTriageDocument } from './triage-document';

export const DEMO_EVIDENCE_DIR = path.resolve(__dirname, '../../assets/demo-evidence');

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

function formatProgress(p: ProgressEvent): string {
  const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
  return `  ${pct}%  ${p.filesDone}/${p.filesTotal} files  ${(p.bytesDone / 1e6).toFixed(1)}/${(p.bytesTotal / 1e6).toFixed(1)} MB`;
}

export async function runTriage(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseTriageArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) { io.err(`triage: ${err.message}\n${USAGE}`); return 2; }
    throw err;
  }
  if (args.help) { io.out(USAGE); return 0; }
  if (args.pdf !== null || args.csv !== null) {
    io.err('triage: --pdf and --csv are not available yet (they come with the report and detection work)');
    return 2;
  }
  const evidenceDir = args.evidenceDir === null ? DEMO_EVIDENCE_DIR : path.resolve(io.cwd, args.evidenceDir);
  const roots = new GrantedRoots();
  let lastProgress = 0;
  const handlers = createHandlers({
    roots,
    chooseFolder: async () => evidenceDir,
    chooseSavePath: async () => null,
    workers: args.workers ?? undefined,
    emit: (_name, p) => {
      const now = Date.now();
      if (!args.quiet && now - lastProgress > 1000) { lastProgress = now; io.err(formatProgress(p)); }
    },
  });
  const granted = await dispatchCall(handlers, 'chooseEvidenceFolder', null);
  if (!granted.ok) { io.err(`triage: ${granted.error.message}`); return 1; }
  const scanned = await dispatchCall(handlers, 'scanEvidenceFolder', { root: granted.value, jobId: 'cli' });
  if (!scanned.ok) { io.err(`triage: ${scanned.error.message}`); return 1; }
  const scan = scanned.value as CaseScan;
  const doc = buildTriageDocument(scan);
  if (args.json !== null) {
    await writeFile(path.resolve(io.cwd, args.json), JSON.stringify(doc, null, 2) + '\n');
  }
  if (!args.quiet) {
    io.out(`Evidence: ${scan.root}`);
    for (const e of scan.evidence) {
      io.out(`  ${e.format.padEnd(7)} ${String(e.bytes).padStart(12)}  ${e.sha256}  ${e.path}${e.error ? `  ERROR: ${e.error}` : ''}`);
    }
    io.out(`${scan.stats.files} files, ${(scan.stats.bytes / 1e6).toFixed(1)} MB, ${scan.stats.errors} unreadable, ${scan.stats.elapsedMs} ms`);
    io.out(`Findings: ${doc.findings.length}`);
    if (args.json !== null) io.out(`JSON written to ${args.json}`);
  }
  return 0;
}
