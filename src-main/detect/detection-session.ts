/**
 * The incremental detection engine. Main never holds all events:
 *
 *   const s = new DetectionSession(ruleset, intel, suppressions);
 *   s.add(batch);  …  s.add(batch);
 *   const result = s.finish();
 *
 * `add` keeps only what detection and the pivots need: the process index (starts/stops by
 * (dest, process_guid)), the matched registry writes aggregated per rule row (Splunk's stats
 * groups, each with at most `maxWritersPerGroup` distinct writers and 50 sample events), the
 * machine-wide CLSIDs per host (for the per-user shadow), and the bounded evidence store
 * (timelines, file events, image loads, registry file references; see evidence-store.ts).
 * Rules match per event in `add` (their fields are the event's own); the join, risk modifiers,
 * messages, suppressions and pivots happen in `finish`, once every process start has been seen,
 * whatever order the batches arrived in. A Sigma rule set (`options.sigma`, compiled once per
 * triage) sees every event too; its matches become one finding per (rule, dest)
 * (sigma-findings.ts, build-sigma-finding.ts), joined, suppressed and pivoted the same way.
 */
import type { NormalisedEvent } from '../model/event';
import type { RegistryView } from '../model/cim';
import { compileCondition } from './conditions';
import type { CompiledCondition, IntelLookup } from './conditions';
import { EventKeys } from './event-keys';
import { normaliseGuid } from '../model/guid';
import type { Intel } from './intel';
import type { Ruleset } from './rules/types';
import { ProcessIndex } from './process-index';
import type { ProcessRecord } from './process-index';
import { EvidenceStore } from './evidence-store';
import { FindingGroups } from './finding-groups';
import type { WriterStart } from './finding-groups';
import { buildFindings } from './build-finding';
import type { FindingContext } from './build-finding';
import { buildSigmaFindings } from './build-sigma-finding';
import { SigmaFindings, type SigmaRuleError } from './sigma-findings';
import { buildCorrelationFinding } from './build-correlation-finding';
import { SigmaCorrelations } from './sigma-correlations';
import type { Finding } from './findings';
import type { DetectionOptions, DetectionResult, DetectionStats, RuleStats, SigmaStats } from './detection-types';
import { assignFindingIds } from './finding-id';
import { DEFAULT_PARALLEL_WINDOW_MS, parallelProcesses, processTimeline, processTree } from './pivots';
import { registryEventBag } from './registry-bag';
import { str } from './splunk-forms';
import { emptySuppressions } from './suppressions';
import type { SuppressionList } from './suppressions';

/** Correlation findings kept (as many as Sigma rule findings); further matches are counted in the stats. */
const MAX_CORRELATION_FINDINGS = 20_000;

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A total, input-order-independent order of findings; ids are numbered in it (same evidence → same ids). */
function compareFindings(a: Finding, b: Finding): number {
  const cmp = (x: string | null, y: string | null) => ((x ?? '') < (y ?? '') ? -1 : (x ?? '') > (y ?? '') ? 1 : 0);
  return b.risk_score - a.risk_score || cmp(a.firstTime, b.firstTime) || cmp(a.rule_id, b.rule_id) || cmp(a.dest, b.dest)
    || cmp(a.process_name, b.process_name) || cmp(a.registry_path, b.registry_path) || cmp(a.registry_key_name, b.registry_key_name)
    || cmp(a.registry_value_name, b.registry_value_name) || cmp(a.user, b.user);
}

