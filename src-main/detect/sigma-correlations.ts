/**
 * Sigma correlation rules in a triage (Sigma correlation rules specification 2.1.0; the engine:
 * detect/sigma/correlation/, see its README). `prepareCorrelations` parses the rule set's
 * correlation documents once per triage and checks their references against the loaded rules;
 * every refused document is a SigmaLoadError listed with the other Sigma load errors. A
 * `SigmaCorrelations` per detection session feeds the engine every base-rule match of a rule some
 * correlation refers to, with the event's values read through the same field view (and logsource
 * field mapping) the rule matched with, so a Security copy of a Sysmon event groups alike.
 */
import type { NormalisedEvent } from '../model/event';
import { normaliseGuid } from '../model/guid';
import { compareFindingEvents } from './finding-event-order';
import { SigmaRule } from './sigma/compile-rule';
import type { RuleVariant } from './sigma/compile-rule';
import { checkReferences } from './sigma/correlation/check-references';
import { CorrelationEngine } from './sigma/correlation/correlation-engine';
import type { CorrelationLimits, CorrelationMatch, CorrelationRule, CorrelationStats } from './sigma/correlation/correlation-types';
import { parseCorrelation } from './sigma/correlation/parse-correlation';
import { EventView } from './sigma/event-view';
import { directFields } from './sigma/field-access';
import type { FieldResolver } from './sigma/field-access';
import { variantResolver } from './sigma/field-mapping';
import { REGISTRY_PREFIXES } from './sigma/logsource';
import type { SigmaCorrelationDocument } from './sigma/rule-set';
import type { CompiledSigmaRule, SigmaLoadError, SigmaRuleSet } from './sigma/types';

/** A contributing event of a correlation match: the finding's event plus its host. */
export interface CorrelationEventRef {
  evidence: string;
  record_id: number | null;
  event_id: number | null;
  time: string | null;
  process_guid: string | null;
  dest: string;
}

export type SigmaCorrelationMatch = CorrelationMatch<CorrelationEventRef>;

/** The correlations of one triage, parsed and checked once. */
export interface PreparedCorrelations {
  /** The correlations that run. */
  rules: CorrelationRule[];
  /** Documents refused (schema, unsupported type, unknown rule, cycles, duplicate ids). */
  errors: SigmaLoadError[];
  /**
   * Referenced rules that are loaded but do not run on their own (below `--min-level`, a status
   * not selected): they run for the correlations only (their matches make no finding of their own).
   */
  extraRules: CompiledSigmaRule[];
}

/** A rule set that also carries correlation documents (the loader's LoadedSigmaRuleSet). */
interface WithCorrelations {
  correlations: readonly SigmaCorrelationDocument[];
  rule(idOrName: string): CompiledSigmaRule | undefined;
}

function hasCorrelations(set: SigmaRuleSet): set is SigmaRuleSet & WithCorrelations {
  const s = set as Partial<WithCorrelations>;
  return Array.isArray(s.correlations) && typeof s.rule === 'function';
}

/** Parses and checks the set's correlation documents (none: an empty preparation). */
export function prepareCorrelations(set: SigmaRuleSet | null): PreparedCorrelations {
  if (set === null || !hasCorrelations(set) || set.correlations.length === 0) return { rules: [], errors: [], extraRules: [] };
  const errors: SigmaLoadError[] = [];
  const parsed: CorrelationRule[] = [];
  for (const d of set.correlations) {
    const p = parseCorrelation(d.doc, d.path, d.origin);
    if (p.ok) parsed.push(p.rule);
    else errors.push(p.error);
  }
  const { valid, errors: refErrors } = checkReferences(parsed, (k) => set.rule(k) !== undefined);
  errors.push(...refErrors);
  // Cycles and duplicate ids: the engine refuses them; list them now, with the other load errors.
  const refused = new CorrelationEngine(valid).errors;
  errors.push(...refused);
  const running = new Set(set.rules);
  const extra = new Set<CompiledSigmaRule>();
  for (const c of valid) {
    for (const ref of c.rules) {
      const r = set.rule(ref);
      if (r !== undefined && !running.has(r)) extra.add(r);
    }
  }
  return { rules: valid, errors, extraRules: [...extra] };
}

const MAX_DEDUPE = 1_000_000;

/** Hits of one time in the findings' order of events (time, evidence, record id, event id), then host and process. */
function compareRefs(a: CorrelationEventRef, b: CorrelationEventRef): number {
  const c = compareFindingEvents(a, b);
  if (c !== 0) return c;
  if (a.dest !== b.dest) return a.dest < b.dest ? -1 : 1;
  const ga = a.process_guid ?? '';
  const gb = b.process_guid ?? '';
  return ga < gb ? -1 : ga > gb ? 1 : 0;
}

