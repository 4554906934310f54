/**
 * A literal every match of a Sigma `re` value must contain (ECMAScript RegExp syntax after
 * regex-guard.ts's translation), for rule gates (rule-gate.ts): the longest run of plain
 * characters at the top level of the pattern. Conservative: a top-level alternation, an escape
 * other than an escaped symbol or a `\d\D\w\W\s\S\b\B` class, or anything not understood gives no
 * literal. Groups and character classes end a run; a character made optional by `?`, `*` or
 * `{0,…}` is dropped from it. Only ASCII literals are returned, lower-cased: when the pattern
 * matches a value (even with the `i` flag), the value lower-cased contains the literal
 * lower-cased (non-ASCII characters never fold to ASCII ones without the `u` flag).
 * Speed only: never decides a match.
 */

const ESCAPED_CLASS = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B']);
const QUANTIFIER_BRACES = /^\{(\d+)(,\d*)?\}/;

/** The index just past the group or class opening at `i` (nesting, escapes and classes skipped), or -1. */
function skipBracket(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === '[') {
      let k = j + 1;
      while (k < src.length && src[k] !== ']') k += src[k] === '\\' ? 2 : 1;
      if (k >= src.length) return -1;
      j = k;
      if (depth === 0) return j + 1;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return j + 1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/** The longest necessary ASCII literal of `pattern` (lower-cased; inline leading flags allowed), or null. */
export function regexLiteral(pattern: string): string | null {
  const src = pattern.replace(/^\(\?[imsx]+\)/, '');
  const runs: string[] = [];
  let run = '';
  /** Whether the last atom read is the last character of `run` (a quantifier then applies to it). */
  let lastInRun = false;
  const end = (): void => {
    if (run) runs.push(run);
    run = '';
    lastInRun = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '|') return null;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return null;
      i++;
      if (ESCAPED_CLASS.has(n)) {
        end();
        continue;
      }
      if (/[A-Za-z0-9]/.test(n)) return null;
      run += n;
      lastInRun = true;
      continue;
    }
    if (c === '(' || c === '[') {
      const to = skipBracket(src, i);
      if (to < 0) return null;
      end();
      i = to - 1;
      continue;
    }
    if (c === ')' || c === ']') return null;
    if (c === '.' || c === '^' || c === '$') {
      end();
      continue;
    }
    const braces = c === '{' ? QUANTIFIER_BRACES.exec(src.slice(i)) : null;
    if (c === '*' || c === '?' || c === '+' || braces) {
      const optional = c === '*' || c === '?' || (braces !== null && Number(braces[1]) === 0);
      if (optional && lastInRun) run = run.slice(0, -1);
      end();
      if (braces) i += braces[0].length - 1;
      continue;
    }
    run += c;
    lastInRun = true;
  }
  end();
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best !== '' && /^[\x00-\x7f]+$/.test(best) ? best.toLowerCase() : null;
}
