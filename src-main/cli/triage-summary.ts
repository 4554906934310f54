/**
 * The triage's console text: the progress line on stderr and the summary on stdout. Counts say
 * what they count in the words of the app and the report (shared/evidence-rows.ts): the reading
 * phase counts the files read for events (an archive once), the evidence list has a row per file
 * and per archive member. Sizes in MB, as everywhere (shared/byte-size.ts, issue 19).
 */
import type { ProgressEvent } from '../shared/contract';
import type { TriageRun } from '../case/detection-run';
import { droppedCounts } from '../case/triage-document';
import { formatMegabytes } from '../shared/byte-size';
import { evidenceRowCounts, evidenceRowsText } from '../shared/evidence-rows';
import { registryDataText } from '../shared/registry-data';
import { consoleText as t } from './console-text';
import { rulesSummary } from './rules-summary';
import type { TriageArgs } from './args';

/** Findings listed on the console (the rest are counted; every one is in the JSON, CSV and PDF). */
export const MAX_LISTED = 50;

/** What the phase's file counter counts: every file while listing and hashing, then only those read for events. */
function filesCounted(p: ProgressEvent): string {
  if (p.phase === 'listing') return 'listing the folder';
  const noun = p.phase === 'hashing' ? 'files hashed' : 'files read for events';
  return `${p.filesDone}/${p.filesTotal} ${noun}`;
}

export function formatProgress(p: ProgressEvent): string {
  const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
  if (p.phase === 'listing') return `  ${p.phase.padEnd(9)} ${filesCounted(p)}`;
  return `  ${p.phase.padEnd(9)} ${String(pct).padStart(3)}%  ${filesCounted(p)}  ${formatMegabytes(p.bytesDone)} of ${formatMegabytes(p.bytesTotal)}  ${p.events} events`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The summary printed when the triage is done: the evidence rows, the totals, the rules and the first findings. */
export function summaryLines(run: TriageRun, args: Pick<TriageArgs, 'json' | 'csv' | 'pdf' | 'events' | 'eventsFormat' | 'findings' | 'findingsFormat'>): string[] {
  const out: string[] = [];
  const { scan } = run;
  out.push(`Evidence: ${t(scan.root)}`);
  for (const e of scan.evidence) {
    const kind = e.archive !== undefined ? 'archive member' : e.format === 'unknown' && !e.error ? 'not evidence: hashed, not read' : '';
    const counts = [kind, e.records === null ? '' : plural(e.records, 'event'), e.recovered ? `${e.recovered} recovered` : '', e.errors ? plural(e.errors, 'error') : '', e.warnings ? plural(e.warnings, 'warning') : ''].filter(Boolean).join(', ');
    const hash = e.notHashed !== undefined ? `not hashed: ${t(e.notHashed)}` : e.sha256;
    out.push(`  ${e.format.padEnd(7)} ${formatMegabytes(e.bytes).padStart(9)}  ${hash}  ${t(e.path)}${counts ? `  (${counts})` : ''}${e.error ? `  ERROR: ${t(e.error)}` : ''}`);
  }
  const warnings = scan.evidence.reduce((n, e) => n + (e.warnings ?? 0), 0);
  out.push(`${evidenceRowsText(evidenceRowCounts(scan.evidence))}; ${formatMegabytes(scan.stats.bytes)}, ${scan.stats.events} events, ${plural(scan.stats.recordErrors, 'record error')}, ${plural(warnings, 'warning')}, ${plural(scan.stats.recovered ?? 0, 'recovered record')}, ${scan.stats.elapsedMs} ms`);
  const cut = Object.entries(droppedCounts(run)).filter(([, n]) => n > 0);
  if (cut.length) out.push(`Bounds reached, not kept: ${cut.map(([k, n]) => `${n} ${k.replaceAll('_', ' ')}`).join(', ')} (JSON: stats.dropped)`);
  const shown = scan.findings.filter((f) => !f.suppressed);
  out.push(`Findings: ${shown.length}${shown.length !== scan.findings.length ? ` (+${scan.findings.length - shown.length} suppressed)` : ''}`);
  for (const line of rulesSummary(scan)) out.push(t(line));
  const listed = shown.slice(0, MAX_LISTED);
  for (const f of listed) {
    const what = f.source === 'sigma'
      ? `${f.count} event${f.count === 1 ? '' : 's'}${f.sigma?.author ? ` · rule by ${t(f.sigma.author)}` : ''}`
      : `${t(f.registry_path)} = ${t(registryDataText(f.registry_value_data))}`;
    out.push(`  [${String(f.risk_score).padStart(3)}] ${f.level ?? ''} ${t(f.rule_name)} · ${t(f.dest)} · ${t(f.process_name) || '-'} · ${what}`);
  }
  if (shown.length > listed.length) out.push(`  … ${shown.length - listed.length} more (see the JSON, CSV or PDF)`);
  for (const [flag, file] of [['JSON', args.json], ['CSV', args.csv], ['PDF', args.pdf]] as const) if (file) out.push(`${flag} written to ${t(file)}`);
  if (args.events) out.push(`Events (${args.eventsFormat ?? 'ecs'}) written to ${t(args.events)}`);
  if (args.findings) out.push(`Findings (${args.findingsFormat ?? 'ecs'}) written to ${t(args.findings)}`);
  return out;
}
