/**
 * The documents of a load, taken one at a time (load.ts reads them file by file): a rule compiled
 * (from the bundle's load cache when it knows the rule: compile-rule.ts compilePrechecked) and
 * kept, running or skipped (status, level); a filter or a correlation set aside; a document that
 * cannot be used a SigmaLoadError with its reason. Nothing throws for a bad document. One method
 * per document and no closure per document: a load takes ~2,900 of them.
 */
import { SigmaRule, compileRule } from './compile-rule';
import { compilePrechecked } from './compile-cached-rule';
import { SigmaRuleError, SigmaRuleInactive } from './errors';
import { compileFilter } from './filter-document';
import type { SigmaFilter } from './filter-document';
import type { Placeholders } from './placeholders';
import type { BundleDocument } from './bundle-source';
import type { SigmaCorrelationDocument } from './rule-set';
import { SIGMA_LEVELS } from './types';
import type { SigmaLoadError, SigmaSkippedRule } from './types';

/** A document's own `id`/`title` for its error line (null when it has none or cannot be read). */
function rawText(d: BundleDocument, key: string): string | null {
  let doc: Record<string, unknown>;
  try {
    doc = 'prechecked' in d ? d.doc() : (d as { doc: Record<string, unknown> }).doc;
  } catch {
    return null;
  }
  const v = doc[key];
  return typeof v === 'string' ? v : null;
}

export class LoadDocuments {
  /** Every compiled rule, running or skipped. */
  readonly all: SigmaRule[] = [];
  readonly running: SigmaRule[] = [];
  readonly filters: { filter: SigmaFilter; path: string }[] = [];
  readonly correlations: SigmaCorrelationDocument[] = [];
  /** Rule ids taken, with the file that took each. */
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly errors: SigmaLoadError[],
    private readonly skipped: SigmaSkippedRule[],
    private readonly placeholders: Placeholders,
    private readonly statuses: ReadonlySet<string>,
    /** The lowest level that runs, its place in SIGMA_LEVELS. */
    private readonly minLevel: number,
  ) {}

  /** One document of the file `rel` (shown as `shown`). */
  add(d: BundleDocument, rel: string, origin: string, shown: string): void {
    if ('error' in d) {
      this.errors.push({ path: shown, id: null, title: null, code: 'yaml', reason: d.index ? `document ${d.index + 1}: ${d.error}` : d.error });
      return;
    }
    try {
      // A rule the load cache knows is not parsed here; any other document is (bundle-source.ts).
      let rule = 'prechecked' in d ? compilePrechecked(d.prechecked, d, rel, origin, this.placeholders) : null;
      if (!rule) {
        const doc = 'prechecked' in d ? d.doc() : d.doc;
        if (doc['correlation'] !== undefined) {
          this.correlations.push({ path: shown, origin, doc });
          return;
        }
        if (doc['filter'] !== undefined) {
          this.filters.push({ filter: compileFilter(doc, this.placeholders), path: shown });
          return;
        }
        if (doc['detection'] === undefined) throw new SigmaRuleError('schema', 'no detection, filter or correlation section');
        rule = compileRule(doc, rel, origin, { placeholders: this.placeholders });
      }
      this.keep(rule, shown);
    } catch (e) {
      this.refuse(e, d, shown);
    }
  }

  private keep(rule: SigmaRule, shown: string): void {
    const m = rule.meta;
    const dup = this.ids.get(m.id);
    if (dup) throw new SigmaRuleError('duplicate-id', `rule id ${m.id} already used by ${dup}`);
    this.ids.set(m.id, shown);
    this.all.push(rule);
    let why: string | null = null;
    if (!this.statuses.has(m.status)) why = `status ${m.status} (running: ${[...this.statuses].join(', ')})`;
    else if (SIGMA_LEVELS.indexOf(m.level) < this.minLevel) why = `level ${m.level} below ${SIGMA_LEVELS[this.minLevel]}`;
    if (why) this.skipped.push({ path: shown, id: m.id, title: m.title, reason: why });
    else this.running.push(rule);
  }

  private refuse(e: unknown, d: BundleDocument, shown: string): void {
    const id = rawText(d, 'id');
    const title = rawText(d, 'title');
    if (e instanceof SigmaRuleInactive) {
      this.skipped.push({ path: shown, id: id ?? '', title: title ?? '', reason: e.message });
    } else if (e instanceof SigmaRuleError) {
      this.errors.push({ path: shown, id, title, code: e.code, reason: e.message });
    } else {
      this.errors.push({ path: shown, id, title, code: 'internal', reason: (e as Error).message ?? String(e) });
    }
  }

  /** Applies the filters to the rules they name (a name no rule has is an error of the filter). */
  applyFilters(): void {
    const byKey = new Map<string, SigmaRule>();
    for (let i = 0; i < this.all.length; i++) {
      const r = this.all[i]!;
      byKey.set(r.meta.id, r);
      if (r.meta.name) byKey.set(r.meta.name, r);
    }
    for (const { filter, path: p } of this.filters) {
      for (const ref of filter.rules) {
        const r = byKey.get(ref);
        if (r) r.filters.push(filter.test);
        else this.errors.push({ path: p, id: filter.id, title: filter.title, code: 'filter', reason: `filter names rule ${ref}, which is not loaded` });
      }
    }
  }
}
