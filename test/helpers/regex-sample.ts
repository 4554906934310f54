/**
 * A string a simple regular expression matches, for the generated Sigma fixtures
 * (test/helpers/sigma-fixture-synth.ts): literals, escapes (`\d \w \s \D \W \S`, escaped
 * punctuation), `.`, character classes with ranges and negation, groups (`(…)`, `(?:…)`,
 * `(?P<n>…)`, `(?<n>…)`), alternation, anchors and the quantifiers `? * + {n} {n,} {n,m}` (lazy or
 * not). Look-arounds and back-references are refused (null with the reason). The caller checks
 * the sample with the pattern itself: `\b` and the like are taken as zero-width and may fail.
 * Independent of the engine's regex handling (src-main/detect/sigma/regex-guard.ts) on purpose.
 */

type Node =
  | { k: 'lit'; c: string }
  | { k: 'set'; pick: string }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; items: Node[] }
  | { k: 'rep'; item: Node; min: number; max: number };

export type RegexSample = { sample: string } | { reason: string };

/** Characters tried for a negated class or `\W`, `\S`, `.`: the first one the class allows. */
const CANDIDATES = ['a', 'Z', '0', '_', ' ', '-', 'x', '.', '/', '@', '!'];

class Refused extends Error {}

function classPick(body: string, negated: boolean): string {
  // Ranges and singles of the class, escapes read as their character or their kind.
  const allow: ((c: string) => boolean)[] = [];
  for (let i = 0; i < body.length; i++) {
    let c = body[i]!;
    if (c === '\\') {
      const e = body[++i]!;
      const kind = escapeKind(e);
      if (kind) {
        allow.push(kind.test);
        continue;
      }
      c = e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e;
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      let hi = body[i + 2]!;
      i += 2;
      if (hi === '\\') hi = body[++i]!;
      const lo = c;
      allow.push((x) => x >= lo && x <= hi);
    } else allow.push((x) => x === c);
  }
  const inClass = (x: string): boolean => allow.some((f) => f(x));
  if (!negated) {
    for (const x of CANDIDATES) if (inClass(x)) return x;
    // the first single or range start written
    const m = /^\\?(.)/s.exec(body);
    return m ? m[1]! : 'a';
  }
  for (const x of CANDIDATES) if (!inClass(x)) return x;
  throw new Refused('negated class allows none of the candidate characters');
}

function escapeKind(e: string): { test: (c: string) => boolean; pick: string } | null {
  switch (e) {
    case 'd': return { test: (c) => /[0-9]/.test(c), pick: '7' };
    case 'D': return { test: (c) => !/[0-9]/.test(c), pick: 'a' };
    case 'w': return { test: (c) => /\w/.test(c), pick: 'a' };
    case 'W': return { test: (c) => !/\w/.test(c), pick: ' ' };
    case 's': return { test: (c) => /\s/.test(c), pick: ' ' };
    case 'S': return { test: (c) => !/\s/.test(c), pick: 'a' };
    default: return null;
  }
}

