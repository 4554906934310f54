/**
 * From the detection engine's findings to the case's findings (contract.ts `CaseFinding`), the one
 * mapping: every field of the finding as built, pivots shaped for the views and the report, and
 * every pivot event with all its fields (from the detail pass). The JSON document, the CSV and the
 * report are projections of the result.
 */
import type { Finding } from '../detect/findings';
import type { Rule } from '../detect/rules/types';
import type { NormalisedEvent } from '../model/event';
import { setOwn } from '../model/fields';
import { levelOfRisk, riskOfLevel } from '../detect/risk-levels';
import type { SigmaRuleMeta } from '../detect/sigma/types';
import type {
  CaseFinding, FileActionRef, LoadedImage, PivotEvent, PivotEventKind, ProcessNode, ProcessRef, RuleDoc, SigmaRuleInfo, TimelineEntry, TreeNode, TriageFinding,
} from '../shared/contract';
import { evidenceFilesOf } from '../shared/finding-evidence';
import { eventIdentity } from '../model/event-identity';
import { detailEventOf } from './detail-events';

function kindOf(kind: string, action: string | null): PivotEventKind {
  switch (kind) {
    case 'process': return action === 'stop' ? 'process_stop' : 'process_start';
    case 'registry': return 'registry';
    case 'filesystem': return 'file';
    case 'image_load': return 'image_load';
    case 'network': return 'network';
    case 'dns': return 'dns';
    default: return 'other';
  }
}

/** Every field of an event as text: the System header first, then the event's own data. */
export function eventFields(e: NormalisedEvent): Record<string, string> {
  const out: Record<string, string> = {
    EventID: e.event_id === null ? '' : String(e.event_id),
    EventRecordID: e.record_id === null ? '' : String(e.record_id),
    TimeCreated: e.time_created ?? '',
    Computer: e.dest ?? '',
    Channel: e.channel ?? '',
    Provider: e.system.provider_name ?? '',
  };
  if (e.utc_time) out.UtcTime = e.utc_time;
  for (const [k, v] of Object.entries(e.data)) setOwn(out, k, Array.isArray(v) ? v.join('\n') : v === null ? '' : String(v));
  out['(evidence file)'] = e.evidence;
  return out;
}

class PivotEventBuilder {
  constructor(private readonly details: ReadonlyMap<string, NormalisedEvent>) {}

  fromEntry(t: TimelineEntry, dest: string, processGuid: string | null, processName: string | null, ownEvents: ReadonlySet<string>): PivotEvent {
    const id = eventIdentity(t.evidence, t.record_id, t.time, t.event_id);
    const full = detailEventOf(this.details, id, t.event_id, t.time);
    return {
      time: t.time ?? '', kind: kindOf(t.kind, t.action), event_id: t.event_id, channel: full?.channel ?? null, dest,
      process_guid: processGuid, process_name: processName,
      summary: t.action ? `${t.action}: ${t.summary}` : t.summary,
      is_finding_event: ownEvents.has(ownEventKey(t.evidence, t.record_id, t.time, t.event_id)), evidence: t.evidence, record_id: t.record_id,
      fields: full ? eventFields(full) : {},
    };
  }

  fromRef(r: FileActionRef, dest: string, kind: PivotEventKind): PivotEvent {
    const full = detailEventOf(this.details, eventIdentity(r.evidence, r.record_id, r.time, null), null, r.time);
    return {
      time: r.time, kind, event_id: full?.event_id ?? null, channel: full?.channel ?? null, dest,
      process_guid: r.process_guid, process_name: r.process_name, summary: `${r.action}: ${r.file_path}`,
      evidence: r.evidence, record_id: r.record_id, fields: full ? eventFields(full) : {},
    };
  }
}

/**
 * An event's identity and EventID: a file of several channels repeats record ids (one numbering
 * per channel), so the identity alone could mark another channel's event as the finding's own.
 */
function ownEventKey(evidence: string, recordId: number | null, time: string | null, eventId: number | null): string {
  return `${eventIdentity(evidence, recordId, time, eventId)}\u0000${eventId ?? ''}`;
}

/** The identities of every event a finding's pivots show, for the detail pass. */
export function pivotEventIdentities(f: Finding): string[] {
  const ids: string[] = [];
  for (const t of f.pivots.timeline.entries) ids.push(eventIdentity(t.evidence, t.record_id, t.time, t.event_id));
  for (const r of [...f.pivots.dll_created_by, ...f.pivots.dll_loaded_by]) if (r.record_id !== null) ids.push(eventIdentity(r.evidence, r.record_id, null, null));
  return ids;
}

function processRef(r: FileActionRef, dest: string): ProcessRef {
  return { process_name: r.process_name, process_guid: r.process_guid, time: r.time, process_path: r.process_path, process: r.process, process_id: r.process_id, user: r.user, dest };
}

