/**
 * Sigma conditions (specification 2.x, "Condition"): identifiers, `and`, `or`, `not`,
 * parentheses, `1 of X`, `all of X`, `N of X` where X is an identifier, a pattern with `*`, or
 * `them` (every identifier not starting with `_`). Precedence, loosest first: `or`, `and`, `not`.
 * A tokenizer and a recursive-descent parser; aggregations (`| count() …`, Sigma 1) are refused.
 */
import { SigmaRuleError } from './errors';

export type ConditionNode =
  | { kind: 'and' | 'or'; items: ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | { kind: 'ref'; name: string }
  | { kind: 'of'; count: number | 'all'; names: string[] };

/** `l`: a word lower-cased once (keywords are read in any case; each token is asked several times). */
type Token = { t: 'word' | '(' | ')' | 'pipe'; v: string; l: string };

const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'of']);
const MAX_CONDITION = 4096;
const MAX_DEPTH = 64;

function tokenize(text: string): Token[] {
  if (text.length > MAX_CONDITION) throw new SigmaRuleError('condition', `condition longer than ${MAX_CONDITION} characters`);
  const out: Token[] = [];
  const re = /\s*(?:(\()|(\))|(\|)|([A-Za-z0-9_*\-.]+)|(\S))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    if (m[1]) out.push({ t: '(', v: '(', l: '(' });
    else if (m[2]) out.push({ t: ')', v: ')', l: ')' });
    else if (m[3]) out.push({ t: 'pipe', v: '|', l: '|' });
    else if (m[4]) out.push({ t: 'word', v: m[4], l: m[4].toLowerCase() });
    else if (m[5]) throw new SigmaRuleError('condition', `unexpected '${m[5]}' in condition`);
    else break; // trailing white space
  }
  return out;
}

/**
 * A name pattern (`selection_*`: literals and `*`, as the tokenizer reads them) as a test, without a
 * regular expression (a rule set's conditions make thousands): the first part a prefix, the last a
 * suffix, the middle ones found left to right. `*` spans any text but a line break (the `.*` of
 * the specification's reading).
 */
function globTest(p: string): (name: string) => boolean {
  const parts = p.split('*');
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1);
  return (n) => {
    if (n.length < head.length + tail.length || !n.startsWith(head) || !n.endsWith(tail)) return false;
    const end = n.length - tail.length;
    if (/[\n\r\u2028\u2029]/.test(n.slice(head.length, end))) return false;
    let from = head.length;
    for (const m of middle) {
      const at = n.indexOf(m, from);
      if (at < 0 || at + m.length > end) return false;
      from = at + m.length;
    }
    return true;
  };
}

/**
 * Conditions parsed, by text and identifiers: rules repeat a few shapes (`selection and not
 * filter`), and a rule set parses one per rule that runs. The trees are never changed by their
 * users, so one serves every rule with that key. Bounded (rule files are untrusted input).
 */
const parsed = new Map<string, ConditionNode>();
const MAX_PARSED = 10_000;
const MAX_KEY = 1024;

/**
 * A condition's text parsed once for any identifiers (SigmaHQ's ~2,900 conditions are ~310
 * texts but ~1,130 (text, identifiers) pairs): its tree with each `of` target kept unresolved, and
 * every name it refers to. For other identifiers it is resolved (`resolve`: the names of each `of`,
 * the references checked) instead of tokenized and parsed again; anything it cannot resolve
 * (an unknown name, an `of` naming nothing) is parsed, so errors are the parser's.
 */
type OfTarget = { them: true } | { them: false; name: string; glob: ((n: string) => boolean) | null };
/** `node`: a subtree without `of`, the same for any identifiers that have its names (shared, as the trees are). */
type ShapeNode =
  | { kind: 'and' | 'or'; items: ShapeNode[]; node: ConditionNode | null }
  | { kind: 'not'; item: ShapeNode; node: ConditionNode | null }
  | { kind: 'ref'; node: ConditionNode }
  | { kind: 'of'; count: number | 'all'; target: OfTarget; node: null };
interface Shape {
  root: ShapeNode;
  /** The names its references need (each must be an identifier). */
  refs: string[];
}
const shapes = new Map<string, Shape>();
const MAX_SHAPES = 10_000;

/** Parses a condition against the rule's detection identifiers (names are checked here). */
export function parseCondition(text: string, identifiers: readonly string[]): ConditionNode {
  // A text without `of` is one tree for any identifiers that have its names: no key to build.
  const known = shapes.get(text);
  if (known !== undefined && known.root.node !== null && hasAll(identifiers, known.refs)) return known.root.node;
  const key = `${text}\0${identifiers.join('\0')}`;
  // Only keys that name one (text, identifiers) pair: no NUL in the text or an identifier.
  const cacheable = key.length <= MAX_KEY && !text.includes('\0') && !identifiers.some((n) => n.includes('\0'));
  const seen = cacheable ? parsed.get(key) : undefined;
  if (seen !== undefined) return seen;
  const shape = cacheable ? known : undefined;
  let node = shape === undefined ? null : resolveShape(shape, identifiers);
  if (node === null) {
    const targets: Token[] = [];
    node = parseConditionText(text, identifiers, targets);
    if (cacheable && shape === undefined && shapes.size < MAX_SHAPES) shapes.set(text, shapeOf(node, targets));
  }
  if (cacheable && parsed.size < MAX_PARSED) parsed.set(key, node);
  return node;
}

