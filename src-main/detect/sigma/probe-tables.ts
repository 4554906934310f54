/**
 * A rule-index bucket's gate tables (rule-index.ts): while a bucket is built, its gated rules are
 * filed under their gate keys (rule-gate.ts), one table per (kind, probed field); each table then
 * becomes the probe `matches` runs per event: whole values or `\`-basenames by value, literals
 * in one SubstringFinder (one scan of the value for all of them).
 */
import { fieldSlot } from './field-slots';
import type { GateKind, RuleGate } from './rule-gate';
import { SubstringFinder } from './substring-finder';

/**
 * The rules (by ordinal) filed under one probed field of a bucket. A class, every field set in
 * the constructor, so `matches` sees one object shape for every table (no "wrong map" deopts).
 */
export class ProbeTable {
  constructor(
    readonly source: string,
    /** The source field's slot in the event view. */
    readonly slot: number,
    readonly kind: GateKind,
    /** `eq`: lower-cased value → rules; `base`: `\`-basename → rules (null for `sub`). */
    readonly exact: Map<string, number[]> | null,
    /** `sub`: the literals, and the rules of each literal (by the finder's literal index). */
    readonly finder: SubstringFinder | null,
    readonly byLiteral: number[][],
  ) {}
}

/** A bucket's gate keys while it is built: the literals (value, basename or substring) of one (kind, field), and their rules. */
export interface GateTable {
  source: string;
  kind: GateKind;
  lits: Map<string, number[]>;
}

/**
 * Files gated rule `o` under the keys of its covering variants' gates. Given the gates, not the
 * variants: the variants' lazily set fields (compile-rule.ts) change under it as buckets restore
 * gates, which deoptimised it ("code dependencies", "wrong map") when it read them.
 * A gate's keys come by (kind, field) (rule-gate.ts: one probe's literals, or a union probe by
 * probe), so the table is looked up again only when the key's (kind, field) is not the previous
 * key's: the corpus's buckets file ~10k keys, each one a `kind\0field` name built and hashed before.
 */
export function fileGated(o: number, gates: readonly RuleGate[], tables: Map<string, GateTable>): void {
  let t: GateTable | null = null;
  for (let g = 0; g < gates.length; g++) {
    const keys = gates[g]!.keys;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (t === null || key.kind !== t.kind || key.source !== t.source) t = gateTable(tables, key.kind, key.source);
      fileKey(t, key.lit, o);
    }
  }
}

/** The table of (kind, field) in `tables`, made when new. */
function gateTable(tables: Map<string, GateTable>, kind: GateKind, source: string): GateTable {
  const tk = `${kind}\0${source}`; // a kind has no NUL: this names one (kind, field)
  let t = tables.get(tk);
  if (!t) tables.set(tk, (t = { source, kind, lits: new Map() }));
  return t;
}

/** Files rule `o` under literal `lit` of table `t`. */
function fileKey(t: GateTable, lit: string, o: number): void {
  let l = t.lits.get(lit);
  if (!l) t.lits.set(lit, (l = []));
  if (l[l.length - 1] !== o) l.push(o); // rules are filed in order: a repeat is the last
}

/** The probe of one gate table: a map of whole values (or basenames), or a finder of literals. */
export function probeOf(t: GateTable): ProbeTable {
  if (t.kind !== 'sub') return new ProbeTable(t.source, fieldSlot(t.source), t.kind, t.lits, null, []);
  const finder = new SubstringFinder([...t.lits.keys()]); // spread: V8's fast path for a map's keys (no iterator result per key)
  const byLiteral: number[][] = [];
  for (let i = 0; i < finder.literals.length; i++) byLiteral.push(t.lits.get(finder.literals[i]!)!);
  return new ProbeTable(t.source, fieldSlot(t.source), t.kind, null, finder, byLiteral);
}