/** Sysmon 7's image facts from a load event's fields; null when the event states none of them. */
export function loadedImage(fields: Readonly<Record<string, string>>): LoadedImage | null {
  const get = (k: string): string | null => (Object.hasOwn(fields, k) && fields[k] !== '' ? fields[k]! : null);
  const image: LoadedImage = {
    image_loaded: get('ImageLoaded'), hashes: get('Hashes'), signed: get('Signed'), signature: get('Signature'), signature_status: get('SignatureStatus'),
  };
  return Object.values(image).some((v) => v !== null) ? image : null;
}

function node(n: TreeNode, dest: string, relation: ProcessNode['relation'], parent: string | null): ProcessNode {
  return {
    process_name: n.process_name ?? '(unknown)', process_guid: n.process_guid, time: n.start_time ?? '', process_path: n.process_path,
    process: n.process, process_id: n.process_id, user: n.user, dest, parent_process_guid: parent, start_time: n.start_time, end_time: n.end_time, relation, depth: n.depth,
  };
}

/** Integrity level and hashes come from the writer's own process start, when the evidence holds it. */
function fromProcessStart(timeline: PivotEvent[]): { integrity_level: string | null; process_hashes: string | null } {
  const start = timeline.find((e) => e.kind === 'process_start' && Object.keys(e.fields).length > 0);
  return { integrity_level: start?.fields.IntegrityLevel || null, process_hashes: start?.fields.Hashes || null };
}

/** The pivots' views that need no detail events: the process's timeline, tree and parallel processes. */
type ProcessViews = Pick<TriageFinding['pivots'], 'timeline' | 'tree' | 'parallel'>;

function timelineOf(f: Finding, b: PivotEventBuilder): PivotEvent[] {
  const own = new Set(f.events.map((e) => ownEventKey(e.evidence, e.record_id, e.time, e.event_id)));
  return f.pivots.timeline.entries.map((t) => b.fromEntry(t, f.dest, f.process_guid, f.process_name, own));
}

function treeOf(f: Finding): ProcessNode[] {
  const p = f.pivots;
  const chain = [...p.tree.ancestors].sort((x, y) => x.depth - y.depth);
  const tree: ProcessNode[] = [];
  let parent: string | null = null;
  for (const a of chain) { tree.push(node(a, f.dest, 'ancestor', parent)); parent = a.process_guid; }
  if (p.tree.process) tree.push(node(p.tree.process, f.dest, 'self', parent));
  for (const d of p.tree.descendants) tree.push(node(d, f.dest, 'child', null));
  return tree;
}

function parallelOf(f: Finding): ProcessNode[] {
  return f.pivots.parallel.processes.map((q) => ({
    process_name: q.process_name ?? '(unknown)', process_guid: q.process_guid, time: q.start_time ?? '', process_path: q.process_path,
    process: q.process, process_id: q.process_id, user: q.user, dest: f.dest, parent_process_guid: null, start_time: q.start_time, end_time: q.end_time, relation: 'parallel' as const,
  }));
}

/**
 * `key` of `target` made by `make` when first read (then an ordinary data property, in its place
 * among the keys: Object.keys, spreads, JSON.stringify and structured clones read it as any other).
 */
function madeOnRead<T extends object, K extends keyof T & string>(target: T, key: K, make: () => T[K]): void {
  const settle = (value: T[K]): void => { Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true }); };
  Object.defineProperty(target, key, {
    enumerable: true, configurable: true,
    get(): T[K] { const value = make(); settle(value); return value; },
    set(value: T[K]): void { settle(value); },
  });
}

/**
 * The timeline, tree and parallel views, as `views` on `target` (in the caller's key order). With
 * the detail pass's events they are made at once (the events are not kept past the mapping).
 * Without them (a CLI triage writing the JSON document or the CSV, which hold none of these
 * views: 30,000 to 60,000 objects for a Sigma triage of the shared corpus, every one kept to the
 * end of the run) each is made when first read, from the finding alone, or never.
 */
function setProcessViews(target: ProcessViews, f: Finding, b: PivotEventBuilder, eager: boolean): void {
  if (eager) {
    target.timeline = timelineOf(f, b);
    target.tree = treeOf(f);
    target.parallel = parallelOf(f);
    return;
  }
  madeOnRead(target, 'timeline', () => timelineOf(f, b));
  madeOnRead(target, 'tree', () => treeOf(f));
  madeOnRead(target, 'parallel', () => parallelOf(f));
}

