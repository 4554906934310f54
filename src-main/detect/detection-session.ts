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
 * whatever order the batches arrived in.
 */
import type { NormalisedEvent } from '../model/event.ts';
import type { RegistryView } from '../model/cim.ts';
import { processJoinKey } from '../model/join.ts';
import { evaluate, fillTemplate } from './conditions.ts';
import type { FieldBag, IntelLookup, Scalar } from './conditions.ts';
import type { Intel } from './intel.ts';
import type { Rule, Ruleset } from './rules/types.ts';
import { registryFacts } from './registry-facts.ts';
import { ProcessIndex } from './process-index.ts';
import type { ProcessRecord } from './process-index.ts';
import { EvidenceStore } from './evidence-store.ts';
import type { StoreLimits } from './evidence-store.ts';
import { normaliseFilePath } from './paths.ts';
import { inUserWritableFolder } from './fields.ts';
import type { Finding, FindingEvent, RiskReason } from './findings.ts';
import { DEFAULT_PARALLEL_WINDOW_MS, dllPivot, parallelProcesses, processTimeline, processTree } from './pivots.ts';
import type { Pivots } from './pivots.ts';
import { emptySuppressions, findingFields, matchSuppression } from './suppressions.ts';
import type { SuppressionList } from './suppressions.ts';

export interface DetectionOptions extends Partial<StoreLimits> {
  /** Parallel-process window either side of the write, ms (default 5 min). */
  parallelWindowMs?: number;
  maxProcesses?: number;
  /** Distinct writer processes kept per finding row (default 1000; the rest are counted only). */
  maxWritersPerGroup?: number;
  /** YYYY-MM-DD for suppression expiry (default: today, UTC). */
  today?: string;
}

export interface RuleStats {
  rule_id: string;
  rule_name: string;
  findings: number;
  suppressed: number;
  events: number;
}

export interface DetectionStats {
  events: number;
  registryEvents: number;
  matchedEvents: number;
  /** Matched events counted once although read more than once (same dest, channel, record id). */
  duplicateMatches: number;
  findings: number;
  suppressed: number;
  processes: number;
  processStarts: number;
  byRule: RuleStats[];
  /** What the bounds cut (0 everywhere on ordinary evidence). */
  dropped: { processes: number; timelineEntries: number; fileRefs: number; imageLoads: number; registryRefs: number; writers: number };
}

export interface DetectionResult {
  findings: Finding[];
  stats: DetectionStats;
  /** Parallel processes of a finding with another window (the UI widens it). */
  parallel(findingId: string, windowMs: number): Pivots['parallel'] | null;
  /** Timeline of any process of the evidence (the analyst follows the tree to a parent or child). */
  timeline(dest: string, processGuid: string): Pivots['timeline'];
  /** Process tree of any process of the evidence. */
  tree(dest: string, processGuid: string): Pivots['tree'];
}

interface Writer {
  bag: Record<string, Scalar>;
  first_ms: number | null;
  first_time: string | null;
  last_ms: number | null;
  last_time: string | null;
  count: number;
}

interface Group {
  rule: Rule;
  /** Identities of the events counted (first MAX_IDENTITIES_PER_GROUP), to count a record read twice once. */
  seen: Set<string>;
  keyValues: Record<string, Scalar>;
  count: number;
  first_ms: number | null;
  first_time: string | null;
  last_ms: number | null;
  last_time: string | null;
  events: FindingEvent[];
  values: string[];
  writers: Map<string, Writer>;
  writerOrder: string[];
}

