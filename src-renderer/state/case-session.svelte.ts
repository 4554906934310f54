/**
 * The state of the open case: which screen, the progress of a running scan, the case shown,
 * the recent cases from the cache, and the last error. Views read it; actions live here.
 */
import type { CaseRuleChoice, FolderListing, ProgressEvent } from '../../src-main/shared/contract';
import { ApiError, type TriageClient } from '../lib/bridge';
import type { CachedCase, CaseDb } from '../lib/case-db';
import { describeDbError } from '../lib/db-errors';
import { DEFAULT_RULE_CHOICE, plainChoice, withFolder, withoutFolder } from '../lib/rule-choice';
import { TriageDesk } from './triage-desk.svelte';

/**
 * One file of the folder being read, as the ingest screen lists it. Progress names one current
 * file at a time (workers run several), so a state is only what progress said: the file named
 * now, the files named earlier in this pass (done), and the rest not known yet.
 */
export interface IngestFile {
  path: string;
  bytes: number;
  state: 'waiting' | 'reading' | 'done';
  /** This pass's progress of the file, as main reported it. */
  bytesDone: number;
  bytesTotal: number;
  events: number;
  elapsedMs: number;
  errors: number;
  /** Not read for events in this pass, and why, in the evidence list's words (shared/evidence-rows.ts). */
  skipped: string | null;
}

export function waitingFile(path: string, bytes: number): IngestFile {
  return { path, bytes, state: 'waiting', bytesDone: 0, bytesTotal: bytes, events: 0, elapsedMs: 0, errors: 0, skipped: null };
}

export type Screen = 'start' | 'scanning' | 'case';

export class CaseSession {
  screen = $state<Screen>('start');
  progress = $state<ProgressEvent | null>(null);
  current = $state<CachedCase | null>(null);
  /** True when the case shown came from the cache rather than a fresh read. */
  fromCache = $state(false);
  recent = $state<CachedCase[]>([]);
  error = $state<string | null>(null);
  /** The desk of the case shown (findings, triage state, pivots). */
  desk = $state<TriageDesk | null>(null);
  /** The files of the folder being read, with what progress says about each. */
  ingestFiles = $state<IngestFile[]>([]);
  /** Why the evidence is being read (again), shown on the progress screen; null for a plain read. */
  scanNote = $state<string | null>(null);
  /** The recent case the keyboard points at on the start screen. */
  recentIndex = $state(0);
  private jobId: string | null = null;
  private rulesPending = false;
  private jobCounter = 0;

  constructor(private readonly api: TriageClient, private readonly db: CaseDb) {
    api.on('progress', (p) => { if (p.jobId === this.jobId) this.onProgress(p); });
    // A folder dropped onto the window or named on the command line: main granted it; open it.
    api.on('folderGranted', (g) => {
      if (g.root === null) { this.error = g.error ?? 'The folder was refused.'; return; }
      if (this.screen === 'scanning') { this.error = 'Finish or cancel the current read before opening another folder.'; return; }
      void this.openRoot(g.root, false);
    });
    // File › Load rules folder… (main only says the item was chosen; the open case is here).
    api.on('menuAction', (m) => {
      if (m.action === 'loadRulesFolder') void this.loadRulesFolder();
      // File › Import triage document…
      if (m.action === 'importTriageDocument') void this.importDocument();
    });
    void this.loadRecent();
  }

  async loadRecent(): Promise<void> {
    try {
      this.recent = await this.db.recent();
    } catch (err) {
      this.error = describeDbError(err) ?? `The case cache cannot be read: ${(err as Error).message}`;
    }
  }