/** Rule errors by rule (id, then file), not in the order the rules first failed. */
function compareRuleErrors(a: SigmaRuleError, b: SigmaRuleError): number {
  return a.rule_id < b.rule_id ? -1 : a.rule_id > b.rule_id ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export class DetectionSession {
  private readonly index: ProcessIndex;
  private readonly store: EvidenceStore;
  private readonly groups: FindingGroups;
  private readonly machineClsids = new Map<string, Set<string>>();
  private readonly spellings: ReadonlySet<string>;
  private readonly lookup: IntelLookup;
  private readonly options: DetectionOptions;
  private readonly matchedByRule = new Map<string, number>();
  /** The rules' match conditions, compiled once (conditions.ts), in rule order. */
  private readonly matchers: readonly CompiledCondition[];
  /**
   * The same record read twice (an .evtx and an analyst's XML export of it, two copies of a log)
   * is one event: identity is (dest, channel, EventRecordID), see event-keys.ts.
   */
  private readonly keys = new EventKeys();
  private readonly sigma: SigmaFindings | null;
  private readonly correlations: SigmaCorrelations | null;
  private suppressedBase = 0;
  private correlationFindings = 0;
  private correlationFindingsDropped = 0;
  private events = 0;
  private registryEvents = 0;
  private matchedEvents = 0;
  private finished = false;

  constructor(
    private readonly ruleset: Ruleset,
    private readonly intel: Intel,
    private readonly suppressions: SuppressionList = emptySuppressions(),
    options: DetectionOptions = {},
  ) {
    this.options = options;
    this.index = new ProcessIndex({ maxProcesses: options.maxProcesses });
    this.store = new EvidenceStore(options);
    this.groups = new FindingGroups(options.maxWritersPerGroup);
    this.sigma = options.sigma ? new SigmaFindings(options.sigma, options.sigmaLimits) : null;
    const corr = options.sigmaCorrelations;
    this.correlations = this.sigma && corr && corr.rules.length > 0 ? new SigmaCorrelations(corr, options.correlationLimits) : null;
    const sp = new Set<string>();
    for (const r of ruleset.rules) for (const s of r.default_value_spellings) sp.add(s.trim().toLowerCase());
    this.spellings = sp;
    this.lookup = (list, value) => intel.has(list, value);
    this.matchers = ruleset.rules.map((r) => compileCondition(r.match));
  }

  /** Feeds one batch (any order across batches; any mix of hosts and formats). */
  add(batch: readonly NormalisedEvent[]): void {
    if (this.finished) throw new Error('DetectionSession: add() after finish()');
    for (let i = 0; i < batch.length; i++) this.addEvent(batch[i]!);
  }

  /**
   * Counts `n` events without a view that a read counted instead of sending (content
   * `'counted'`, evidence-reading/event-tally.ts): no rule may read them, so they are only counted,
   * as `add` counts them.
   */
  addCounted(n: number): void {
    if (this.finished) throw new Error('DetectionSession: addCounted() after finish()');
    this.events += n;
  }

  /**
   * One event. Most events of a Security or System log have no view (60,000 of the corpus's
   * System.evtx): they are counted and, with a Sigma set, matched, and nothing else (no keys, no
   * index or store calls); the record's identity is made only for a Sigma match. Measured cold on
   * the shared corpus (V8 runs this code in baseline, not optimised, for most of a triage: every
   * new view or data shape resets its tier-up count): 1.2 → 0.3 µs an event without a view.
   */
  private addEvent(e: NormalisedEvent): void {
    const keys = this.keys;
    this.events++;
    const v = e.view;
    if (!v) {
      if (this.sigma) this.addSigma(e, undefined);
      return;
    }
    const guid = normaliseGuid(v.process_guid);
    const joinKey = keys.joinKey(e.dest, guid);
    this.index.add(e, guid, joinKey);
    const id = keys.identity(e);
    this.store.add(e, id, joinKey);
    if (this.sigma) this.addSigma(e, id);
    if (v.kind === 'registry') this.addRegistry(e, v, id);
  }

  /** Runs the Sigma set on `e`; `id`: its identity when made already (undefined: made on a match). */
  private addSigma(e: NormalisedEvent, id: string | null | undefined): void {
    const sigma = this.sigma!;
    const hits = sigma.add(e, id === undefined ? this.keys : id);
    this.correlations?.addEvent(e, id === undefined ? this.keys.identity(e) : id, hits);
  }

  private addRegistry(e: NormalisedEvent, v: RegistryView, id: string | null): void {
    this.registryEvents++;
    const bag = registryEventBag(e, v, this.spellings, this.intel);
    if (bag.clsid && bag.registry_scope === 'machine' && e.dest !== null) {
      const d = e.dest.trim().toLowerCase();
      let s = this.machineClsids.get(d);
      if (!s) { s = new Set(); this.machineClsids.set(d, s); }
      s.add((bag.clsid as string).toUpperCase());
    }
    let matched = false;
    const rules = this.ruleset.rules;
    for (let i = 0; i < rules.length; i++) {
      if (!this.matchers[i]!(bag, this.lookup)) continue;
      const rule = rules[i]!;
      matched = true;
      this.matchedByRule.set(rule.id, (this.matchedByRule.get(rule.id) ?? 0) + 1);
      this.groups.add(rule, bag, e, id);
    }
    if (matched) this.matchedEvents++;
  }

  /** Joins, scores, suppresses and pivots; the session cannot take more batches afterwards. */
  finish(): DetectionResult {
    this.finished = true;
    this.index.settle();
    const windowMs = this.options.parallelWindowMs ?? DEFAULT_PARALLEL_WINDOW_MS;
    const ctx: FindingContext = {
      index: this.index, store: this.store, machineClsids: this.machineClsids, lookup: this.lookup,
      suppressions: this.suppressions, writerStart: this.writerStart, today: this.options.today ?? todayUtc(),
      parallelWindowMs: windowMs,
    };
    const findings = buildFindings(this.groups, ctx);
    if (this.sigma) {
      const corr = this.correlations;
      const groups = this.sigma.groups();
      // A rule a correlation uses with `generate: false` (the default) has no findings of its own.
      const own = corr ? groups.filter((g) => !corr.suppressBase(g.rule)) : groups;
      this.suppressedBase = groups.length - own.length;
      findings.push(...buildSigmaFindings(own, ctx));
      if (corr) {
        // Inner correlations of a chain that an outer one uses without `generate` are not output either.
        for (const m of corr.finish()) {
          if (corr.engine.suppressBase(m.rule.id ?? '', m.rule.name)) continue;
          if (this.correlationFindings >= MAX_CORRELATION_FINDINGS) { this.correlationFindingsDropped++; continue; }
          this.correlationFindings++;
          findings.push(buildCorrelationFinding(m, ctx));
        }
      }
    }
    findings.sort(compareFindings);
    assignFindingIds(findings);
    const byId = new Map(findings.map((f) => [f.id, f]));
    const index = this.index;
    const store = this.store;
    return {
      findings, stats: this.stats(findings),
      parallel(findingId: string, ms: number) {
        const f = byId.get(findingId);
        if (!f || !f.process_guid) return null;
        const at = f.firstTime;
        return parallelProcesses(index, f.dest, f.process_guid, Date.parse(at), at, ms);
      },
      timeline: (dest: string, guid: string) => processTimeline(store, dest, guid),
      tree: (dest: string, guid: string) => processTree(index, dest, guid),
    };
  }

  private stats(findings: Finding[]): DetectionStats {
    const builtin = findings.filter((f) => f.source === 'builtin');
    const byRule: RuleStats[] = this.ruleset.rules.map((r) => ({
      rule_id: r.id, rule_name: r.name,
      findings: builtin.filter((f) => f.rule_id === r.id).length,
      suppressed: builtin.filter((f) => f.rule_id === r.id && f.suppressed).length,
      events: this.matchedByRule.get(r.id) ?? 0,
    }));
    let starts = 0;
    for (const r of this.index.byKey.values()) if (r.start_in_evidence) starts++;
    return {
      events: this.events, registryEvents: this.registryEvents, matchedEvents: this.matchedEvents, duplicateMatches: this.groups.duplicates,
      findings: findings.length, suppressed: findings.filter((f) => f.suppressed).length,
      processes: this.index.size, processStarts: starts, byRule, sigma: this.sigmaStats(findings),
      dropped: {
        processes: this.index.dropped,
        timelineEntries: this.store.timelines.dropped,
        fileRefs: this.store.files.dropped, imageLoads: this.store.loads.dropped, registryRefs: this.store.registryRefs.dropped,
        writers: this.groups.writersDropped, sigmaMatches: this.sigma?.matchesDropped ?? 0,
      },
    };
  }

  private sigmaStats(findings: Finding[]): SigmaStats | null {
    const sigma = this.sigma;
    if (!sigma) return null;
    const own = findings.filter((f) => f.source === 'sigma');
    const byRule = new Map<string, RuleStats>();
    for (const [rule, events] of sigma.matchedByRule()) {
      const k = `${rule.meta.id}\u0000${rule.meta.origin}\u0000${rule.meta.path}`;
      const cur = byRule.get(k) ?? { rule_id: rule.meta.id, rule_name: rule.meta.title, findings: 0, suppressed: 0, events: 0 };
      cur.events += events;
      byRule.set(k, cur);
    }
    for (const f of own) {
      const k = `${f.rule_id}\u0000${f.sigma?.origin ?? ''}\u0000${f.sigma?.path ?? ''}`;
      let cur = byRule.get(k);
      if (!cur && f.sigma?.correlation) byRule.set(k, cur = { rule_id: f.rule_id, rule_name: f.rule_name, findings: 0, suppressed: 0, events: 0 });
      if (!cur) continue;
      if (f.sigma?.correlation) cur.events += f.count;
      cur.findings++;
      if (f.suppressed) cur.suppressed++;
    }
    return {
      rules: sigma.rules.length, matchedEvents: sigma.matchedEvents, duplicateMatches: sigma.duplicates,
      findings: own.length, suppressed: own.filter((f) => f.suppressed).length,
      byRule: [...byRule.values()].sort((a, b) => b.events - a.events || (a.rule_id < b.rule_id ? -1 : 1)),
      ruleErrors: [...sigma.ruleErrors.values()].sort(compareRuleErrors), eventsPerFinding: sigma.eventsPerFinding,
      correlations: this.correlations ? {
        rules: this.correlations.engine.rules.length,
        findings: own.filter((f) => f.sigma?.correlation !== undefined).length, droppedFindings: this.correlationFindingsDropped,
        suppressedBaseFindings: this.suppressedBase, duplicateHits: this.correlations.duplicates, engine: { ...this.correlations.stats },
      } : null,
    };
  }

  /** The writer's process: by (dest, process_guid); for GUID-less writers (Security 4657) by (dest, pid) at the write. */
  private readonly writerStart: WriterStart = (b, atMs): ProcessRecord | undefined => {
    const guid = str(b.process_guid);
    if (guid !== '') return this.index.get(str(b.dest) || null, guid);
    return this.index.getByPid(str(b.dest) || null, typeof b.process_id === 'number' ? b.process_id : null, atMs);
  };
}