const MAX_EVENTS_PER_FINDING = 50;
const MAX_VALUES_PER_FINDING = 20;
const MAX_IDENTITIES_PER_GROUP = 100_000;
const EPOCH = '1970-01-01T00:00:00.0000000Z';

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function eventBag(e: NormalisedEvent, v: RegistryView, spellings: ReadonlySet<string>, intel: Intel): Record<string, Scalar> {
  const f = registryFacts(v, spellings);
  const bad = f.clsid ? intel.find('known_bad_clsids', f.clsid) : null;
  const builtin = f.clsid ? intel.find('builtin_clsids', f.clsid) : null;
  const benign = v.process_path ? intel.find('benign_writers', v.process_path) : null;
  return {
    dest: e.dest ?? '', user: v.user, process_guid: v.process_guid, process_id: v.process_id,
    process_name: v.process_name, process_path: v.process_path,
    registry_path: v.registry_path, registry_key_name: f.registry_key_name, registry_value_name: f.registry_value_name,
    registry_value_data: v.registry_value_data, registry_value_type: v.registry_value_type, registry_action: v.action,
    registry_scope: f.registry_scope, registry_user_sid: v.registry_user_sid, registry_wow64: v.registry_wow64,
    registry_classes_relative: v.registry_classes_relative,
    registry_key_canonical: f.registry_key_canonical, registry_path_canonical: f.registry_path_canonical,
    registry_value_is_default: f.registry_value_is_default, default_spelling: f.default_spelling,
    clsid: f.clsid, com_subkey: f.com_subkey, server_path: f.server_path, server_file_name: f.server_file_name,
    known_bad_family: bad ? bad.family ?? bad.name : null, builtin_clsid_name: builtin ? builtin.name : null,
    benign_writer: benign ? benign.name : null, benign_writer_reason: benign ? benign.reason : null,
    event_id: e.event_id, channel: e.channel, evidence: e.evidence,
  };
}

/**
 * The same record read twice (an .evtx and an analyst's XML export of it, two copies of a log)
 * is one event: identity is (dest, channel, EventRecordID). Null when the record id is unknown.
 */
export function eventIdentity(e: NormalisedEvent): string | null {
  if (e.record_id === null) return null;
  return `${(e.dest ?? '').trim().toLowerCase()}|${(e.channel ?? '').trim().toLowerCase()}|${e.record_id}`;
}

/** CIM `user` as the Splunk Sysmon add-on derives it: the account name without its domain. */
export function cimUser(u: string | null | undefined): string | null {
  if (u === null || u === undefined || u.trim() === '') return null;
  const i = u.lastIndexOf('\\');
  return i >= 0 ? u.slice(i + 1) : u;
}

/** CIM `registry_key_name` as the Splunk Sysmon add-on derives it: the key's own name (last segment of the key path). */
export function cimKeyName(keyPath: string | null | undefined): string {
  if (!keyPath) return '';
  const t = keyPath.replace(/\\+$/, '');
  const i = t.lastIndexOf('\\');
  return i >= 0 ? t.slice(i + 1) : t;
}

/** Splunk's form of a group-by field (the table's columns); other fields as they are. */
function splunkForm(field: string, v: Scalar | undefined): Scalar {
  if (field === 'user') return cimUser(v as string | null);
  if (field === 'registry_key_name') return cimKeyName(v as string | null);
  return v ?? null;
}

