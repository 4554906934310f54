/**
 * How much of a case the PDF prints (issue #16). pdfmake lays out the whole document in memory,
 * so every list taken from the case is capped here; what a cap leaves out is counted and the
 * report points to the JSON/CSV exports, which hold everything.
 *
 * Findings: up to FULL_DETAIL_ALL reported findings, each is printed in full. Above that, a
 * finding is printed in full only while its (rule, host) group has fewer than
 * FULL_PER_RULE_HOST in full and the report fewer than FULL_MAX in all; the rest of each group is
 * a row of a compact table, BRIEF_MAX rows in all, and the rows beyond are only counted.
 */

/** Reported findings printed in full without grouping. */
export const FULL_DETAIL_ALL = 100;
/** Above FULL_DETAIL_ALL: findings printed in full per rule and host … */
export const FULL_PER_RULE_HOST = 3;
/** … and in the whole report. */
export const FULL_MAX = 100;
/** Rows of the compact ("in brief") tables, over all groups. */
export const BRIEF_MAX = 1500;
/** Groups (rule and host) listed in the brief section, with or without rows. */
export const BRIEF_GROUPS_MAX = 500;
/** Evidence files listed in section 1. */
export const EVIDENCE_ROWS_MAX = 2000;
/** Hosts and users named in the summary. */
export const SUMMARY_NAMES_MAX = 60;
/** Rules in the summary's table and rule descriptions in the method section. */
export const RULES_MAX = 300;
/** Suppressed findings listed in section 4. */
export const SUPPRESSED_ROWS_MAX = 500;
/** Files with parser issues listed in section 5. */
export const ISSUE_FILES_MAX = 500;

/** The first `max` items and how many are left out. */
export interface Capped<T> {
  rows: T[];
  more: number;
}

export function capped<T>(items: readonly T[], max: number): Capped<T> {
  return { rows: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/** The pointer every cap note ends with. */
export const EXPORTS_POINTER = 'the JSON and CSV exports list every one';

/** Rows of a finding's process tree, DLL creators, DLL loaders and other registry values. */
export const PIVOT_ROWS_MAX = 100;
