/**
 * Where each document of a rule bundle (rule-bundle.ts: `{"files": [{"path", "documents": [...]}]}`)
 * lies in the bundle's bytes, and where a member of one lies in a document (a rule's `detection`),
 * for the load cache (precheck.ts): passes over the JSON's structure (RFC 8259: strings skipped
 * with their escapes; every structural character is ASCII, so a UTF-8 byte of a multi-byte
 * character is never taken for one). Used by the cache's writer, which checks every range against
 * the parsed bundle (precheck-build.ts); not on the load's path.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

interface Frame {
  array: boolean;
  /** Objects: the key of the member being read. */
  key: string | null;
  expectKey: boolean;
}

const decoder = new TextDecoder();

/** Is the top of `stack` a file's `documents` array (root.files[i].documents)? */
function inDocuments(stack: Frame[]): boolean {
  return stack.length === 4 && !stack[0]!.array && stack[0]!.key === 'files' && stack[1]!.array
    && !stack[2]!.array && stack[2]!.key === 'documents' && stack[3]!.array;
}

/**
 * Per file of the bundle, in order, the `[start, end)` byte ranges of its documents that are JSON
 * objects (a document of another kind has none: the writer compares the counts). Throws when the
 * bytes are not balanced JSON or a document is an array.
 */
export function bundleDocumentRanges(bytes: Uint8Array): [number, number][][] {
  const out: [number, number][][] = [];
  const stack: Frame[] = [];
  let docStart = -1;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === QUOTE) {
      const start = i + 1;
      for (i++; i < n && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
      if (i >= n) throw new Error('rule bundle: unterminated string');
      const top = stack[stack.length - 1];
      if (top && !top.array && top.expectKey) {
        top.key = stack.length <= 3 ? decoder.decode(bytes.subarray(start, i)) : null;
        top.expectKey = false;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (inDocuments(stack)) {
        if (c !== OPEN_OBJECT) throw new Error('rule bundle: a document is not an object');
        docStart = i;
      }
      stack.push({ array: c === OPEN_ARRAY, key: null, expectKey: c === OPEN_OBJECT });
      if (inDocuments(stack)) out.push([]);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (stack.pop() === undefined) throw new Error('rule bundle: unbalanced brackets');
      if (docStart >= 0 && inDocuments(stack)) {
        out[out.length - 1]!.push([docStart, i + 1]);
        docStart = -1;
      }
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top && !top.array) top.expectKey = true;
    }
  }
  if (stack.length !== 0) throw new Error('rule bundle: unbalanced brackets');
  return out;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function skipSpace(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && WHITESPACE.has(bytes[i]!)) i++;
  return i;
}

/** The end (exclusive) of the string whose opening quote is at `i`. */
function stringEnd(bytes: Uint8Array, i: number, end: number): number {
  for (i++; i < end && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
  if (i >= end) throw new Error('rule bundle: unterminated string');
  return i + 1;
}

/** The end (exclusive) of the JSON value starting at `i` (no whitespace before it). */
function valueEnd(bytes: Uint8Array, i: number, end: number): number {
  const c = bytes[i];
  if (c === QUOTE) return stringEnd(bytes, i, end);
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
    while (i < end && bytes[i] !== COMMA && bytes[i] !== CLOSE_OBJECT && bytes[i] !== CLOSE_ARRAY && !WHITESPACE.has(bytes[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (b === QUOTE) i = stringEnd(bytes, i, end) - 1;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
    else if ((b === CLOSE_OBJECT || b === CLOSE_ARRAY) && --depth === 0) return i + 1;
  }
  throw new Error('rule bundle: unbalanced brackets');
}

/**
 * The `[start, end)` byte range of the value of the member `key` of the JSON object at
 * `[start, end)` (its own member, not a nested one's), or null when it has none. Throws when the
 * range does not hold an object.
 */
export function memberRange(bytes: Uint8Array, [start, end]: [number, number], key: string): [number, number] | null {
  let i = skipSpace(bytes, start, end);
  if (bytes[i] !== OPEN_OBJECT) throw new Error('rule bundle: not an object');
  i = skipSpace(bytes, i + 1, end);
  while (i < end && bytes[i] === QUOTE) {
    const keyEnd = stringEnd(bytes, i, end);
    const name = JSON.parse(decoder.decode(bytes.subarray(i, keyEnd))) as string;
    i = skipSpace(bytes, keyEnd, end);
    if (bytes[i] !== 0x3a) throw new Error('rule bundle: a member has no value');
    const valueStart = skipSpace(bytes, i + 1, end);
    const valueStop = valueEnd(bytes, valueStart, end);
    if (name === key) return [valueStart, valueStop];
    i = skipSpace(bytes, valueStop, end);
    if (bytes[i] === COMMA) i = skipSpace(bytes, i + 1, end);
  }
  return null;
}