/** One detection session's correlation state: the engine and the field views feeding it. */
export class SigmaCorrelations {
  readonly engine: CorrelationEngine<CorrelationEventRef>;
  private readonly referenced = new Set<string>();
  private readonly resolvers = new WeakMap<RuleVariant, FieldResolver>();
  /** What was fed per (rule, record): a later copy that sorts first re-cites it. */
  private readonly seen = new Map<string, CorrelationEventRef>();
  private readonly extraRules: readonly CompiledSigmaRule[];
  /** Matches of a record already fed for the same rule (read twice: an .evtx and its export). */
  duplicates = 0;

  constructor(prepared: PreparedCorrelations, limits: Partial<CorrelationLimits> = {}) {
    this.engine = new CorrelationEngine<CorrelationEventRef>(prepared.rules, limits, compareRefs);
    for (const r of prepared.rules) for (const ref of r.rules) this.referenced.add(ref);
    this.extraRules = prepared.extraRules;
  }

  /**
   * Feeds the engine event `e`: the rule set's matches (`hits`) and the matches of the referenced
   * rules that run for the correlations only. A rule whose matcher throws is skipped for the event.
   */
  addEvent(e: NormalisedEvent, id: string | null, hits: readonly CompiledSigmaRule[]): void {
    let all = hits;
    if (this.extraRules.length > 0) {
      const more: CompiledSigmaRule[] = [];
      for (const r of this.extraRules) {
        try {
          if (r.match(e)) more.push(r);
        } catch {
          // counted nowhere else: this rule does not run on its own; the event is simply not a hit
        }
      }
      if (more.length > 0) all = [...hits, ...more];
    }
    if (all.length > 0) this.add(e, id, all);
  }

  get stats(): CorrelationStats {
    return this.engine.stats;
  }

  /** Feeds the engine the matches (`rules`) of event `e` (identity `id`, null when unknown). */
  add(e: NormalisedEvent, id: string | null, rules: readonly CompiledSigmaRule[]): void {
    let view: EventView | null = null;
    for (const rule of rules) {
      const meta = rule.meta;
      if (!this.referenced.has(meta.id) && (meta.name === null || !this.referenced.has(meta.name))) continue;
      const ref: CorrelationEventRef = {
        evidence: e.evidence, record_id: e.record_id, event_id: e.event_id, time: e.time,
        process_guid: normaliseGuid(e.view?.process_guid ?? null), dest: (e.dest ?? '').trim(),
      };
      if (id !== null) {
        const k = `${meta.id}\u0000${meta.origin}\u0000${meta.path}\u0000${id}`;
        const fed = this.seen.get(k);
        if (fed !== undefined) { // read twice: fed once, cited by the copy that sorts first
          this.duplicates++;
          if (compareFindingEvents(ref, fed) < 0) Object.assign(fed, ref);
          continue;
        }
        if (this.seen.size < MAX_DEDUPE) this.seen.set(k, ref);
      }
      const v = (view ??= new EventView(e));
      const resolver = this.resolverFor(rule, v);
      this.engine.add({
        ruleId: meta.id, ruleName: meta.name, timeMs: e.time_ms ?? Number.NaN,
        field: (name) => textOf(resolver(name).values(v)),
        ref,
      });
    }
  }

  /** Is this rule's own output replaced by a correlation (`generate: false`, the default)? */
  suppressBase(rule: CompiledSigmaRule): boolean {
    return this.engine.suppressBase(rule.meta.id, rule.meta.name);
  }

  /** Every correlation match (inner ones of a chain included). */
  finish(): SigmaCorrelationMatch[] {
    return this.engine.finish();
  }

  /**
   * The field view of the variant the rule matched with (its logsource's field mapping): the first
   * variant whose channel, EventID and test hold; a rule not compiled by the loader reads fields
   * by name.
   */
  private resolverFor(rule: CompiledSigmaRule, view: EventView): FieldResolver {
    if (!(rule instanceof SigmaRule)) return directFields;
    const eid = view.event.event_id;
    let fallback: RuleVariant | null = null;
    for (const v of rule.variants) {
      if (v.channels !== null && (view.channel === null || !v.channels.has(view.channel))) continue;
      if (v.eventIds !== null && (eid === null || !v.eventIds.has(eid))) continue;
      fallback ??= v;
      try {
        if (v.test(view)) return this.resolverOf(v);
      } catch {
        // The rule's matcher failed on this variant (counted where it matched); try the next.
      }
    }
    return fallback ? this.resolverOf(fallback) : directFields;
  }

  private resolverOf(v: RuleVariant): FieldResolver {
    let r = this.resolvers.get(v);
    if (!r) {
      const m = v.logsource.mapping;
      r = m ? variantResolver(v.logsource.name, m.fields, REGISTRY_PREFIXES) : directFields;
      this.resolvers.set(v, r);
    }
    return r;
  }
}

/** A field's text: its one value, several joined by newlines, null when absent. */
function textOf(values: readonly string[] | null): string | null {
  if (values === null || values.length === 0) return null;
  return values.length === 1 ? values[0]! : values.join('\n');
}
