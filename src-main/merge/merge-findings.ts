/**
 * Findings of several triage documents folded into one list, deduplicated by `finding_id` (the
 * triage's stable id: rule + Splunk grouping key, or Sigma rule file + host, case/case-findings.ts),
 * so the same finding seen by two documents of a split collection becomes one. The rule:
 *
 * - events: the union of the records (record_id, event id and time: a record held by two files,
 *   an .evtx and its export, is one, as in the triage, cited by the copy that sorts first by
 *   evidence path, whichever document came first), in time order, at most MAX_MERGED_EVENTS
 *   listed (then `events_truncated`); past MAX_UNION_EVENTS distinct events the union stops and the
 *   count rule below falls back to the largest copy's count;
 * - firstTime the earliest, lastTime the latest of the copies;
 * - count: when every copy listed all its events (no `events_truncated`, as many events as its
 *   count), the number of distinct events of the union (`count_basis: distinct_events`);
 *   otherwise the largest of the copies' counts and the union's size (`max_of_documents`: a
 *   lower bound, since two truncated copies may hold different events);
 * - everything else (rule, process, registry write, message, risk and its reasons, pivots) from
 *   the copy with the highest risk score (the first in document order on a tie): a risk modifier
 *   may have seen more of the host in one document;
 * - suppressed when any copy was, with that copy's `suppressed_by`;
 * - the analyst's state (`triage`, as the app exports it): every distinct annotation is kept with
 *   the document it came from; `triage` is the latest by its time (`at`; the first document on a
 *   tie); when the copies disagree (status or note), all of them are in `triage_conflicts` (at
 *   most MAX_ANNOTATIONS per finding).
 *
 * `source_documents` names the documents holding the finding. Memory holds the distinct findings'
 * keys, times, events and annotations; their descriptive part (most of the bytes) waits in a
 * SpillStore on disk, and documents are folded one at a time. `findings()` reads them back one
 * by one, in order, for the writers.
 */
import type { InputEvent, InputFinding, SourcedAnnotation } from './read-triage-document';
import { SpillStore, type Spilled } from './spill-store';

export const MAX_MERGED_EVENTS = 1000;
/** Distinct events held per finding while merging: past it the count falls back to the largest copy's (a lower bound). */
export const MAX_UNION_EVENTS = 10_000;
/** Distinct analyst annotations kept per finding. */
const MAX_ANNOTATIONS = 1000;

interface Slot {
  id: string;
  /** The riskiest copy without its events and annotations, on disk. */
  base: Spilled;
  risk: number;
  events: Map<string, InputEvent>;
  complete: boolean;
  maxCount: number;
  truncated: boolean;
  firstTime: string;
  lastTime: string;
  suppressedBy: unknown;
  suppressed: boolean;
  documents: string[];
  annotations: SourcedAnnotation[];
}

export type MergedFinding = Record<string, unknown> & { finding_id: string; risk_score: number; firstTime: string; count: number };

const ms = (t: string) => Date.parse(t);

/**
 * One record however many files hold it, as the triage counts it (detect's eventIdentity: host,
 * channel, record id): a finding is one host's, and a matched event names no channel, so its
 * event id and time stand in for it. Without a time, the file and record id decide.
 */
function eventKey(e: InputEvent): string {
  return e.time ? `${String(e.record_id)}\u0000${e.event_id ?? ''}\u0000${e.time}` : `${e.evidence}\u0000${String(e.record_id)}`;
}

function annotationKey(a: SourcedAnnotation): string {
  return JSON.stringify([a.status, a.note, a.by, a.at]);
}

function compareEvents(a: InputEvent, b: InputEvent): number {
  const ta = a.time ? ms(a.time) : Number.POSITIVE_INFINITY;
  const tb = b.time ? ms(b.time) : Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.evidence !== b.evidence) return a.evidence < b.evidence ? -1 : 1;
  return String(a.record_id) < String(b.record_id) ? -1 : String(a.record_id) > String(b.record_id) ? 1 : 0;
}

/** What the merge recomputes; the rest of a finding is its descriptive part. */
const MERGED_KEYS = new Set(['finding_id', 'risk_score', 'count', 'firstTime', 'lastTime', 'suppressed', 'suppressed_by', 'events', 'events_truncated',
  'source_documents', 'count_basis', 'triage', 'triage_conflicts']);

/** The copy's descriptive part as stored (JSON text of an object). */
function baseText(f: InputFinding): string {
  const base: Record<string, unknown> = {};
  for (const k of Object.keys(f)) if (!MERGED_KEYS.has(k)) base[k] = f[k];
  return JSON.stringify(base);
}

