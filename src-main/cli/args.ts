/** Command-line arguments of `npm run triage -- [EVIDENCE_DIR] [--json FILE] [--csv FILE] [--pdf FILE] [options]`. */
import { FINDING_LEVELS as SIGMA_LEVELS, type FindingLevel as SigmaLevel } from '../shared/contract';
import { EVENT_FORMATS, FINDING_FORMATS, type BulkAction, type EventFormat, type FindingFormat } from '../export/formats';
import type { EventContent } from '../evidence-reading/messages';

export interface TriageArgs {
  evidenceDir: string | null;
  json: string | null;
  csv: string | null;
  pdf: string | null;
  workers: number | null;
  suppressions: string | null;
  analyst: string | null;
  caseName: string | null;
  /** `--rules PATH` (repeatable): rule files or folders, Sigma YAML or our JSON rules. */
  rules: string[];
  /** `--min-level`: Sigma rules below it do not run (default low). */
  minLevel: SigmaLevel;
  /** `--rule-status a,b`: Sigma statuses that run (null: the loader's default). */
  ruleStatus: string[] | null;
  /** `--no-sigma`: skip the bundled SigmaHQ set (`--rules` still run). */
  noSigma: boolean;
  /** `--no-builtin`: skip the built-in rules of assets/rules (`--rules` JSON rules still run). */
  noBuiltin: boolean;
  quiet: boolean;
  help: boolean;
  /** `--events FILE`: every normalised event, in `eventsFormat` (default ecs). */
  events: string | null;
  eventsFormat: EventFormat | null;
  /** `--findings FILE`: every finding, in `findingsFormat` (default ecs). */
  findings: string | null;
  findingsFormat: FindingFormat | null;
  /** `--bulk-actions[=index|create]`: `_bulk` action lines in the ECS exports. */
  bulkAction: BulkAction;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = 'usage: npm run triage -- [EVIDENCE_DIR] [--json FILE] [--csv FILE] [--pdf FILE] [--suppressions FILE] [--analyst NAME] [--case NAME] [--workers N] '
  + `[--rules PATH]... [--min-level ${SIGMA_LEVELS.join('|')}] [--rule-status LIST] [--no-sigma] [--no-builtin] [--quiet] `
  + `[--events FILE [--events-format ${EVENT_FORMATS.join('|')}]] [--findings FILE [--findings-format ${FINDING_FORMATS.join('|')}]] [--bulk-actions[=index|create]]`;

const STATUS_RE = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * What the report's cover and metadata name as the analyst when `--analyst` is not given: said
 * plainly, never the OS account the command happens to run under ("root" on a collection box).
 */
export const ANALYST_NOT_GIVEN = 'not given (no --analyst NAME)';
/** The report request's bound on the analyst's name (api/validate-args.ts). */
const MAX_ANALYST = 300;

/** `--analyst NAME`: trimmed; empty, over 300 characters or holding control characters is a usage error. */
export function analystArg(v: string, flag = '--analyst'): string {
  const name = v.trim();
  if (name === '') throw new UsageError(`${flag} needs a name`);
  if (name.length > MAX_ANALYST) throw new UsageError(`${flag} takes at most ${MAX_ANALYST} characters`);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw new UsageError(`${flag} must not hold control characters`);
  return name;
}

/** The analyst the report names: the `--analyst` given, else the explicit "not given". */
export function analystOf(given: string | null): string {
  return given ?? ANALYST_NOT_GIVEN;
}

export function parseTriageArgs(argv: readonly string[]): TriageArgs {
  const out: TriageArgs = {
    evidenceDir: null, json: null, csv: null, pdf: null, workers: null, suppressions: null, analyst: null, caseName: null,
    rules: [], minLevel: 'low', ruleStatus: null, noSigma: false, noBuiltin: false, quiet: false, help: false,
    events: null, eventsFormat: null, findings: null, findingsFormat: null, bulkAction: null,
  };
  const oneOf = <T extends string>(v: string, list: readonly T[], flag: string): T => {
    const x = v.toLowerCase();
    if (!(list as readonly string[]).includes(x)) throw new UsageError(`${flag} must be one of ${list.join(', ')}`);
    return x as T;
  };
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
      case '--analyst': out.analyst = analystArg(takeValue(i, a)); i++; break;
      case '--case': out.caseName = takeValue(i, a); i++; break;
      case '--workers': {
        const n = Number(takeValue(i, a)); i++;
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--workers must be a whole number from 1 to 64');
        out.workers = n; break;
      }
      case '--rules': out.rules.push(takeValue(i, a)); i++; break;
      case '--min-level': {
        const v = takeValue(i, a).toLowerCase(); i++;
        if (!(SIGMA_LEVELS as readonly string[]).includes(v)) throw new UsageError(`--min-level must be one of ${SIGMA_LEVELS.join(', ')}`);
        out.minLevel = v as SigmaLevel; break;
      }
      case '--rule-status': {
        const list = takeValue(i, a).split(',').map((x) => x.trim().toLowerCase()).filter((x) => x !== ''); i++;
        if (list.length === 0 || !list.every((x) => STATUS_RE.test(x))) throw new UsageError('--rule-status takes a comma-separated list of statuses, e.g. stable,test');
        out.ruleStatus = [...new Set(list)]; break;
      }
      case '--no-sigma': out.noSigma = true; break;
      case '--no-builtin': out.noBuiltin = true; break;
      case '--events': out.events = takeValue(i, a); i++; break;
      case '--events-format': out.eventsFormat = oneOf(takeValue(i, a), EVENT_FORMATS, a); i++; break;
      case '--findings': out.findings = takeValue(i, a); i++; break;
      case '--findings-format': out.findingsFormat = oneOf(takeValue(i, a), FINDING_FORMATS, a); i++; break;
      case '--bulk-actions': case '--bulk-actions=index': out.bulkAction = 'index'; break;
      case '--bulk-actions=create': out.bulkAction = 'create'; break;
      case '--quiet': case '-q': out.quiet = true; break;
      case '--help': case '-h': out.help = true; break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (out.evidenceDir !== null) throw new UsageError(`only one evidence folder may be given (got ${out.evidenceDir} and ${a})`);
        out.evidenceDir = a;
    }
  }
  if (out.eventsFormat !== null && out.events === null) throw new UsageError('--events-format needs --events FILE');
  if (out.findingsFormat !== null && out.findings === null) throw new UsageError('--findings-format needs --findings FILE');
  if (out.bulkAction !== null && (out.events === null || (out.eventsFormat ?? 'ecs') !== 'ecs') && (out.findings === null || (out.findingsFormat ?? 'ecs') !== 'ecs')) {
    throw new UsageError('--bulk-actions applies to an ECS export (--events or --findings with format ecs)');
  }
  return out;
}

/**
 * What of each event the triage reads (evidence-reading/messages.ts `EventContent`): `'counted'`
 * (events no Sigma rule may read come without their data, and those of them without a CIM view
 * are counted in the workers, not sent: case/detection-run.ts gives the read the rules' keys)
 * unless the run writes an `--events` export or a `--pdf`. The built-in rules and the pivots read
 * events' headers and views, the host summary only counts events per host and channel with their
 * time range, the JSON/CSV findings are made of the findings, and the Sigma rules read the events
 * filed under their keys; an export writes every event whole, and the PDF shows its pivot events'
 * fields, found by evidence path and record id.
 */
export function triageEventContent(args: Pick<TriageArgs, 'events' | 'pdf'>): EventContent {
  return args.events === null && args.pdf === null ? 'counted' : 'all';
}