export function toCaseFinding(f: Finding, details: ReadonlyMap<string, NormalisedEvent>): TriageFinding {
  // Every field of the shape (shared/contract-finding.ts) as built; the rest is shaped below.
  const { sigma, risk_reasons: reasons, suppressed_by: suppression, events, pivots: p, ...fields } = f;
  const b = new PivotEventBuilder(details);
  const withDetails = details.size > 0;
  const loadEvents = p.dll_loaded_by.map((r) => b.fromRef(r, f.dest, 'image_load'));
  // Keys in the case finding's order: the three process views are set in their place below.
  const pivots = {
    dll_created_by: p.dll_created_by.map((r) => processRef(r, f.dest)),
    dll_loaded_by: p.dll_loaded_by.map((r, i) => ({ ...processRef(r, f.dest), image: loadedImage(loadEvents[i]!.fields) })),
    timeline: [] as PivotEvent[],
    tree: [] as ProcessNode[],
    parallel: [] as ProcessNode[],
    parallel_window_seconds: p.parallel.window_ms / 1000,
    other_registry_values: p.dll_registry_refs
      .filter((r) => !(r.process_guid === f.process_guid && r.registry_path === f.registry_path))
      .map((r) => ({ registry_path: r.registry_path, registry_value_data: r.registry_value_data, process_name: r.process_name, process_guid: r.process_guid, time: r.time, dest: f.dest })),
    dll_file_events: p.dll_created_by.map((r) => b.fromRef(r, f.dest, 'file')),
    dll_load_events: loadEvents,
    detected: p,
  };
  setProcessViews(pivots, f, b, withDetails);
  return {
    ...fields,
    suppression: suppression ? { ...suppression } : null,
    risk_reasons: reasons.map((r) => `${r.delta > 0 ? '+' : ''}${r.delta} ${r.reason}`),
    risk_factors: reasons.map((r) => ({ ...r })),
    // Without the detail pass no pivot event has fields: neither is known.
    ...(withDetails ? fromProcessStart(pivots.timeline) : { integrity_level: null, process_hashes: null }),
    sigma: sigma ? sigmaRuleInfo(sigma) : null,
    events: events.map((e) => ({ ...e })), evidence_files: evidenceFilesOf(events),
    pivots,
  };
}

/**
 * A finding as the app receives it: the pivots as detected stay in main (the JSON document is made
 * from them; the views read the shaped pivots, and the copy would add 40 to 75 % to what crosses
 * IPC and what the case cache stores, measured on the demo and the EVTX attack samples).
 */
export function withoutDetectedPivots(f: CaseFinding): CaseFinding {
  const { detected: _detected, ...pivots } = f.pivots;
  return { ...f, pivots };
}

/** The rule's info as the case keeps it: SigmaRuleMeta without what only the engine uses (its lists copied). */
export function sigmaRuleInfo(m: SigmaRuleMeta): SigmaRuleInfo {
  const { name: _name, mitre: _mitre, ...info } = m;
  return {
    ...info, references: [...m.references], falsepositives: [...m.falsepositives], tags: [...m.tags], logsource: { ...m.logsource },
    ...(m.correlation ? { correlation: { ...m.correlation, group_by: [...m.correlation.group_by], rules: [...m.correlation.rules] } } : {}),
  };
}

/** A Sigma rule's documentation, in the built-in rules' shape (plus its author, status, file). */
export function sigmaRuleDoc(m: SigmaRuleMeta): RuleDoc {
  return {
    id: m.id, name: m.title, description: m.description ?? '', mitre: [...m.mitre], risk_score: riskOfLevel(m.level),
    false_positives: m.falsepositives.filter((x): x is string => typeof x === 'string'), references: [...m.references],
    notes: [`Sigma rule ${m.path} (${m.origin}), status ${m.status}, level ${m.level}${m.author ? `, by ${m.author}` : ''}`],
    source: 'sigma', level: m.level, author: m.author, status: m.status, path: m.path, origin: m.origin,
  };
}

export function ruleDoc(r: Rule): RuleDoc {
  return {
    source: 'builtin', level: levelOfRisk(r.risk.score),
    id: r.id, name: r.name, description: r.description, mitre: r.mitre, risk_score: r.risk.score,
    false_positives: r.false_positives, references: r.references.map((x) => (x.title ? `${x.title}: ${x.url}` : x.url)),
    notes: [...r.notes, ...(r.default_value_spellings.length ? [`Default-value spellings read as (Default): ${r.default_value_spellings.map((s) => (s === '' ? '(empty)' : s)).join(', ')}`] : [])],
  };
}

/** Risk first, then first seen. */
export function compareCaseFindings(a: CaseFinding, b: CaseFinding): number {
  return b.risk_score - a.risk_score || (a.firstTime < b.firstTime ? -1 : a.firstTime > b.firstTime ? 1 : 0) || (a.id < b.id ? -1 : 1);
}
