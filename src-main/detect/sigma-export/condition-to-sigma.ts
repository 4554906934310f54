/**
 * A built-in rule's condition (detect/conditions.ts) as a Sigma detection (specification 2.x,
 * "Detection"): every field condition becomes a search identifier over the Sysmon registry fields
 * (`TargetObject`, `Details`, `Image`, `EventType`, `User`, `EventID`), and `all`/`any`/`not`
 * become the `condition` expression. Our derived fields (the canonical path, the CLSID, the COM
 * subkey, the default value, the server file, intel lists) are written out as the plain-field
 * tests that give the same events on Sysmon data; see `field-forms.ts` for each form and where it
 * is wider or narrower than ours. A field or operator without a Sigma form is an error naming
 * the rule, never a silently dropped test.
 */
import type { Condition, FieldCondition } from '../conditions';
import type { Intel } from '../intel';
import { fieldForm, SigmaExportError, type Alternatives, type SigmaMap } from './field-forms';

export interface SigmaDetection {
  /** Search identifiers (a map: all keys; a list of maps: any map) and `condition`. */
  detection: Record<string, SigmaMap | SigmaMap[] | string>;
}

interface Ctx {
  intel: Intel;
  defaultSpellings: readonly string[];
  where: string;
  searches: [string, SigmaMap | SigmaMap[]][];
}

function isField(c: Condition): c is FieldCondition {
  return 'field' in c;
}

function addSearch(ctx: Ctx, alts: Alternatives): string {
  const name = `selection_${ctx.searches.length + 1}`;
  ctx.searches.push([name, alts.length === 1 ? alts[0]! : alts]);
  return name;
}

/** Merges single-map alternatives of an `all` whose keys do not clash into one search identifier. */
function mergeable(list: Alternatives[]): { merged: SigmaMap | null; rest: Alternatives[] } {
  let merged: SigmaMap | null = null;
  const rest: Alternatives[] = [];
  for (const alts of list) {
    if (alts.length === 1 && (merged === null || Object.keys(alts[0]!).every((k) => !(k in merged!)))) merged = { ...(merged ?? {}), ...alts[0]! };
    else rest.push(alts);
  }
  return { merged, rest };
}

function expr(c: Condition, ctx: Ctx, depth: number): string {
  if (depth > 32) throw new SigmaExportError(`${ctx.where}: condition nested deeper than 32 levels`);
  if (isField(c)) return addSearch(ctx, fieldForm(c, ctx));
  if ('not' in c) return `not ${wrap(expr(c.not, ctx, depth + 1))}`;
  if ('all' in c) {
    if (c.all.length === 0) throw new SigmaExportError(`${ctx.where}: an empty "all" has no Sigma form`);
    const leaves = c.all.filter(isField).map((f) => fieldForm(f, ctx));
    const { merged, rest } = mergeable(leaves);
    const parts = [
      ...(merged ? [addSearch(ctx, [merged])] : []),
      ...rest.map((alts) => addSearch(ctx, alts)),
      ...c.all.filter((x) => !isField(x)).map((x) => wrap(expr(x, ctx, depth + 1))),
    ];
    return parts.length === 1 ? parts[0]! : parts.join(' and ');
  }
  if (c.any.length === 0) throw new SigmaExportError(`${ctx.where}: an empty "any" has no Sigma form`);
  const parts = c.any.map((x) => expr(x, ctx, depth + 1));
  return parts.length === 1 ? parts[0]! : parts.map(wrap).join(' or ');
}

/** Parenthesises an expression that is not a single identifier or negation. */
function wrap(e: string): string {
  return /^(not )?[a-z_0-9]+$/.test(e) || /^not \(.*\)$/.test(e) ? e : `(${e})`;
}

/**
 * The Sigma detection of a rule's `match`. `defaultSpellings` are the value-name spellings read as
 * the default value (the model's and the rule's own).
 */
export function conditionToSigma(match: Condition, intel: Intel, defaultSpellings: readonly string[], where: string): SigmaDetection {
  const ctx: Ctx = { intel, defaultSpellings, where, searches: [] };
  const condition = expr(match, ctx, 0);
  return { detection: { ...Object.fromEntries(ctx.searches), condition } };
}