export class FindingMerger {
  private readonly slots = new Map<string, Slot>();
  private readonly store = new SpillStore();
  /** Findings seen in more than one document. */
  duplicates = 0;

  get size(): number {
    return this.slots.size;
  }

  add(f: InputFinding, document: string): void {
    const events = f.events ?? [];
    const complete = f.events !== undefined && f.events_truncated !== true && events.length === f.count;
    const annotations = [...(f.triage_conflicts ?? []), ...(f.triage ? [f.triage] : [])].map((a) => ({ ...a, source_document: a.source_document ?? document }));
    let s = this.slots.get(f.finding_id);
    if (!s) {
      s = {
        id: f.finding_id, base: this.store.append(baseText(f)), risk: f.risk_score, events: new Map(), complete, maxCount: f.count, truncated: f.events_truncated === true, firstTime: f.firstTime, lastTime: f.lastTime,
        suppressed: f.suppressed, suppressedBy: f.suppressed_by ?? null, documents: [document], annotations: [],
      };
      this.slots.set(f.finding_id, s);
    } else {
      this.duplicates++;
      if (f.risk_score > s.risk) { s.base = this.store.append(baseText(f)); s.risk = f.risk_score; }
      s.complete &&= complete;
      s.truncated ||= f.events_truncated === true;
      s.maxCount = Math.max(s.maxCount, f.count);
      if (ms(f.firstTime) < ms(s.firstTime)) s.firstTime = f.firstTime;
      if (ms(f.lastTime) > ms(s.lastTime)) s.lastTime = f.lastTime;
      if (f.suppressed && !s.suppressed) { s.suppressed = true; s.suppressedBy = f.suppressed_by ?? null; }
      if (!s.documents.includes(document)) s.documents.push(document);
    }
    for (const e of events) {
      const k = eventKey(e);
      const copy: InputEvent = { evidence: e.evidence, record_id: e.record_id, event_id: e.event_id ?? null, time: e.time ?? null, process_guid: e.process_guid ?? null };
      const had = s.events.get(k);
      if (had !== undefined) {
        if (compareEvents(copy, had) < 0) s.events.set(k, copy);
        continue;
      }
      if (s.events.size >= MAX_UNION_EVENTS) { s.complete = false; s.truncated = true; break; }
      s.events.set(k, copy);
    }
    for (const a of annotations) {
      if (s.annotations.length >= MAX_ANNOTATIONS) break;
      if (!s.annotations.some((x) => annotationKey(x) === annotationKey(a))) s.annotations.push(a);
    }
  }

  /**
   * One merged finding as JSON text: the merged keys first, then the stored descriptive part
   * spliced in as text (no parse: the two never share a key).
   */
  private line(s: Slot): string {
    const events = [...s.events.values()].sort(compareEvents);
    const count = s.complete ? Math.max(1, events.length) : Math.max(s.maxCount, events.length);
    const head: Record<string, unknown> = {
      finding_id: s.id,
      risk_score: s.risk,
      count,
      firstTime: s.firstTime,
      lastTime: s.lastTime,
      suppressed: s.suppressed,
      ...(s.suppressed ? { suppressed_by: s.suppressedBy } : {}),
      events: events.slice(0, MAX_MERGED_EVENTS),
      events_truncated: s.truncated || events.length > MAX_MERGED_EVENTS || (!s.complete && count > events.length),
      source_documents: s.documents,
      ...(s.documents.length > 1 ? { count_basis: s.complete ? 'distinct_events' : 'max_of_documents' } : {}),
    };
    if (s.annotations.length > 0) {
      let kept = s.annotations[0]!;
      for (const a of s.annotations) if ((ms(a.at) || 0) > (ms(kept.at) || 0)) kept = a;
      head.triage = kept;
      const differ = s.annotations.some((a) => a.status !== kept.status || a.note !== kept.note);
      if (differ) head.triage_conflicts = s.annotations;
    }
    const h = JSON.stringify(head);
    const base = this.store.read(s.base);
    return base === '{}' ? h : `${h.slice(0, -1)},${base.slice(1)}`;
  }

  private order(): Slot[] {
    return [...this.slots.values()].sort((a, b) => b.risk - a.risk || ms(a.firstTime) - ms(b.firstTime) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The merged findings one at a time as JSON text, sorted as the triage sorts them: risk (highest first), then first seen. */
  *lines(): Generator<string> {
    for (const s of this.order()) yield this.line(s);
  }

  /** The same, parsed. */
  *findings(): Generator<MergedFinding> {
    for (const l of this.lines()) yield JSON.parse(l) as MergedFinding;
  }

  /** Removes the spill file (the merger cannot be read after). */
  close(): void {
    this.store.close();
  }
}