function str(v: Scalar | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

export class DetectionSession {
  private readonly index: ProcessIndex;
  private readonly store: EvidenceStore;
  private readonly groups = new Map<string, Group>();
  private readonly machineClsids = new Map<string, Set<string>>();
  private readonly spellings: ReadonlySet<string>;
  private readonly lookup: IntelLookup;
  private readonly options: DetectionOptions;
  private readonly matchedByRule = new Map<string, number>();
  private events = 0;
  private registryEvents = 0;
  private matchedEvents = 0;
  private writersDropped = 0;
  private duplicates = 0;
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
    const sp = new Set<string>();
    for (const r of ruleset.rules) for (const s of r.default_value_spellings) sp.add(s.trim().toLowerCase());
    this.spellings = sp;
    this.lookup = (list, value) => intel.has(list, value);
  }

  /** Feeds one batch (any order across batches; any mix of hosts and formats). */
  add(batch: readonly NormalisedEvent[]): void {
    if (this.finished) throw new Error('DetectionSession: add() after finish()');
    for (const e of batch) {
      this.events++;
      this.index.add(e);
      this.store.add(e, eventIdentity(e));
      const v = e.view;
      if (!v || v.kind !== 'registry') continue;
      this.registryEvents++;
      const bag = eventBag(e, v, this.spellings, this.intel);
      if (bag.clsid && bag.registry_scope === 'machine' && e.dest !== null) {
        const d = e.dest.trim().toLowerCase();
        let s = this.machineClsids.get(d);
        if (!s) { s = new Set(); this.machineClsids.set(d, s); }
        s.add((bag.clsid as string).toUpperCase());
      }
      let matched = false;
      for (const rule of this.ruleset.rules) {
        if (!evaluate(rule.match, bag, this.lookup)) continue;
        matched = true;
        this.matchedByRule.set(rule.id, (this.matchedByRule.get(rule.id) ?? 0) + 1);
        this.addToGroup(rule, bag, e);
      }
      if (matched) this.matchedEvents++;
    }
  }

  private addToGroup(rule: Rule, bag: Record<string, Scalar>, e: NormalisedEvent): void {
    const keyValues: Record<string, Scalar> = {};
    for (const f of rule.group_by) keyValues[f] = splunkForm(f, bag[f]);
    const gk = `${rule.id}\u0000${rule.group_by.map((f) => str(keyValues[f])).join('\u0000')}`;
    let g = this.groups.get(gk);
    if (!g) {
      g = { rule, seen: new Set(), keyValues, count: 0, first_ms: null, first_time: null, last_ms: null, last_time: null, events: [], values: [], writers: new Map(), writerOrder: [] };
      this.groups.set(gk, g);
    }
    const id = eventIdentity(e);
    if (id !== null) {
      if (g.seen.has(id)) { this.duplicates++; return; }
      if (g.seen.size < MAX_IDENTITIES_PER_GROUP) g.seen.add(id);
    }
    g.count++;
    if (e.time !== null && e.time_ms !== null) {
      if (g.first_ms === null || e.time_ms < g.first_ms || (e.time_ms === g.first_ms && e.time < g.first_time!)) { g.first_ms = e.time_ms; g.first_time = e.time; }
      if (g.last_ms === null || e.time_ms > g.last_ms || (e.time_ms === g.last_ms && e.time > g.last_time!)) { g.last_ms = e.time_ms; g.last_time = e.time; }
    }
    if (g.events.length < MAX_EVENTS_PER_FINDING) g.events.push({ evidence: e.evidence, record_id: e.record_id, event_id: e.event_id, time: e.time, process_guid: str(bag.process_guid) || null });
    const data = bag.registry_value_data;
    if (typeof data === 'string' && g.values.length < MAX_VALUES_PER_FINDING && !g.values.includes(data)) g.values.push(data);
    const wk = processJoinKey(e.dest, str(bag.process_guid)) ?? `pid:${str(bag.process_id)}|${str(bag.process_path)}`;
    const w = g.writers.get(wk);
    if (w) {
      w.count++;
      if (e.time_ms !== null && (w.first_ms === null || e.time_ms < w.first_ms)) { w.first_ms = e.time_ms; w.first_time = e.time; w.bag = bag; }
      if (e.time_ms !== null && (w.last_ms === null || e.time_ms > w.last_ms)) { w.last_ms = e.time_ms; w.last_time = e.time; }
    } else if (g.writers.size < (this.options.maxWritersPerGroup ?? 1000)) {
      g.writers.set(wk, { bag, first_ms: e.time_ms, first_time: e.time, last_ms: e.time_ms, last_time: e.time, count: 1 });
      g.writerOrder.push(wk);
    } else {
      this.writersDropped++;
    }
  }

  /** Joins, scores, suppresses and pivots; the session cannot take more batches afterwards. */
  finish(): DetectionResult {
    this.finished = true;
    const today = this.options.today ?? todayUtc();
    const windowMs = this.options.parallelWindowMs ?? DEFAULT_PARALLEL_WINDOW_MS;
    const findings: Finding[] = [];
    for (const g of this.resolveUsers()) findings.push(this.buildFinding(g, '', today, windowMs));
    // A total, input-order-independent order; ids are numbered in it (same evidence → same ids).
    const cmp = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
    findings.sort((a, b) => b.risk_score - a.risk_score || cmp(a.firstTime, b.firstTime) || cmp(a.rule_id, b.rule_id) || cmp(a.dest, b.dest)
      || cmp(a.process_name, b.process_name) || cmp(a.registry_path, b.registry_path) || cmp(a.registry_key_name, b.registry_key_name)
      || cmp(a.registry_value_name, b.registry_value_name) || cmp(a.user, b.user));
    const perRule = new Map<string, number>();
    for (const f of findings) {
      const n = (perRule.get(f.rule_id) ?? 0) + 1;
      perRule.set(f.rule_id, n);
      f.id = `${f.rule_id}#${n}`;
    }
    const byRule: RuleStats[] = this.ruleset.rules.map((r) => ({
      rule_id: r.id, rule_name: r.name,
      findings: findings.filter((f) => f.rule_id === r.id).length,
      suppressed: findings.filter((f) => f.rule_id === r.id && f.suppressed).length,
      events: this.matchedByRule.get(r.id) ?? 0,
    }));
    let starts = 0;
    for (const r of this.index.byKey.values()) if (r.start_in_evidence) starts++;
    const stats: DetectionStats = {
      events: this.events, registryEvents: this.registryEvents, matchedEvents: this.matchedEvents, duplicateMatches: this.duplicates,
      findings: findings.length, suppressed: findings.filter((f) => f.suppressed).length,
      processes: this.index.size, processStarts: starts, byRule,
      dropped: {
        processes: this.index.dropped,
        timelineEntries: [...this.store.timelineDropped.values()].reduce((a, b) => a + b, 0),
        fileRefs: this.store.files.dropped, imageLoads: this.store.loads.dropped, registryRefs: this.store.registryRefs.dropped,
        writers: this.writersDropped,
      },
    };
    const byId = new Map(findings.map((f) => [f.id, f]));
    const index = this.index;
    const store = this.store;
    return {
      findings, stats,
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

  /**
   * Splunk's join keeps the process start's user when the registry event has none (join
   * overwrites only the fields the subsearch row has). Rows grouped with a null registry user are
   * therefore regrouped under their writer's start user (CIM form), merging with rows that named
   * that user themselves, so the table has one row per displayed combination.
   */
  private resolveUsers(): Group[] {
    const out = new Map<string, Group>();
    const keyOf = (g: Group) => `${g.rule.id}\u0000${g.rule.group_by.map((f) => str(g.keyValues[f])).join('\u0000')}`;
    const put = (g: Group) => {
      const k = keyOf(g);
      const cur = out.get(k);
      if (!cur) { out.set(k, g); return; }
      cur.count += g.count;
      if (g.first_ms !== null && (cur.first_ms === null || g.first_ms < cur.first_ms)) { cur.first_ms = g.first_ms; cur.first_time = g.first_time; }
      if (g.last_ms !== null && (cur.last_ms === null || g.last_ms > cur.last_ms)) { cur.last_ms = g.last_ms; cur.last_time = g.last_time; }
      for (const e of g.events) if (cur.events.length < MAX_EVENTS_PER_FINDING) cur.events.push(e);
      for (const v of g.values) if (cur.values.length < MAX_VALUES_PER_FINDING && !cur.values.includes(v)) cur.values.push(v);
      for (const wk of g.writerOrder) {
        const w = g.writers.get(wk)!;
        const cw = cur.writers.get(wk);
        if (!cw) { cur.writers.set(wk, w); cur.writerOrder.push(wk); continue; }
        cw.count += w.count;
        if (w.first_ms !== null && (cw.first_ms === null || w.first_ms < cw.first_ms)) { cw.first_ms = w.first_ms; cw.first_time = w.first_time; cw.bag = w.bag; }
        if (w.last_ms !== null && (cw.last_ms === null || w.last_ms > cw.last_ms)) { cw.last_ms = w.last_ms; cw.last_time = w.last_time; }
      }
    };
    for (const g of this.groups.values()) {
      if (!g.rule.group_by.includes('user') || g.keyValues['user'] !== null) { put(g); continue; }
      const byUser = new Map<string, string[]>();
      for (const wk of g.writerOrder) {
        const b = g.writers.get(wk)!.bag;
        const rec = this.writerStart(b, g.writers.get(wk)!.first_ms);
        const u = cimUser(rec?.user ?? null) ?? '';
        const l = byUser.get(u);
        if (l) l.push(wk); else byUser.set(u, [wk]);
      }
      if (byUser.size <= 1) {
        const u = [...byUser.keys()][0] ?? '';
        put({ ...g, keyValues: { ...g.keyValues, user: u === '' ? null : u } });
        continue;
      }
      for (const [u, wks] of byUser) {
        const ws = wks.map((k) => g.writers.get(k)!);
        const guids = new Set(ws.map((w) => str(w.bag.process_guid)));
        const firstW = ws.reduce((a, b) => ((b.first_ms ?? Infinity) < (a.first_ms ?? Infinity) ? b : a));
        const lastW = ws.reduce((a, b) => ((b.last_ms ?? -Infinity) > (a.last_ms ?? -Infinity) ? b : a));
        put({
          ...g, keyValues: { ...g.keyValues, user: u === '' ? null : u },
          count: ws.reduce((a, w) => a + w.count, 0),
          first_ms: firstW.first_ms, first_time: firstW.first_time, last_ms: lastW.last_ms, last_time: lastW.last_time,
          events: g.events.filter((e) => guids.has(e.process_guid ?? '')),
          values: [...new Set(ws.map((w) => w.bag.registry_value_data).filter((v): v is string => typeof v === 'string'))].slice(0, MAX_VALUES_PER_FINDING),
          writers: new Map(wks.map((k) => [k, g.writers.get(k)!])), writerOrder: [...wks],
        });
      }
    }
    return [...out.values()];
  }

  /** The writer's process: by (dest, process_guid); for GUID-less writers (Security 4657) by (dest, pid) at the write. */
  private writerStart(b: Record<string, Scalar>, atMs: number | null): ProcessRecord | undefined {
    const guid = str(b.process_guid);
    if (guid !== '') return this.index.get(str(b.dest) || null, guid);
    return this.index.getByPid(str(b.dest) || null, typeof b.process_id === 'number' ? b.process_id : null, atMs);
  }

  private findingBag(g: Group, w: Writer, rec: ProcessRecord | undefined): Record<string, Scalar> {
    const b = w.bag;
    const path = (b.process_path as string | null) ?? rec?.process_path ?? null;
    const clsid = b.clsid as string | null;
    const dest = str(b.dest);
    const machine = this.machineClsids.get(dest.trim().toLowerCase());
    return {
      ...b,
      user: (b.user as string | null) ?? rec?.user ?? null,
      process_name: (b.process_name as string | null) ?? rec?.process_name ?? null,
      process_path: path,
      process: rec?.process ?? null,
      parent_process_guid: rec?.parent_process_guid ?? null,
      parent_process_name: rec?.parent_process_name ?? null,
      parent_process_path: rec?.parent_process_path ?? null,
      parent_process: rec?.parent_process ?? null,
      process_start_in_evidence: rec?.start_in_evidence ?? false,
      process_start_time: rec?.start_time ?? null,
      writer_start_age_s: rec?.start_ms != null && w.first_ms !== null ? Math.round((w.first_ms - rec.start_ms) / 1000) : null,
      writer_in_user_writable_folder: inUserWritableFolder(normaliseFilePath(path)),
      shadows_machine_clsid: clsid !== null && b.registry_scope === 'user' && (machine?.has(clsid.toUpperCase()) ?? false),
      rule_id: g.rule.id, rule_name: g.rule.name,
    };
  }

  private score(rule: Rule, bag: FieldBag): { score: number; reasons: RiskReason[] } {
    let score = rule.risk.score;
    const reasons: RiskReason[] = [];
    for (const m of rule.risk_modifiers) {
      if (!evaluate(m.when, bag, this.lookup)) continue;
      score += m.delta;
      reasons.push({ id: m.id, delta: m.delta, reason: fillTemplate(m.reason, bag) });
    }
    return { score: Math.max(rule.risk_floor, Math.min(100, score)), reasons };
  }

  private buildFinding(g: Group, id: string, today: string, windowMs: number): Finding {
    const rule = g.rule;
    // The row's writers in time order; the earliest is the finding's process.
    const writers = g.writerOrder.map((k) => g.writers.get(k)!).sort((a, b) => (a.first_ms ?? Infinity) - (b.first_ms ?? Infinity)
      || str(a.first_time).localeCompare(str(b.first_time)) || str(a.bag.process_guid).localeCompare(str(b.bag.process_guid)) || str(a.bag.process_path).localeCompare(str(b.bag.process_path)));
    let best: { score: number; reasons: RiskReason[] } | null = null;
    const bags = writers.map((w) => {
      const b = w.bag;
      const rec = this.writerStart(b, w.first_ms);
      const bag = this.findingBag(g, w, rec);
      const s = this.score(rule, bag);
      if (best === null || s.score > best.score) best = s;
      return { bag, rec };
    });
    const first = bags[0]!;
    const fb = first.bag;
    const risk = best ?? { score: rule.risk.score, reasons: [] };
    const grouped = (f: string, fallback: Scalar = null) => (f in g.keyValues ? g.keyValues[f] ?? fallback : fb[f] ?? fallback);
    const dest = str(grouped('dest'));
    const processGuid = str(fb.process_guid);
    const firstTime = g.first_time ?? EPOCH;
    const finding: Finding = {
      id, rule_id: rule.id, rule_name: rule.name, mitre: [...rule.mitre],
      risk_score: risk.score, risk_base: rule.risk.score, risk_reasons: risk.reasons, message: '',
      dest,
      process_name: str(grouped('process_name')) || str(fb.process_name) || str(first.rec?.process_name ?? null),
      registry_path: str(grouped('registry_path')),
      registry_key_name: str(grouped('registry_key_name')),
      registry_key_path: str(fb.registry_key_name),
      registry_value_name: str(grouped('registry_value_name')),
      user: (grouped('user') as string | null) ?? cimUser(fb.user as string | null),
      user_qualified: (fb.user as string | null),
      count: g.count, firstTime, lastTime: g.last_time ?? firstTime,
      process_guid: processGuid,
      process_guids: [...new Set(bags.map((b) => str(b.bag.process_guid)).filter((x) => x !== ''))],
      process_id: (fb.process_id as number | null) ?? first.rec?.process_id ?? null,
      process_path: fb.process_path as string | null,
      process: fb.process as string | null,
      parent_process_guid: fb.parent_process_guid as string | null,
      parent_process_name: fb.parent_process_name as string | null,
      parent_process_path: fb.parent_process_path as string | null,
      parent_process: fb.parent_process as string | null,
      process_start_in_evidence: fb.process_start_in_evidence === true,
      process_join: fb.process_start_in_evidence !== true ? 'none' : processGuid !== '' ? 'process_guid' : 'process_id',
      process_start_time: fb.process_start_time as string | null,
      registry_value_data: str(fb.registry_value_data),
      registry_values_data: [...g.values].sort(),
      registry_path_canonical: str(fb.registry_path_canonical),
      registry_action: fb.registry_action as string | null,
      registry_scope: fb.registry_scope as string | null,
      default_spelling: fb.default_spelling as string | null,
      clsid: fb.clsid as string | null,
      com_subkey: fb.com_subkey as string | null,
      server_path: fb.server_path as string | null,
      known_bad_family: fb.known_bad_family as string | null,
      builtin_clsid_name: fb.builtin_clsid_name as string | null,
      benign_writer: fb.benign_writer as string | null,
      benign_writer_reason: fb.benign_writer_reason as string | null,
      suppressed: false, suppressed_by: null,
      events: [...g.events].sort((a, b) => str(a.time).localeCompare(str(b.time)) || a.evidence.localeCompare(b.evidence) || (a.record_id ?? 0) - (b.record_id ?? 0)),
      pivots: null as unknown as Pivots,
    };
    const messageBag: Record<string, Scalar> = { ...fb, dest: finding.dest, process_name: finding.process_name, user: finding.user, risk_score: finding.risk_score };
    finding.message = fillTemplate(rule.message, messageBag);
    const sup = matchSuppression(this.suppressions, rule.id, findingFields(finding), today);
    if (sup) { finding.suppressed = true; finding.suppressed_by = sup; }
    const atMs = g.first_ms ?? 0;
    finding.pivots = {
      ...dllPivot(this.store, dest, finding.server_path, finding.registry_path),
      timeline: processGuid ? processTimeline(this.store, dest, processGuid) : { entries: [], total: 0, truncated: false },
      tree: processGuid ? processTree(this.index, dest, processGuid) : { ancestors: [], process: null, descendants: [], truncated: false },
      parallel: processGuid ? parallelProcesses(this.index, dest, processGuid, atMs, firstTime, windowMs) : { window_ms: windowMs, at: firstTime, processes: [], total: 0, truncated: false },
    };
    return finding;
  }
}
