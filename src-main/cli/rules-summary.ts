/**
 * The console's account of the rules: how many ran, how many could not be loaded (each named,
 * the first few on the console, all of them in the JSON), findings by level, and the rules with
 * the most findings.
 */
import { FINDING_LEVELS, type CaseScan } from '../shared/contract';

const TOP_RULES = 10;
const LISTED_ERRORS = 10;

export function rulesSummary(scan: CaseScan): string[] {
  const out: string[] = [];
  const sigma = scan.ruleset.sigma;
  const builtin = scan.rules.filter((r) => r.source !== 'sigma').length;
  if (sigma) {
    const levels = FINDING_LEVELS.filter((l) => sigma.rules_by_level[l] > 0).map((l) => `${sigma.rules_by_level[l]} ${l}`).join(', ');
    out.push(`Rules: ${builtin} built-in, ${sigma.rules_run} Sigma run${levels ? ` (${levels})` : ''} at level ${sigma.min_level}+`
      + `${sigma.correlations_run ? `, ${sigma.correlations_run} correlation${sigma.correlations_run === 1 ? '' : 's'}` : ''}; `
      + `${sigma.rules_skipped} skipped, ${sigma.rules_failed} failed to load${sigma.match_errors.length ? `, ${sigma.match_errors.length} failed while matching` : ''}`);
    for (const e of sigma.errors.slice(0, LISTED_ERRORS)) out.push(`  not loaded: ${e.path}: ${e.code}: ${e.reason}`);
    if (sigma.errors.length > LISTED_ERRORS) out.push(`  … ${sigma.errors.length - LISTED_ERRORS} more not loaded (all listed in the JSON: ruleset.sigma.errors)`);
    for (const e of sigma.match_errors.slice(0, LISTED_ERRORS)) out.push(`  failed while matching: ${e.path} (${e.rule_id}): ${e.message} ×${e.count}`);
  } else {
    out.push(`Rules: ${builtin} built-in (no Sigma rules)`);
  }
  const shown = scan.findings.filter((f) => !f.suppressed);
  const byLevel = FINDING_LEVELS.map((l) => [l, shown.filter((f) => (f.level ?? 'informational') === l).length] as const).filter(([, n]) => n > 0);
  if (byLevel.length) out.push(`By level: ${[...byLevel].reverse().map(([l, n]) => `${n} ${l}`).join(', ')}`);
  const perRule = new Map<string, { name: string; level: string; findings: number; events: number }>();
  for (const f of shown) {
    const cur = perRule.get(f.rule_id) ?? { name: f.rule_name, level: f.level ?? '', findings: 0, events: 0 };
    cur.findings++;
    cur.events += f.count;
    perRule.set(f.rule_id, cur);
  }
  const top = [...perRule.values()].sort((a, b) => b.findings - a.findings || b.events - a.events || (a.name < b.name ? -1 : 1)).slice(0, TOP_RULES);
  if (top.length) {
    out.push('Top rules:');
    for (const r of top) out.push(`  ${String(r.findings).padStart(4)} findings, ${String(r.events).padStart(6)} events  ${r.level.padEnd(13)} ${r.name}`);
  }
  return out;
}