/** The shape of a parsed tree, given its `of` targets' tokens in the order the parser met them (the tree's left to right). */
function shapeOf(root: ConditionNode, targets: readonly Token[]): Shape {
  let at = 0;
  const refs = new Set<string>();
  const walk = (n: ConditionNode): ShapeNode => {
    switch (n.kind) {
      case 'ref':
        refs.add(n.name);
        return { kind: 'ref', node: n };
      case 'not': {
        const item = walk(n.item);
        return { kind: 'not', item, node: item.node && n };
      }
      case 'and':
      case 'or': {
        const items = n.items.map(walk);
        return { kind: n.kind, items, node: items.every((i) => i.node !== null) ? n : null };
      }
      case 'of': {
        const t = targets[at++]!;
        const target: OfTarget = t.l === 'them' ? { them: true } : { them: false, name: t.v, glob: t.v.includes('*') ? globTest(t.v) : null };
        return { kind: 'of', count: n.count, target, node: null };
      }
    }
  };
  const shape = walk(root);
  return { root: shape, refs: [...refs] };
}

/** Is every name one of the identifiers? */
function hasAll(identifiers: readonly string[], names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) if (!identifiers.includes(names[i]!)) return false;
  return true;
}

/** The tree of a shape for these identifiers, or null when the parser would refuse them (an unknown name, an `of` naming nothing). */
function resolveShape(shape: Shape, identifiers: readonly string[]): ConditionNode | null {
  if (!hasAll(identifiers, shape.refs)) return null;
  const build = (n: ShapeNode): ConditionNode | null => {
    if (n.node !== null) return n.node;
    switch (n.kind) {
      case 'not': {
        const item = build(n.item);
        return item && { kind: 'not', item };
      }
      case 'and':
      case 'or': {
        const items: ConditionNode[] = [];
        for (let i = 0; i < n.items.length; i++) {
          const b = build(n.items[i]!);
          if (b === null) return null;
          items.push(b);
        }
        return { kind: n.kind, items };
      }
      case 'of': {
        const t = n.target;
        const names = t.them ? identifiers.filter((x) => !x.startsWith('_')) : t.glob ? identifiers.filter(t.glob) : identifiers.includes(t.name) ? [t.name] : [];
        return names.length === 0 ? null : { kind: 'of', count: n.count, names };
      }
    }
  };
  return build(shape.root);
}

/** `targets`: where to add each `of` target's token, in the order met. */
function parseConditionText(text: string, identifiers: readonly string[], targets: Token[]): ConditionNode {
  const toks = tokenize(text);
  let pos = 0;
  let depth = 0;
  const peek = (): Token | undefined => toks[pos];
  const isWord = (tok: Token | undefined, w: string): boolean => tok !== undefined && tok.t === 'word' && tok.l === w;
  const fail = (msg: string): never => {
    throw new SigmaRuleError('condition', `${msg} in condition '${text}'`);
  };

  const expr = (): ConditionNode => {
    if (++depth > MAX_DEPTH) fail('nesting too deep');
    const items = [andExpr()];
    while (isWord(peek(), 'or')) {
      pos++;
      items.push(andExpr());
    }
    depth--;
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const andExpr = (): ConditionNode => {
    const items = [notExpr()];
    while (isWord(peek(), 'and')) {
      pos++;
      items.push(notExpr());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const notExpr = (): ConditionNode => {
    if (isWord(peek(), 'not')) {
      pos++;
      if (++depth > MAX_DEPTH) fail('nesting too deep');
      const item = notExpr();
      depth--;
      return { kind: 'not', item };
    }
    return primary();
  };
  const primary = (): ConditionNode => {
    const tok = peek();
    if (!tok) return fail('unexpected end');
    if (tok.t === '(') {
      pos++;
      const e = expr();
      if (peek()?.t !== ')') fail("missing ')'");
      pos++;
      return e;
    }
    if (tok.t === 'pipe') return fail('aggregation expressions (|) are not supported; use a correlation rule');
    if (tok.t !== 'word') return fail(`unexpected '${tok.v}'`);
    if (isWord(toks[pos + 1], 'of')) {
      const q = tok.l;
      const count = q === 'all' ? 'all' : /^[1-9]\d{0,3}$/.test(q) ? Number(q) : fail(`'${tok.v} of' needs 1 (or a number) or all`);
      const target = toks[pos + 2];
      if (target?.t !== 'word') return fail("'of' needs an identifier, a pattern or them");
      pos += 3;
      targets.push(target);
      let names: string[];
      if (target.l === 'them') names = identifiers.filter((n) => !n.startsWith('_'));
      else if (target.v.includes('*')) {
        const matches = globTest(target.v);
        names = identifiers.filter(matches);
      } else names = identifiers.includes(target.v) ? [target.v] : [];
      if (names.length === 0) fail(`'${target.v}' names no search identifier`);
      return { kind: 'of', count, names };
    }
    if (KEYWORDS.has(tok.l)) return fail(`unexpected '${tok.v}'`);
    if (!identifiers.includes(tok.v)) fail(`unknown search identifier '${tok.v}'`);
    pos++;
    return { kind: 'ref', name: tok.v };
  };

  if (toks.length === 0) fail('empty condition');
  const root = expr();
  if (pos < toks.length) fail(`unexpected '${toks[pos]!.v}'`);
  return root;
}
