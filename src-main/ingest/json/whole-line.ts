/**
 * The fast path of JSON lines (splitter.ts): a line that is exactly one JSON object within the
 * limits is found with one newline search and one `JSON.parse`, instead of a walk over every
 * character. Anything else (no newline yet in the text at hand, junk, a broken or over-long
 * record, several values on the line, an array, nesting past the limit) gives null, and the
 * splitter's walk reads it with its issues, as before. The record, its text and position are those
 * the walk would give: the text from the object's `{` to its `}`, the white space around it
 * skipped as between records.
 */
export interface WholeLine {
  /** Index of the object's `{`. */
  start: number;
  /** The object's text, `{` to `}` (the white space around it is not part of the record). */
  text: string;
  value: unknown;
}

/** From index `i` of `text`, between records, to the line's `newline` (its index in `text`). */
export function wholeJsonLine(text: string, i: number, newline: number, limits: { maxRecordLength: number; maxDepth: number }): WholeLine | null {
  let a = i;
  let z = newline;
  while (a < z && isBlank(text.charCodeAt(a))) a++;
  while (z > a && isBlank(text.charCodeAt(z - 1))) z--;
  // `>= max`: the walk drops a record once its length reaches the limit before its last character
  if (a === z || text.charCodeAt(a) !== 123 || text.charCodeAt(z - 1) !== 125 || z - a >= limits.maxRecordLength) return null;
  const record = text.slice(a, z);
  let value: unknown;
  try {
    value = JSON.parse(record);
  } catch {
    return null;
  }
  if (mayNestDeeper(record, limits.maxDepth) && nestsDeeper(value, limits.maxDepth)) return null;
  return { start: a, text: record, value };
}

/** White space the walk skips between records on a line (not the BOM: the walk reads that itself). */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** Whether `text` holds more than `max` brackets (`{`, `[`, in strings or not): only then can it nest deeper than `max`. */
function mayNestDeeper(text: string, max: number): boolean {
  let n = 0;
  for (let k = text.indexOf('{'); k >= 0 && n <= max; k = text.indexOf('{', k + 1)) n++;
  for (let k = text.indexOf('['); k >= 0 && n <= max; k = text.indexOf('[', k + 1)) n++;
  return n > max;
}

/** Whether a parsed value nests deeper than `max` as the walk counts it (each object or array one level). */
function nestsDeeper(v: unknown, max: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (max <= 0) return true;
  for (const c of Array.isArray(v) ? v : Object.values(v)) if (nestsDeeper(c, max - 1)) return true;
  return false;
}