  /** Asks for a folder, then shows its cached case or reads it. */
  async openFolder(): Promise<void> {
    this.error = null;
    try {
      const root = await this.api.call('chooseEvidenceFolder', null);
      if (root === null) return;
      await this.openRoot(root, false);
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Asks for a triage JSON document (main reads and checks it) and shows it as a read-only case,
   * kept in the cache under its own key (the fingerprint with a marker) with the analyst's notes.
   */
  async importDocument(): Promise<void> {
    this.error = null;
    if (this.screen === 'scanning') { this.error = 'Finish or cancel the current read before importing a document.'; return; }
    try {
      const imported = await this.api.call('importTriageDocument', null);
      if (imported === null) return;
      const saved = await this.db.saveScan({ ...imported.scan, fingerprint: imported.caseKey });
      await this.db.seedAnnotations(imported.caseKey, imported.annotations);
      this.show(saved, false);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Shows the cached case for the folder's current state, or reads it (always when `rehash`). */
  async openRoot(root: string, rehash: boolean): Promise<void> {
    this.error = null;
    try {
      const listing = await this.api.call('listEvidenceFolder', { root });
      if (!rehash) {
        const cached = await this.db.touch(listing.fingerprint);
        if (cached) { this.show(cached, true); return; }
      }
      await this.scan(listing);
    } catch (err) {
      this.fail(err);
    }
  }

  async openRecent(c: CachedCase): Promise<void> {
    this.error = null;
    try {
      const touched = (await this.db.touch(c.fingerprint)) ?? c;
      this.show(touched, true);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Reads the current case's folder again (asks for the folder when it is no longer granted). */
  async rehash(): Promise<void> {
    const c = this.current;
    if (!c) return;
    if (c.importedFrom) { this.error = 'This case was imported from a triage document: its evidence is not on this computer, so it cannot be read again.'; return; }
    try {
      await this.api.call('listEvidenceFolder', { root: c.root });
      await this.openRoot(c.root, true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'not_allowed') {
        this.error = `Open the folder ${c.root} again to give the app access to it, then re-hash.`;
        return;
      }
      this.fail(err);
    }
  }

  /** The rules the open case was read with (the defaults when none were chosen). */
  get ruleChoice(): CaseRuleChoice {
    return this.current?.ruleChoice ?? DEFAULT_RULE_CHOICE;
  }

  /**
   * Asks for a rules folder (granted read-only) and reads the open case again with its rules added.
   * The engine keeps no events after a read, so other rules mean reading the evidence again.
   */
  async loadRulesFolder(): Promise<void> {
    this.error = null;
    if (this.screen === 'scanning') { this.error = 'Finish or cancel the current read before loading rules.'; return; }
    if (this.screen !== 'case' || !this.current) { this.error = 'Open a case first, then load a rules folder to run on it.'; return; }
    try {
      const folder = await this.api.call('chooseRulesFolder', null);
      if (folder === null) return;
      await this.runRules(withFolder(this.ruleChoice, folder));
    } catch (err) {
      this.fail(err);
    }
  }

  /** Reads the open case again without one of its rules folders. */
  async removeRulesFolder(folder: string): Promise<void> {
    await this.runRules(withoutFolder(this.ruleChoice, folder));
  }

  /** Reads the open case again with these rules (level, statuses, folders); then shows the rules panel. */
  async runRules(choice: CaseRuleChoice): Promise<void> {
    const c = this.current;
    if (c?.importedFrom) { this.error = 'This case was imported from a triage document: its evidence is not on this computer, so other rules cannot be run on it.'; return; }
    // One read at a time: a second click before the read screen shows is ignored.
    if (!c || this.screen === 'scanning' || this.rulesPending) return;
    this.error = null;
    this.rulesPending = true;
    try {
      const listing = await this.api.call('listEvidenceFolder', { root: c.root });
      await this.scan(listing, choice, 'rules');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'not_allowed') {
        this.error = `Open the folder ${c.root} again to give the app access to it, then run the rules.`;
        return;
      }
      this.fail(err);
    } finally {
      this.rulesPending = false;
    }
  }

  async cancel(): Promise<void> {
    if (this.jobId) await this.api.call('cancelJob', { jobId: this.jobId });
  }

  async forget(c: CachedCase): Promise<void> {
    try {
      await this.db.forget(c.fingerprint);
    } catch (err) {
      this.fail(err);
    }
    if (this.current?.fingerprint === c.fingerprint) { this.current = null; this.desk = null; this.screen = 'start'; }
    await this.loadRecent();
  }

  /**
   * The keyboard: j/k or arrows move in the list shown, Enter opens, Esc goes back.
   * Returns true when the key was used (the caller then prevents the default).
   */
  key(key: string): boolean {
    if (this.screen === 'start') return this.startKey(key);
    const desk = this.screen === 'case' ? this.desk : null;
    if (!desk) return false;
    if (desk.marks.askName) return false;
    switch (key) {
      case 'j': case 'ArrowDown': desk.move(1); return true;
      case 'k': case 'ArrowUp': desk.move(-1); return true;
      case 'PageDown': desk.move(20); return true;
      case 'PageUp': desk.move(-20); return true;
      case 'Enter': if (desk.view === 'list' && desk.section === 'findings') { void desk.openSelected(); return true; } return false;
      case 'Escape': return desk.back();
      default: return false;
    }
  }

  private startKey(key: string): boolean {
    const n = this.recent.length;
    if (n === 0) return false;
    switch (key) {
      case 'j': case 'ArrowDown': this.recentIndex = Math.min(n - 1, this.recentIndex + 1); return true;
      case 'k': case 'ArrowUp': this.recentIndex = Math.max(0, this.recentIndex - 1); return true;
      case 'Enter': { const c = this.recent[this.recentIndex]; if (c) void this.openRecent(c); return !!c; }
      default: return false;
    }
  }

  private onProgress(p: ProgressEvent): void {
    const newPass = this.progress !== null && this.progress.phase !== p.phase;
    this.progress = p;
    const finished = p.phase === 'done' || p.phase === 'detecting';
    if (!newPass && !finished && p.files.length === 0) return;
    const updates = new Map(p.files.map((f) => [f.path, f]));
    this.ingestFiles = this.ingestFiles.map((f) => {
      // Hashing and reading are separate passes over the files: a new pass starts from "waiting".
      let next = newPass && !finished ? waitingFile(f.path, f.bytes) : f;
      const u = updates.get(f.path);
      if (u) next = { ...next, state: u.state, bytesDone: u.bytesDone, bytesTotal: u.bytesTotal, events: u.events, elapsedMs: u.elapsedMs, errors: u.errors, skipped: u.skipped ?? null };
      if (finished && next.state !== 'done') next = { ...next, state: 'done', bytesDone: next.bytesTotal };
      return next;
    });
  }

  goStart(): void {
    if (this.screen === 'scanning') return;
    this.screen = 'start';
    void this.loadRecent();
  }

  /**
   * Reads the folder and runs the detections: with `choice`, or the rules the same folder's case
   * was read with (a re-read runs the same rules), or the defaults for another folder.
   */
  private async scan(listing: FolderListing, choice?: CaseRuleChoice, then?: 'rules'): Promise<void> {
    const chosen = choice ?? (this.current?.root === listing.root ? this.current.ruleChoice : undefined);
    const rules = chosen ? plainChoice(chosen) : undefined;
    const n = rules?.folders.length ?? 0;
    this.scanNote = then === 'rules'
      ? `Loading the rules${n ? ` of ${n} folder${n === 1 ? '' : 's'}` : ''}, then reading the evidence again: the detections keep no events between reads.`
      : n ? `With the rules of ${n} folder${n === 1 ? '' : 's'} loaded for this case: ${rules!.folders.join(', ')}.` : null;
    this.jobId = `scan-${Date.now()}-${++this.jobCounter}`;
    this.progress = null;
    this.ingestFiles = listing.files.map((f) => waitingFile(f.path, f.bytes));
    this.screen = 'scanning';
    try {
      const scan = await this.api.call('scanEvidenceFolder', { root: listing.root, jobId: this.jobId, ...(rules ? { rules } : {}) });
      const saved = await this.db.saveScan(scan);
      this.show(saved, false);
      if (then === 'rules' && this.desk) this.desk.section = 'rules';
    } catch (err) {
      this.screen = this.current ? 'case' : 'start';
      this.fail(err);
    } finally {
      this.jobId = null;
    }
  }

  private show(c: CachedCase, fromCache: boolean): void {
    this.current = c;
    this.fromCache = fromCache;
    const desk = new TriageDesk(this.api, this.db, c);
    this.desk = desk;
    this.screen = 'case';
    void desk.load();
    void this.loadRecent();
  }

  private fail(err: unknown): void {
    if (err instanceof ApiError && err.code === 'cancelled') { this.error = 'Reading the evidence was cancelled; nothing was cached.'; return; }
    if (err instanceof ApiError && err.code === 'not_allowed' && /^rules folder/.test(err.message)) {
      const folder = String(err.context.path ?? '');
      this.error = `The rules folder ${folder} is no longer open to the app (it was picked before the app restarted): load it again with “Load rules folder…”, or remove it in the Rules tab.`;
      return;
    }
    const db = describeDbError(err);
    if (db) { this.error = db; return; }
    this.error = err instanceof Error ? err.message : String(err);
  }
}
