/**
 * The case cache in IndexedDB (Dexie). Cases are keyed by the evidence fingerprint, so opening
 * the same folder in the same state shows the cached case without reading the evidence again.
 *
 * Schema history (never drop an analyst's work in an upgrade):
 * - v1: `cases` (fingerprint, root, openedAt) with the evidence list and stats.
 * - v2: cases gain hosts, finding counts, rules and ruleset; `findings` (the list rows, indexed by
 *   case), `details` (each finding's pivots, read when the finding is opened), `events` (the pivot
 *   events of every process, by case + host + ProcessGuid and case + time, for process timelines),
 *   `annotations` (status and note per case + finding id; they survive re-reading the case),
 *   `settings` (the analyst's name) and `suppressions` (made in the UI, applied to every case).
 * - v3: `caseEvents` (every normalised event of a case for the event explorer, by case + read
 *   order), `eventIndexPages` (the explorer's filter columns, a row per page of events, read
 *   when a case's explorer is reopened), `eventLoads` (whether a case's events were read to the end) and `bookmarks` (an event
 *   tagged by the analyst, with a note). Added tables only: v2 data is kept as is (lib/event-cache.ts).
 * - v4: the explorer's index in two tables, `eventColumns` (a page's filter columns as typed
 *   arrays) and `eventTexts` (a page's search texts and grid lines, each joined into one string),
 *   so reopening a case reads 1,000,000 events' columns in one go and the texts after the grid
 *   shows; `eventIndexPages` (v3: a string per event and column) is dropped. Nothing is lost: a
 *   case whose events were cached under v3 has its index rebuilt from `caseEvents` when its
 *   explorer is next opened (the evidence is not read again); bookmarks are untouched.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { ColumnPage, TextPage } from './event-index';
import type {
  CaseFinding, CaseRuleChoice, CaseScan, EvidenceEntry, ExplorerEvent, HostSummaries, FindingAnnotation, ImportedFrom, FindingLevel, FindingPivots, MatchedEvent, PivotEvent, RuleDoc,
} from '../../src-main/shared/contract';

/** A finding as the list needs it: everything but the pivots and the matched events (kept with the details). */
export type FindingRow = Omit<CaseFinding, 'pivots' | 'events'>;

export interface CachedCase {
  fingerprint: string;
  root: string;
  scannedAt: string;
  openedAt: string;
  evidence: EvidenceEntry[];
  stats: CaseScan['stats'];
  /** v2 from here on; cases upgraded from v1 get empty values and `findingsCached: false`. */
  hosts: string[];
  findingCount: number;
  /** Findings by rule risk band, suppressed ones not counted. */
  findingCounts: { high: number; medium: number; low: number; suppressed: number };
  /** Findings by level, the bands of the findings list (findingLevel), suppressed ones not counted; absent on cases cached before it existed. */
  findingLevels?: Record<FindingLevel, number>;
  rules: RuleDoc[];
  ruleset: CaseScan['ruleset'] | null;
  /** False for a case cached before findings existed (v1): the analyst can re-read it to get them. */
  findingsCached: boolean;
  /** The rules folders, level and statuses the case was read with (absent: the defaults); a re-read uses them again. */
  ruleChoice?: CaseRuleChoice;
  /** Every host of the evidence with its events (absent on cases read before the summary existed). */
  hostSummaries?: HostSummaries | null;
  /** Set for a case imported from a triage JSON document: its evidence is not on this laptop (never re-read). */
  importedFrom?: ImportedFrom;
}

export interface StoredFinding { fingerprint: string; id: string; order: number; row: FindingRow }
export interface StoredDetail { fingerprint: string; id: string; pivots: FindingPivots; events?: MatchedEvent[] }
export interface StoredEvent extends PivotEvent { fingerprint: string; key: string; process_guid_key: string }
export interface StoredAnnotation extends FindingAnnotation { fingerprint: string; findingId: string }
export interface Setting { key: string; value: string }
/** One event of the explorer's cache: `seq` is its place in the read order of the case. */
export interface StoredCaseEvent { fingerprint: string; seq: number; e: ExplorerEvent }
/** How far a case's events were read into the cache (`complete`: to the end of every file). */
export interface EventLoad {
  fingerprint: string; complete: boolean; events: number; errors: string[]; at: string;
  /** The index format the case's columns and texts are in (EVENT_INDEX_FORMAT); absent: cached before v4, rebuilt from caseEvents. */
  index?: number;
}
/** The current format of `eventColumns` / `eventTexts`. */
export const EVENT_INDEX_FORMAT = 2;
/** An event the analyst tagged, with a note. `key` is the event's evidence path and record (or seq). */
export interface EventBookmark { fingerprint: string; key: string; seq: number; note: string; by: string; at: string }

