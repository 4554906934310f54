/**
 * `--findings FILE --findings-format ecs|timesketch|splunk`: every finding of the case (the
 * suppressed ones too, flagged), one line each, written through a temporary file renamed into
 * place (streaming-file.ts), so a large finding count is never one string in memory.
 */
import type { CaseFinding, RuleDoc } from '../shared/contract';
import { ecsFinding, findingContext, type FindingContext } from './ecs-findings';
import { bulkActionLine, type BulkAction, type FindingFormat } from './formats';
import { splunkFindingLine } from './splunk-findings';
import { StreamingFile } from './streaming-file';
import { timesketchFinding } from './timesketch-findings';

export interface FindingsExportOptions {
  format: FindingFormat;
  /** ECS only: the `_bulk` action line before each document. */
  bulkAction?: BulkAction;
}

function findingLines(f: CaseFinding, ctx: FindingContext, format: FindingFormat, bulkAction: BulkAction = null): string {
  switch (format) {
    case 'ecs': return `${bulkActionLine(bulkAction)}${JSON.stringify(ecsFinding(f, ctx))}\n`;
    case 'timesketch': return `${JSON.stringify(timesketchFinding(f))}\n`;
    case 'splunk': return `${splunkFindingLine(f, ctx)}\n`;
  }
}

/** Writes the findings to `target` (which must have passed `checkOutputPath`); returns how many. */
export async function writeFindingsExport(
  target: string, findings: readonly CaseFinding[], rules: readonly RuleDoc[], rulesetVersion: string, options: FindingsExportOptions,
): Promise<number> {
  const ctx = findingContext(rules, rulesetVersion);
  const file = await StreamingFile.open(target);
  try {
    for (const f of findings) await file.write(findingLines(f, ctx, options.format, options.bulkAction ?? null));
    await file.commit();
  } catch (err) {
    await file.abort();
    throw err;
  }
  return findings.length;
}
