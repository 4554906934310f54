/** Command-line arguments of `npm run triage -- [EVIDENCE_DIR] [--json FILE] [--csv FILE] [--pdf FILE] [options]`. */

export interface TriageArgs {
  evidenceDir: string | null;
  json: string | null;
  csv: string | null;
  pdf: string | null;
  workers: number | null;
  suppressions: string | null;
  analyst: string | null;
  caseName: string | null;
  quiet: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = 'usage: npm run triage -- [EVIDENCE_DIR] [--json FILE] [--csv FILE] [--pdf FILE] [--suppressions FILE] [--analyst NAME] [--case NAME] [--workers N] [--quiet]';

export function parseTriageArgs(argv: readonly string[]): TriageArgs {
  const out: TriageArgs = { evidenceDir: null, json: null, csv: null, pdf: null, workers: null, suppressions: null, analyst: null, caseName: null, quiet: false, help: false };
  const takeValue = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--json': out.json = takeValue(i, a); i++; break;
      case '--csv': out.csv = takeValue(i, a); i++; break;
      case '--pdf': out.pdf = takeValue(i, a); i++; break;
      case '--suppressions': out.suppressions = takeValue(i, a); i++; break;
      case '--analyst': out.analyst = takeValue(i, a); i++; break;
      case '--case': out.caseName = takeValue(i, a); i++; break;
      case '--workers': {
        const n = Number(takeValue(i, a)); i++;
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--workers must be a whole number from 1 to 64');
        out.workers = n; break;
      }
      case '--quiet': case '-q': out.quiet = true; break;
      case '--help': case '-h': out.help = true; break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (out.evidenceDir !== null) throw new UsageError(`only one evidence folder may be given (got ${out.evidenceDir} and ${a})`);
        out.evidenceDir = a;
    }
  }
  return out;
}
