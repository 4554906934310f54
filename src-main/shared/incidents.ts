/**
 * Findings grouped into incidents (issue #19): findings that describe the same activity are one
 * incident, shown once (one timeline, one process tree, one DLL pivot) with a row per rule.
 *
 * Two findings are in the same incident when either
 *  - they name the same process: the same host (`dest`) and the same `process_guid` (Sysmon's
 *    ProcessGuid is unique per process start on a host), or
 *  - their matched events overlap: one event record (host, record id, event id, time) matched by
 *    both, whichever evidence file each read it from (the same record in a Sysmon .evtx and in an
 *    XML export of it is one event).
 * The relation is closed transitively (union-find), so an incident is a connected group.
 *
 * Pure and bounded: no I/O and no imports, so the report, the CLI and the renderer (the desk)
 * share it. Evidence is attacker-controlled: at most MAX_EVENT_KEYS event identities are indexed
 * over the whole case (beyond that, events are not compared and `eventsCompared` says so), and a
 * GUID that names no process (empty, all zeros) never joins anything.
 */

/** What grouping reads from a finding (CaseFinding and the JSON document's findings both fit). */
export interface IncidentInput {
  id: string;
  rule_id: string;
  rule_name: string;
  dest: string;
  user: string | null;
  process_guid: string | null;
  process_name: string | null;
  risk_score: number;
  level?: string | null;
  firstTime: string;
  lastTime: string;
  events?: readonly { evidence: string; record_id: number | null; event_id: number | null; time: string | null }[] | null;
}

/** Why the members of an incident are together. */
type IncidentLink = 'process' | 'events';

export interface Incident<F extends IncidentInput = IncidentInput> {
  /** Stable across runs on the same findings: `I-` and the first member's id. */
  id: string;
  /** Members, highest risk first, then earliest, then by id (the first is the lead). */
  members: F[];
  /** Distinct rules among the members. */
  rules: number;
  /** What joined the members (empty for an incident of one finding). */
  links: IncidentLink[];
  hosts: string[];
  accounts: string[];
  /** Distinct processes (host and GUID) the members name, in member order. */
  processes: { dest: string; process_guid: string; process_name: string }[];
  /** Distinct matched events over the members (as listed: each finding lists its first events only). */
  events: number;
  /** Of them, matched by two findings or more. */
  sharedEvents: number;
  firstTime: string | null;
  lastTime: string | null;
  maxRisk: number;
  /** The highest level among the members ('critical' … 'informational'), or null when none has one. */
  topLevel: string | null;
}

export interface IncidentGrouping<F extends IncidentInput = IncidentInput> {
  /** Highest risk first, then the larger incident, then the earliest. */
  incidents: Incident<F>[];
  /** False when the case had more matched events than MAX_EVENT_KEYS: the rest were not compared. */
  eventsCompared: boolean;
}

/** Event identities indexed at most over a case (memory bound: about 100 bytes each). */
const MAX_EVENT_KEYS = 500_000;

const LEVEL_RANK: Record<string, number> = { informational: 1, low: 2, medium: 3, high: 4, critical: 5 };

/** The rank of a Sigma level (0 for none or an unknown word). */
export function levelRank(level: string | null | undefined): number {
  return level ? LEVEL_RANK[level.toLowerCase()] ?? 0 : 0;
}

/** A GUID that names a process: not empty and not all zeros. */
function isProcessGuid(g: string | null): g is string {
  return g !== null && /[1-9a-f]/i.test(g.replace(/[{}-]/g, ''));
}

/** The identity of a matched event across evidence files, or null when it has too little to compare. */
function eventKey(dest: string, e: NonNullable<IncidentInput['events']>[number]): string | null {
  if (e.record_id === null || e.time === null) return null;
  return `${dest.toLowerCase()}\u0000${e.record_id}\u0000${e.event_id ?? ''}\u0000${e.time}`;
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) { this.parent = Array.from({ length: n }, (_, i) => i); }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) { const next = this.parent[i]!; this.parent[i] = r; i = next; }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byMember = (a: IncidentInput, b: IncidentInput): number =>
  b.risk_score - a.risk_score || cmp(a.firstTime, b.firstTime) || cmp(a.id, b.id);