/** A suppression made in the UI: every condition (field → value) must match, exactly, case-insensitively. */
export interface UiSuppression {
  id: string;
  conditions: Record<string, string>;
  author: string;
  reason: string;
  date: string;
}

const CASE_DB_NAME = 'evtx-triage';
export const CASE_DB_VERSION = 4;

export function riskBand(score: number): 'high' | 'medium' | 'low' {
  return score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low';
}

/**
 * A finding's level: its own (Sigma's, or set by the triage for built-in rules); for findings
 * cached before levels existed, the band of its risk score (the bands of detect/risk-levels.ts).
 */
export function findingLevel(f: { level?: FindingLevel; risk_score: number }): FindingLevel {
  if (f.level) return f.level;
  const r = f.risk_score;
  return r >= 90 ? 'critical' : r >= 70 ? 'high' : r >= 40 ? 'medium' : r >= 20 ? 'low' : 'informational';
}

/** Risk first (highest first), then time (earliest first), then id: the list order everywhere. */
export function compareFindings(a: FindingRow, b: FindingRow): number {
  if (a.risk_score !== b.risk_score) return b.risk_score - a.risk_score;
  if (a.firstTime !== b.firstTime) return a.firstTime < b.firstTime ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function eventKey(e: PivotEvent): string {
  return `${e.evidence}|${e.record_id ?? ''}|${e.kind}|${e.time}|${e.summary}`;
}

export class CaseDb extends Dexie {
  cases!: EntityTable<CachedCase, 'fingerprint'>;
  findings!: Table<StoredFinding, [string, string]>;
  details!: Table<StoredDetail, [string, string]>;
  events!: Table<StoredEvent, [string, string]>;
  annotations!: Table<StoredAnnotation, [string, string]>;
  settings!: EntityTable<Setting, 'key'>;
  suppressions!: EntityTable<UiSuppression, 'id'>;
  caseEvents!: Table<StoredCaseEvent, [string, number]>;
  eventLoads!: EntityTable<EventLoad, 'fingerprint'>;
  bookmarks!: Table<EventBookmark, [string, string]>;
  eventColumns!: Table<ColumnPage, [string, number]>;
  eventTexts!: Table<TextPage, [string, number]>;

  constructor(name = CASE_DB_NAME) {
    super(name);
    this.version(1).stores({ cases: '&fingerprint, root, openedAt' });
    this.version(2)
      .stores({
        cases: '&fingerprint, root, openedAt',
        findings: '[fingerprint+id], fingerprint, [fingerprint+order]',
        details: '[fingerprint+id], fingerprint',
        events: '[fingerprint+key], fingerprint, [fingerprint+dest+process_guid_key], [fingerprint+time]',
        annotations: '[fingerprint+findingId], fingerprint',
        settings: '&key',
        suppressions: '&id, date',
      })
      .upgrade(async (tx) => {
        // v1 → v2: the v1 cases stay; they get empty v2 fields and are marked "findings not read yet".
        await tx.table('cases').toCollection().modify((c: Partial<CachedCase>) => {
          c.hosts ??= [];
          c.findingCount ??= 0;
          c.findingCounts ??= { high: 0, medium: 0, low: 0, suppressed: 0 };
          c.rules ??= [];
          c.ruleset ??= null;
          c.findingsCached ??= false;
        });
      });
    this.version(3).stores({
      caseEvents: '[fingerprint+seq], fingerprint',
      eventLoads: '&fingerprint',
      bookmarks: '[fingerprint+key], fingerprint',
      eventIndexPages: '[fingerprint+page], fingerprint',
    });
    this.version(4).stores({
      eventIndexPages: null,
      eventColumns: '[fingerprint+page], fingerprint',
      eventTexts: '[fingerprint+page], fingerprint',
    }).upgrade(async (tx) => {
      // The v3 index pages are gone: each complete load is marked for a rebuild from its cached events.
      await tx.table('eventLoads').toCollection().modify((l: EventLoad) => { delete l.index; });
    });
  }

  private compat: Promise<void> | null = null;

  /**
   * Refuses a cache a newer app wrote (a higher schema version). Dexie 4 would open it at its own
   * version and add missing tables; this looks first, without changing anything, and throws an
   * error named VersionError. Every entry point of the session calls it before touching the cache.
   */
  ensureCompatible(): Promise<void> {
    this.compat ??= (async () => {
      if (this.isOpen()) return;
      const probe = new Dexie(this.name);
      try {
        await probe.open();
        if (probe.verno > CASE_DB_VERSION) {
          const err = new Error(`the case cache is at schema version ${probe.verno}; this app knows version ${CASE_DB_VERSION}`);
          err.name = 'VersionError';
          throw err;
        }
      } catch (err) {
        if ((err as Error).name === 'NoSuchDatabaseError') return;
        throw err;
      } finally {
        probe.close();
      }
    })();
    return this.compat;
  }

  /** Stores a fresh read of the evidence: the case, its findings, their pivots and pivot events. Notes are kept. */
  async saveScan(scan: CaseScan & { importedFrom?: ImportedFrom }): Promise<CachedCase> {
    await this.ensureCompatible();
    const findings = [...scan.findings].sort(compareFindings);
    const hosts = [...new Set(scan.findings.map((f) => f.dest).filter((h) => h))].sort();
    const counts = { high: 0, medium: 0, low: 0, suppressed: 0 };
    const levels: Record<FindingLevel, number> = { informational: 0, low: 0, medium: 0, high: 0, critical: 0 };
    for (const f of findings) {
      if (f.suppressed) counts.suppressed++;
      else { counts[riskBand(f.risk_score)]++; levels[findingLevel(f)]++; }
    }
    const c: CachedCase = {
      fingerprint: scan.fingerprint, root: scan.root, scannedAt: scan.scannedAt,
      openedAt: new Date().toISOString(), evidence: scan.evidence, stats: scan.stats,
      hosts, findingCount: findings.length, findingCounts: counts, findingLevels: levels, rules: scan.rules, ruleset: scan.ruleset,
      findingsCached: true, hostSummaries: scan.hostSummaries ?? null, ...(scan.ruleChoice ? { ruleChoice: scan.ruleChoice } : {}),
      ...(scan.importedFrom ? { importedFrom: scan.importedFrom } : {}),
    };
    const events = new Map<string, StoredEvent>();
    for (const f of findings) {
      for (const e of [...f.pivots.timeline, ...f.pivots.dll_file_events, ...f.pivots.dll_load_events]) {
        const key = eventKey(e);
        // The same event seen from two findings is stored once; which write is "the finding's" is per finding.
        events.set(key, { ...e, is_finding_event: false, fingerprint: scan.fingerprint, key, process_guid_key: (e.process_guid ?? '').toLowerCase() });
      }
    }
    // A fresh read replaces the explorer's events too (bookmarks stay: they name events by file and record).
    await this.transaction('rw', [this.caseEvents, this.eventLoads, this.eventColumns, this.eventTexts], async () => {
      await this.caseEvents.where('fingerprint').equals(scan.fingerprint).delete();
      await this.eventColumns.where('fingerprint').equals(scan.fingerprint).delete();
      await this.eventTexts.where('fingerprint').equals(scan.fingerprint).delete();
      await this.eventLoads.delete(scan.fingerprint);
    });
    await this.transaction('rw', [this.cases, this.findings, this.details, this.events, this.annotations], async () => {
      const fp = scan.fingerprint;
      await this.findings.where('fingerprint').equals(fp).delete();
      await this.details.where('fingerprint').equals(fp).delete();
      await this.events.where('fingerprint').equals(fp).delete();
      await this.cases.put(c);
      await this.findings.bulkPut(findings.map((f, order) => {
        const { pivots: _pivots, events: _events, ...row } = f;
        return { fingerprint: fp, id: f.id, order, row };
      }));
      await this.details.bulkPut(findings.map((f) => ({ fingerprint: fp, id: f.id, pivots: f.pivots, ...(f.events ? { events: f.events } : {}) })));
      await this.events.bulkPut([...events.values()]);
      await this.carryAnnotations(c, findings.map((f) => f.id));
    });
    return c;
  }

  /** A changed folder gets a new fingerprint: the notes made on the same folder's last case follow the same finding ids. */
  private async carryAnnotations(c: CachedCase, ids: string[]): Promise<void> {
    if ((await this.annotations.where('fingerprint').equals(c.fingerprint).count()) > 0) return;
    const previous = (await this.cases.where('root').equals(c.root).toArray())
      .filter((p) => p.fingerprint !== c.fingerprint)
      .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1))[0];
    if (!previous) return;
    const wanted = new Set(ids);
    const old = await this.annotations.where('fingerprint').equals(previous.fingerprint).toArray();
    await this.annotations.bulkPut(old.filter((a) => wanted.has(a.findingId)).map((a) => ({ ...a, fingerprint: c.fingerprint })));
  }

  async touch(fingerprint: string): Promise<CachedCase | undefined> {
    await this.ensureCompatible();
    await this.cases.update(fingerprint, { openedAt: new Date().toISOString() });
    return this.cases.get(fingerprint);
  }

  async recent(limit = 20): Promise<CachedCase[]> {
    await this.ensureCompatible();
    return this.cases.orderBy('openedAt').reverse().limit(limit).toArray();
  }

  /** Forgets a case and everything cached for it, the analyst's notes on it included. */
  async forget(fingerprint: string): Promise<void> {
    await this.ensureCompatible();
    await this.transaction('rw', [this.caseEvents, this.eventLoads, this.bookmarks, this.eventColumns, this.eventTexts], async () => {
      await this.caseEvents.where('fingerprint').equals(fingerprint).delete();
      await this.eventColumns.where('fingerprint').equals(fingerprint).delete();
      await this.eventTexts.where('fingerprint').equals(fingerprint).delete();
      await this.eventLoads.delete(fingerprint);
      await this.bookmarks.where('fingerprint').equals(fingerprint).delete();
    });
    await this.transaction('rw', [this.cases, this.findings, this.details, this.events, this.annotations], async () => {
      await this.findings.where('fingerprint').equals(fingerprint).delete();
      await this.details.where('fingerprint').equals(fingerprint).delete();
      await this.events.where('fingerprint').equals(fingerprint).delete();
      await this.annotations.where('fingerprint').equals(fingerprint).delete();
      await this.cases.delete(fingerprint);
    });
  }

  /** The case's findings in list order (risk, then time); the first `limit` only when given. */
  async findingRows(fingerprint: string, limit?: number): Promise<FindingRow[]> {
    const all = this.findings.where('[fingerprint+order]').between([fingerprint, Dexie.minKey], [fingerprint, Dexie.maxKey]);
    const rows = await (limit === undefined ? all : all.limit(limit)).toArray();
    return rows.map((r) => r.row);
  }

  /**
   * The findings from list position `from` on, `page` rows per read (keyset pages on the order
   * index), each page a separate read so the page stays responsive between them. A click waits
   * for up to one page's work (its rows deserialised and indexed for search): with 1,000-row pages
   * the desk bench here opened a finding or its timeline in 37–116 ms while the list was read
   * (four runs), with 250-row pages in 45–58 ms (two runs).
   */
  async *findingPages(fingerprint: string, from: number, page = 250): AsyncGenerator<FindingRow[]> {
    let next = from;
    for (;;) {
      const rows = await this.findings.where('[fingerprint+order]').between([fingerprint, next], [fingerprint, Dexie.maxKey]).limit(page).toArray();
      if (rows.length === 0) return;
      yield rows.map((r) => r.row);
      next = rows[rows.length - 1]!.order + 1;
      if (rows.length < page) return;
    }
  }

  async pivots(fingerprint: string, id: string): Promise<FindingPivots | undefined> {
    return (await this.details.get([fingerprint, id]))?.pivots;
  }

  /** The pivots and the matched events of one finding (read when it is opened). */
  async detail(fingerprint: string, id: string): Promise<{ pivots: FindingPivots; events: MatchedEvent[] } | undefined> {
    const d = await this.details.get([fingerprint, id]);
    return d ? { pivots: d.pivots, events: d.events ?? [] } : undefined;
  }

  /** Every cached event of one process on one host, in time order. */
  async processEvents(fingerprint: string, dest: string, guid: string): Promise<PivotEvent[]> {
    const rows = await this.events.where('[fingerprint+dest+process_guid_key]').equals([fingerprint, dest, guid.toLowerCase()]).toArray();
    return rows
      .map(({ fingerprint: _f, key: _k, process_guid_key: _g, ...e }) => e)
      .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : (a.record_id ?? 0) - (b.record_id ?? 0)));
  }

  /** The annotations an imported document carried, for a case that has none of its own yet (the analyst's edits win). */
  async seedAnnotations(fingerprint: string, annotations: Record<string, FindingAnnotation>): Promise<void> {
    await this.transaction('rw', [this.annotations], async () => {
      if ((await this.annotations.where('fingerprint').equals(fingerprint).count()) > 0) return;
      await this.annotations.bulkPut(Object.entries(annotations).map(([findingId, a]) => ({ ...a, fingerprint, findingId })));
    });
  }

  async annotationsOf(fingerprint: string): Promise<Map<string, FindingAnnotation>> {
    const rows = await this.annotations.where('fingerprint').equals(fingerprint).toArray();
    return new Map(rows.map(({ fingerprint: _f, findingId, ...a }) => [findingId, a]));
  }

  async annotate(fingerprint: string, findingId: string, a: FindingAnnotation): Promise<void> {
    await this.annotations.put({ ...a, fingerprint, findingId });
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.settings.get(key))?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.settings.put({ key, value });
  }
}
