/**
 * Where each document of a rule bundle (rule-bundle.ts: `{"files": [{"path", "documents": [...]}]}`)
 * lies in the bundle's bytes, for the load cache (precheck.ts): one pass over the JSON's structure
 * (RFC 8259: strings skipped with their escapes; every structural character is ASCII, so a UTF-8
 * byte of a multi-byte character is never taken for one). Used by the cache's writer, which
 * checks every range against the parsed bundle (precheck-build.ts); not on the load's path.
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
