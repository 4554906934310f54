/**
 * The commonest detection entry, built without the general compiler: a field, plain literals (no
 * wildcard, no escape: SigmaHQ's `Image|endswith: '\cmd.exe'`, `CommandLine|contains|all: […]`,
 * `OriginalFileName: …`), and only `contains`, `startswith` or `endswith` (one of them at most),
 * `all` and `cased`. Same meaning as field-check.ts's general path (specification 2.x: values
 * OR, `all` AND; case-insensitive unless `cased`; numbers and booleans as their text), in one
 * test per entry of one of four kinds instead of a parsed string, a test and a closure per value:
 * a rule set's first pass over a case builds a matcher for every rule it reaches, so this is the
 * build most entries take. Anything else (wildcards, GUID values, other modifiers, keywords)
 * returns null and takes the general path.
 */
import { isGuid } from '../../model/guid';
import type { EventView } from './event-view';
import type { FieldAccess } from './field-access';
import { MULTI_CONTAINS_MIN, multiContainsTest } from './multi-contains';

type EventTest = (view: EventView) => boolean;

/** How a value is compared with a literal. */
type LiteralOp = 'equals' | 'contains' | 'startswith' | 'endswith';

/** The modifiers this build takes; anything else goes to the general path. */
const TAKEN = new Set(['contains', 'startswith', 'endswith', 'all', 'cased']);

/** A value read as itself by the general path (parseSigmaString gives it back as one literal). */
function plainLiteral(v: unknown): string | null {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string' || v === '') return null;
  return v.includes('*') || v.includes('?') || v.includes('\\\\') ? null : v;
}

/**
 * The entry's test, or null when the entry is not of this form (the caller compiles it as
 * usual: every error it can throw is the general path's).
 */
export function literalEntryTest(field: FieldAccess, modifiers: readonly string[], raw: unknown): EventTest | null {
  let op: LiteralOp = 'equals';
  let all = false;
  let cased = false;
  for (let i = 0; i < modifiers.length; i++) {
    const m = modifiers[i]!;
    if (!TAKEN.has(m) || modifiers.indexOf(m) !== i) return null;
    if (m === 'all') all = true;
    else if (m === 'cased') cased = true;
    else if (op !== 'equals') return null; // two of contains/startswith/endswith: the general path
    else op = m as LiteralOp;
  }
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return null;
  const lits: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const l = plainLiteral(values[i]);
    // A whole GUID is compared with the model's form too (string-matcher.ts guidForm).
    if (l === null || (op === 'equals' && isGuid(l))) return null;
    lits.push(cased ? l : l.toLowerCase());
  }
  if (op === 'contains' && !all && lits.length >= MULTI_CONTAINS_MIN) {
    const multi = multiContainsTest(lits);
    return (view) => {
      const vals = cased ? field.values(view) : field.lowerValues(view);
      if (vals === null) return false;
      for (let i = 0; i < vals.length; i++) if (multi(vals[i]!)) return true;
      return false;
    };
  }
  return all && lits.length > 1 ? everyLiteral(field, cased, op, lits) : anyLiteral(field, cased, op, lits);
}

/** A value-against-literal comparison. */
type Compare = (v: string, lit: string) => boolean;

const equals: Compare = (v, lit) => v === lit;
const contains: Compare = (v, lit) => v.includes(lit);
const startsWith: Compare = (v, lit) => v.startsWith(lit);
const endsWith: Compare = (v, lit) => v.endsWith(lit);

/**
 * Some value passes with some literal. One loop per comparison, each written out: a test is one of
 * four closure shapes whose comparison V8 sees monomorphic (a shared helper taking the comparison
 * would be one more call per value and literal under the CLI's small inlining budget).
 */
function anyLiteral(field: FieldAccess, cased: boolean, op: LiteralOp, lits: readonly string[]): EventTest {
  if (lits.length === 1) {
    const lit = lits[0]!;
    switch (op) {
      case 'equals':
        return (view) => {
          const vals = cased ? field.values(view) : field.lowerValues(view);
          if (vals === null) return false;
          for (let i = 0; i < vals.length; i++) if (vals[i] === lit) return true;
          return false;
        };
      case 'contains':
        return (view) => {
          const vals = cased ? field.values(view) : field.lowerValues(view);
          if (vals === null) return false;
          for (let i = 0; i < vals.length; i++) if (vals[i]!.includes(lit)) return true;
          return false;
        };
      case 'startswith':
        return (view) => {
          const vals = cased ? field.values(view) : field.lowerValues(view);
          if (vals === null) return false;
          for (let i = 0; i < vals.length; i++) if (vals[i]!.startsWith(lit)) return true;
          return false;
        };
      case 'endswith':
        return (view) => {
          const vals = cased ? field.values(view) : field.lowerValues(view);
          if (vals === null) return false;
          for (let i = 0; i < vals.length; i++) if (vals[i]!.endsWith(lit)) return true;
          return false;
        };
    }
  }
  const cmp = compareOf(op);
  return (view) => {
    const vals = cased ? field.values(view) : field.lowerValues(view);
    if (vals === null) return false;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!;
      for (let j = 0; j < lits.length; j++) if (cmp(v, lits[j]!)) return true;
    }
    return false;
  };
}

function compareOf(op: LiteralOp): Compare {
  return op === 'equals' ? equals : op === 'contains' ? contains : op === 'startswith' ? startsWith : endsWith;
}

/** Every literal passes with some value (`all`). */
function everyLiteral(field: FieldAccess, cased: boolean, op: LiteralOp, lits: readonly string[]): EventTest {
  const cmp = compareOf(op);
  return (view) => {
    const vals = cased ? field.values(view) : field.lowerValues(view);
    if (vals === null) return false;
    for (let j = 0; j < lits.length; j++) {
      const lit = lits[j]!;
      let found = false;
      for (let i = 0; i < vals.length && !found; i++) found = cmp(vals[i]!, lit);
      if (!found) return false;
    }
    return true;
  };
}