function parse(src: string): Node {
  let i = 0;
  const alt = (): Node => {
    const items = [seq()];
    while (src[i] === '|') {
      i++;
      items.push(seq());
    }
    return items.length === 1 ? items[0]! : { k: 'alt', items };
  };
  const seq = (): Node => {
    const items: Node[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const atom = primary();
      if (atom) items.push(quantified(atom));
    }
    return { k: 'seq', items };
  };
  const quantified = (atom: Node): Node => {
    let min = 1;
    let max = 1;
    const c = src[i];
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      i += m[0].length - 1;
    } else return atom;
    i++;
    if (src[i] === '?' || src[i] === '+') i++; // lazy / possessive
    return { k: 'rep', item: atom, min, max };
  };
  const primary = (): Node | null => {
    const c = src[i++]!;
    if (c === '^' || c === '$') return null;
    if (c === '.') return { k: 'set', pick: 'a' };
    if (c === '(') {
      if (src[i] === '?') {
        const m = /^\?(?::|P?<[A-Za-z_]\w*>)/.exec(src.slice(i));
        if (!m) throw new Refused(`group '(${src.slice(i, i + 3)}' (look-around or inline flag)`);
        i += m[0].length;
      }
      const inner = alt();
      if (src[i] !== ')') throw new Refused("missing ')'");
      i++;
      return inner;
    }
    if (c === '[') {
      let j = i;
      const negated = src[j] === '^';
      if (negated) j++;
      const start = j;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new Refused('unterminated character class');
      const body = src.slice(start, j);
      i = j + 1;
      return { k: 'set', pick: classPick(body, negated) };
    }
    if (c === '\\') {
      const e = src[i++];
      if (e === undefined) throw new Refused('trailing backslash');
      if (/[1-9k]/.test(e)) throw new Refused('back-reference');
      if (e === 'b' || e === 'B' || e === 'A' || e === 'Z' || e === 'z' || e === 'G') return null;
      const kind = escapeKind(e);
      if (kind) return { k: 'set', pick: kind.pick };
      if (e === 't') return { k: 'lit', c: '\t' };
      if (e === 'n' || e === 'r') return { k: 'lit', c: '\n' };
      if (e === 'x') {
        const hex = /^[0-9a-fA-F]{2}/.exec(src.slice(i));
        if (!hex) throw new Refused('bad \\x escape');
        i += 2;
        return { k: 'lit', c: String.fromCharCode(parseInt(hex[0], 16)) };
      }
      if (e === 'u') {
        const hex = /^[0-9a-fA-F]{4}/.exec(src.slice(i));
        if (!hex) throw new Refused('bad \\u escape');
        i += 4;
        return { k: 'lit', c: String.fromCharCode(parseInt(hex[0], 16)) };
      }
      if (/[A-Za-z0-9]/.test(e)) throw new Refused(`escape \\${e}`);
      return { k: 'lit', c: e };
    }
    return { k: 'lit', c };
  };
  const root = alt();
  if (i < src.length) throw new Refused(`unexpected '${src[i]}'`);
  return root;
}

/** Generates with each repetition at `reps(min, max)` and each alternation at branch `branch(n)`. */
function generate(n: Node, reps: (min: number, max: number) => number, branch: (n: number) => number): string {
  switch (n.k) {
    case 'lit': return n.c;
    case 'set': return n.pick;
    case 'seq': return n.items.map((x) => generate(x, reps, branch)).join('');
    case 'alt': return generate(n.items[Math.min(branch(n.items.length), n.items.length - 1)]!, reps, branch);
    case 'rep': {
      const times = reps(n.min, n.max);
      let s = '';
      for (let k = 0; k < times; k++) s += generate(n.item, reps, branch);
      return s;
    }
  }
}

/**
 * A sample `re` (compiled with `flags`) matches, trying the fewest repetitions, then one more,
 * each with the first and then the last branch of every alternation; `variant` rotates the start.
 */
export function regexSample(pattern: string, flags: string, variant = 0): RegexSample {
  let re: RegExp;
  let src = pattern;
  const lead = /^\(\?([ims]+)\)/.exec(src);
  let f = flags;
  if (lead) {
    for (const c of lead[1]!) if (!f.includes(c)) f += c;
    src = src.slice(lead[0].length);
  }
  try {
    re = new RegExp(src.replace(/\(\?P</g, '(?<'), f);
  } catch (e) {
    return { reason: `re: not a JavaScript regular expression (${(e as Error).message})` };
  }
  let tree: Node;
  try {
    tree = parse(src);
  } catch (e) {
    if (e instanceof Refused) return { reason: `re: ${e.message}` };
    throw e;
  }
  const strategies: [(min: number, max: number) => number, (n: number) => number][] = [
    [(min) => min, () => 0],
    [(min, max) => Math.min(Math.max(min, 1), max), () => 0],
    [(min) => min, (n) => n - 1],
    [(min, max) => Math.min(Math.max(min, 1), max), (n) => n - 1],
  ];
  for (let s = 0; s < strategies.length; s++) {
    const [reps, branch] = strategies[(s + variant) % strategies.length]!;
    const sample = generate(tree, reps, branch);
    if (re.test(sample)) return { sample };
  }
  return { reason: 're: no simple sample matches (zero-width assertions or conflicting classes)' };
}
