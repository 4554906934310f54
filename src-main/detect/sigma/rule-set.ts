/**
 * The loaded rule set: the compiled rules that run, the errors and the skipped rules (both
 * listed, never dropped silently), the filters applied, and the index that offers an event only
 * the rules that can match it. `matches` builds one EventView per event (rule-index.ts), so every field is read
 * and lower-cased once for all candidate rules.
 */
import type { NormalisedEvent } from '../../model/event';
import type { SigmaRule } from './compile-rule';
import { RuleIndex } from './rule-index';
import type { CompiledSigmaRule, SigmaLoadError, SigmaRuleSet, SigmaSkippedRule } from './types';

/** A correlation document, left for the correlation engine (src-main/detect/sigma/correlation/). */
export interface SigmaCorrelationDocument {
  path: string;
  origin: string;
  doc: Record<string, unknown>;
}

export class LoadedSigmaRuleSet implements SigmaRuleSet {
  private readonly index: RuleIndex;
  private readonly byKey = new Map<string, SigmaRule>();

  constructor(
    readonly rules: readonly SigmaRule[],
    readonly errors: readonly SigmaLoadError[],
    readonly skipped: readonly SigmaSkippedRule[],
    /** Correlation documents found in the rule files (not run by this engine). */
    readonly correlations: readonly SigmaCorrelationDocument[],
    /** Every compiled rule by id and name, also those skipped (correlations may name them). */
    readonly allRules: readonly SigmaRule[],
  ) {
    this.index = new RuleIndex(rules);
    // Indexed (no iterator step per rule: this runs once, before it is optimised, over ~2,900 rules).
    for (let i = 0; i < allRules.length; i++) {
      const r = allRules[i]!;
      this.byKey.set(r.meta.id, r);
      if (r.meta.name) this.byKey.set(r.meta.name, r);
    }
  }

  /** A compiled rule by id or name (running or skipped), for correlations. */
  rule(idOrName: string): CompiledSigmaRule | undefined {
    return this.byKey.get(idOrName);
  }

  candidates(event: NormalisedEvent): readonly CompiledSigmaRule[] {
    return this.index.candidates(event);
  }

  matches(event: NormalisedEvent): readonly CompiledSigmaRule[] {
    return this.index.matches(event);
  }

  dataKeys(): readonly string[] {
    return this.index.keys();
  }
}
