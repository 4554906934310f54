/**
 * What saveReport accepts (issue #16): the request is the case as the renderer holds it, so a
 * compromised or buggy page could send anything. Lists, strings, nesting and the total text are
 * bounded before anything is copied to the report worker; beyond a bound the call fails with
 * `{code: 'bad_argument', message}` naming the bound.
 */

/** Findings in one report request (the report prints a bounded part of them: shared/report-bounds.ts). */
export const MAX_REPORT_FINDINGS = 200_000;
/** Evidence entries, rules, requested ids and annotations. */
const MAX_REPORT_EVIDENCE = 200_000;
const MAX_REPORT_RULES = 20_000;
/** Any other list in the request (a finding's pivots, risk reasons, issue samples …). */
const MAX_REPORT_LIST = 100_000;
/** One string (a command line is at most 32,767 characters on Windows; notes get more). */
export const MAX_REPORT_STRING = 1_048_576;
/** All strings together. */
const MAX_REPORT_TOTAL_CHARS = 512 * 1024 * 1024;
/** Object nesting below the request. */
const MAX_REPORT_DEPTH = 16;

/** Bookmarked events in one request, and the longest text of one (a note is at most 4,000 characters in the app). */
export const MAX_REPORT_BOOKMARKS = 10_000;
export const MAX_BOOKMARK_TEXT = 8_192;

export interface RequestSizeError { where: string; what: string }

const BOOKMARK_TEXT = ['summary', 'evidence', 'note', 'by', 'at'] as const;
const BOOKMARK_NULLABLE_TEXT = ['time', 'host', 'channel'] as const;
const BOOKMARK_NULLABLE_INT = ['eventId', 'recordId'] as const;

/**
 * Checks the request's `bookmarks` (absent is fine): a list of at most MAX_REPORT_BOOKMARKS entries,
 * each with its text fields strings (or null where allowed) of at most MAX_BOOKMARK_TEXT characters
 * and its ids whole numbers; returns what is wrong, or null.
 */
export function checkReportBookmarks(v: unknown): string | null {
  if (v === undefined) return null;
  if (!Array.isArray(v)) return 'bookmarks must be a list';
  if (v.length > MAX_REPORT_BOOKMARKS) return `bookmarks holds ${v.length} items, more than ${MAX_REPORT_BOOKMARKS}`;
  for (let i = 0; i < v.length; i++) {
    const b = v[i] as Record<string, unknown> | null;
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return `bookmarks[${i}] must be an object`;
    for (const k of BOOKMARK_TEXT) {
      const s = b[k];
      if (typeof s !== 'string') return `bookmarks[${i}].${k} must be a string`;
      if (s.length > MAX_BOOKMARK_TEXT) return `bookmarks[${i}].${k} is longer than ${MAX_BOOKMARK_TEXT} characters`;
    }
    for (const k of BOOKMARK_NULLABLE_TEXT) {
      const s = b[k];
      if (s !== null && typeof s !== 'string') return `bookmarks[${i}].${k} must be a string or null`;
      if (typeof s === 'string' && s.length > MAX_BOOKMARK_TEXT) return `bookmarks[${i}].${k} is longer than ${MAX_BOOKMARK_TEXT} characters`;
    }
    for (const k of BOOKMARK_NULLABLE_INT) {
      const n = b[k];
      if (n !== null && !(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) return `bookmarks[${i}].${k} must be a whole number or null`;
    }
  }
  return null;
}

/** Walks the request once; returns the first bound it breaks, or null. Iterative (no recursion limit to hit). */
export function checkReportRequestSize(req: Record<string, unknown>): RequestSizeError | null {
  const scan = req.scan as Record<string, unknown>;
  const lists: [string, unknown, number][] = [
    ['scan.findings', scan.findings, MAX_REPORT_FINDINGS],
    ['scan.evidence', scan.evidence, MAX_REPORT_EVIDENCE],
    ['scan.rules', scan.rules, MAX_REPORT_RULES],
    ['findingIds', req.findingIds, MAX_REPORT_FINDINGS],
  ];
  for (const [where, v, max] of lists) {
    if (Array.isArray(v) && v.length > max) return { where, what: `holds ${v.length} items, more than ${max}` };
  }
  const annotations = req.annotations;
  if (annotations !== null && typeof annotations === 'object' && Object.keys(annotations).length > MAX_REPORT_FINDINGS) {
    return { where: 'annotations', what: `holds more than ${MAX_REPORT_FINDINGS} entries` };
  }
  let total = 0;
  const stack: { v: unknown; where: string; depth: number }[] = [{ v: req, where: 'request', depth: 0 }];
  while (stack.length > 0) {
    const { v, where, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.length > MAX_REPORT_STRING) return { where, what: `is a string of ${v.length} characters, more than ${MAX_REPORT_STRING}` };
      total += v.length;
      if (total > MAX_REPORT_TOTAL_CHARS) return { where, what: `brings the request's text over ${MAX_REPORT_TOTAL_CHARS} characters` };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_REPORT_DEPTH) return { where, what: `is nested more than ${MAX_REPORT_DEPTH} levels deep` };
    if (Array.isArray(v)) {
      const max = depth <= 2 ? Math.max(MAX_REPORT_FINDINGS, MAX_REPORT_EVIDENCE) : MAX_REPORT_LIST;
      if (v.length > max) return { where, what: `holds ${v.length} items, more than ${max}` };
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], where: depth < 5 ? `${where}[${i}]` : where, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > MAX_REPORT_FINDINGS) return { where, what: `has more than ${MAX_REPORT_FINDINGS} keys` };
    for (const k of keys) {
      total += k.length;
      stack.push({ v: (v as Record<string, unknown>)[k], where: depth < 5 ? `${where}.${k.slice(0, 40)}` : where, depth: depth + 1 });
    }
  }
  return null;
}
