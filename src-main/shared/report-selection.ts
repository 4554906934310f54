/**
 * Which reported findings the PDF prints in full and which in brief (bounds in report-bounds.ts).
 * Findings arrive sorted by risk then time, so the findings printed in full are each group's
 * highest-risk ones; the brief groups keep the same order (first seen in that order).
 */
import type { CaseFinding } from './contract';
import { BRIEF_GROUPS_MAX, BRIEF_MAX, FULL_DETAIL_ALL, FULL_MAX, FULL_PER_RULE_HOST } from './report-bounds';

/** The findings of one rule on one host that are not printed in full. */
export interface BriefGroup {
  rule_id: string;
  rule_name: string;
  /** A Sigma rule's author (credited wherever its matches are shown, DRL 1.1); null for a built-in rule. */
  sigma_author: string | null;
  dest: string;
  /** Findings of this rule on this host in the report's scope (reported, not suppressed). */
  total: number;
  /** Of them, printed in full. */
  inFull: number;
  /** Listed as rows of the compact table. */
  rows: CaseFinding[];
  /** Neither in full nor listed (the compact tables' cap): only counted. */
  unlisted: number;
}

export interface FindingSelection {
  full: CaseFinding[];
  brief: BriefGroup[];
  /** Brief findings in groups beyond BRIEF_GROUPS_MAX (not even a group heading). */
  ungroupedCount: number;
  /** Groups beyond BRIEF_GROUPS_MAX. */
  ungroupedGroups: number;
  /** True when the findings were too many to print every one in full. */
  bounded: boolean;
}

const groupKey = (f: CaseFinding): string => `${f.rule_id}\u0000${f.dest}`;

export function selectFindings(reported: readonly CaseFinding[]): FindingSelection {
  if (reported.length <= FULL_DETAIL_ALL) {
    return { full: [...reported], brief: [], ungroupedCount: 0, ungroupedGroups: 0, bounded: false };
  }
  const full: CaseFinding[] = [];
  const totals = new Map<string, number>();
  for (const f of reported) totals.set(groupKey(f), (totals.get(groupKey(f)) ?? 0) + 1);
  const inFull = new Map<string, number>();
  const groups = new Map<string, BriefGroup>();
  let listed = 0;
  let ungroupedCount = 0;
  const ungrouped = new Set<string>();
  for (const f of reported) {
    const key = groupKey(f);
    const n = inFull.get(key) ?? 0;
    if (n < FULL_PER_RULE_HOST && full.length < FULL_MAX) {
      full.push(f);
      inFull.set(key, n + 1);
      continue;
    }
    let g = groups.get(key);
    if (g === undefined) {
      if (groups.size >= BRIEF_GROUPS_MAX) { ungroupedCount++; ungrouped.add(key); continue; }
      g = { rule_id: f.rule_id, rule_name: f.rule_name, sigma_author: f.source === 'sigma' ? f.sigma?.author ?? 'an author not stated in the rule' : null, dest: f.dest, total: totals.get(key)!, inFull: 0, rows: [], unlisted: 0 };
      groups.set(key, g);
    }
    if (listed < BRIEF_MAX) { g.rows.push(f); listed++; } else g.unlisted++;
  }
  for (const [key, g] of groups) g.inFull = inFull.get(key) ?? 0;
  return { full, brief: [...groups.values()], ungroupedCount, ungroupedGroups: ungrouped.size, bounded: true };
}