function distinct(values: Iterable<string | null>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const v of values) if (v !== null && v !== '' && !seen.has(v)) { seen.add(v); out.push(v); }
  return out;
}

/** Groups findings into incidents. Every finding is in exactly one incident (alone when nothing joins it). */
export function groupIncidents<F extends IncidentInput>(findings: readonly F[], maxEventKeys = MAX_EVENT_KEYS): IncidentGrouping<F> {
  const uf = new UnionFind(findings.length);
  const byProcess = new Map<string, number>();
  const byEvent = new Map<string, number>();
  /** Per event key, how many findings matched it (to count shared events). */
  const matchedBy = new Map<string, number>();
  const linkOf = new Map<number, Set<IncidentLink>>();
  const link = (a: number, b: number, why: IncidentLink): void => {
    uf.union(a, b);
    for (const i of [a, b]) {
      let s = linkOf.get(i);
      if (!s) linkOf.set(i, (s = new Set()));
      s.add(why);
    }
  };
  let eventsCompared = true;
  findings.forEach((f, i) => {
    if (isProcessGuid(f.process_guid)) {
      const pk = `${f.dest.toLowerCase()}\u0000${f.process_guid.toLowerCase()}`;
      const j = byProcess.get(pk);
      if (j === undefined) byProcess.set(pk, i);
      else link(j, i, 'process');
    }
    const seenHere = new Set<string>();
    for (const e of f.events ?? []) {
      const ek = eventKey(f.dest, e);
      if (ek === null || seenHere.has(ek)) continue;
      const j = byEvent.get(ek);
      if (j === undefined) {
        if (byEvent.size >= maxEventKeys) { eventsCompared = false; continue; }
        byEvent.set(ek, i);
      } else link(j, i, 'events');
      seenHere.add(ek);
      matchedBy.set(ek, (matchedBy.get(ek) ?? 0) + 1);
    }
  });

  const groups = new Map<number, number[]>();
  findings.forEach((_, i) => {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });

  const incidents: Incident<F>[] = [];
  for (const idx of groups.values()) {
    const members = idx.map((i) => findings[i]!).sort(byMember);
    const links = new Set<IncidentLink>();
    if (idx.length > 1) for (const i of idx) for (const l of linkOf.get(i) ?? []) links.add(l);
    const eventKeys = new Set<string>();
    let shared = 0;
    for (const f of members) {
      for (const e of f.events ?? []) {
        const ek = eventKey(f.dest, e);
        if (ek === null || eventKeys.has(ek)) continue;
        eventKeys.add(ek);
        if ((matchedBy.get(ek) ?? 0) > 1) shared++;
      }
    }
    const procSeen = new Set<string>();
    const processes: Incident['processes'] = [];
    for (const f of members) {
      if (!isProcessGuid(f.process_guid)) continue;
      const pk = `${f.dest.toLowerCase()}\u0000${f.process_guid.toLowerCase()}`;
      if (procSeen.has(pk)) continue;
      procSeen.add(pk);
      processes.push({ dest: f.dest, process_guid: f.process_guid, process_name: f.process_name ?? '' });
    }
    const firsts = members.map((f) => f.firstTime).filter((t) => t !== '').sort(cmp);
    const lasts = members.map((f) => f.lastTime).filter((t) => t !== '').sort(cmp);
    const top = members.reduce<string | null>((best, f) => (levelRank(f.level) > levelRank(best) ? f.level!.toLowerCase() : best), null);
    incidents.push({
      id: `I-${[...members].sort((a, b) => cmp(a.id, b.id))[0]!.id}`,
      members,
      rules: new Set(members.map((f) => f.rule_id)).size,
      links: (['process', 'events'] as const).filter((l) => links.has(l)),
      hosts: distinct(members.map((f) => f.dest)),
      accounts: distinct(members.map((f) => f.user)),
      processes,
      events: eventKeys.size,
      sharedEvents: shared,
      firstTime: firsts[0] ?? null,
      lastTime: lasts.at(-1) ?? null,
      maxRisk: members[0]!.risk_score,
      topLevel: top,
    });
  }
  incidents.sort((a, b) => b.maxRisk - a.maxRisk || b.members.length - a.members.length || cmp(a.firstTime ?? '', b.firstTime ?? '') || cmp(a.id, b.id));
  return { incidents, eventsCompared };
}
