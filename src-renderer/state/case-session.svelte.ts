/**
 * The state of the open case: which screen, the progress of a running scan, the case shown,
 * the recent cases from the cache, and the last error. Views read it; actions live here.
 */
import type { ProgressEvent } from '../../src-main/api/contract';
import { ApiError, type TriageClient } from '../lib/bridge';
import type { CachedCase, CaseDb } from '../lib/case-db';

export type Screen = 'start' | 'scanning' | 'case';

export class CaseSession {
  screen = $state<Screen>('start');
  progress = $state<ProgressEvent | null>(null);
  current = $state<CachedCase | null>(null);
  /** True when the case shown came from the cache rather than a fresh read. */
  fromCache = $state(false);
  recent = $state<CachedCase[]>([]);
  error = $state<string | null>(null);
  private jobId: string | null = null;
  private jobCounter = 0;

  constructor(private readonly api: TriageClient, private readonly db: CaseDb) {
    api.on('progress', (p) => { if (p.jobId === this.jobId) this.progress = p; });
    void this.loadRecent();
  }

  async loadRecent(): Promise<void> {
    try {
      this.recent = await this.db.recent();
    } catch (err) {
      this.error = `The case cache cannot be read: ${(err as Error).message}`;
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

  /** Shows the cached case for the folder's current state, or reads it (always when `rehash`). */
  async openRoot(root: string, rehash: boolean): Promise<void> {
    this.error = null;
    try {
      const listing = await this.api.call('listEvidenceFolder', { root });
      if (!rehash) {
        const cached = await this.db.touch(listing.fingerprint);
        if (cached) { this.show(cached, true); return; }
      }
      await this.scan(listing.root);
    } catch (err) {
      this.fail(err);
    }
  }

  async openRecent(c: CachedCase): Promise<void> {
    this.error = null;
    const touched = (await this.db.touch(c.fingerprint)) ?? c;
    this.show(touched, true);
  }

  /** Reads the current case's folder again (asks for the folder when it is no longer granted). */
  async rehash(): Promise<void> {
    const c = this.current;
    if (!c) return;
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

  async cancel(): Promise<void> {
    if (this.jobId) await this.api.call('cancelJob', { jobId: this.jobId });
  }

  async forget(c: CachedCase): Promise<void> {
    await this.db.forget(c.fingerprint);
    if (this.current?.fingerprint === c.fingerprint) { this.current = null; this.screen = 'start'; }
    await this.loadRecent();
  }

  goStart(): void {
    this.screen = 'start';
    void this.loadRecent();
  }

  private async scan(root: string): Promise<void> {
    this.jobId = `scan-${Date.now()}-${++this.jobCounter}`;
    this.progress = null;
    this.screen = 'scanning';
    try {
      const scan = await this.api.call('scanEvidenceFolder', { root, jobId: this.jobId });
      const saved = await this.db.saveScan(scan);
      this.show(saved, false);
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
    this.screen = 'case';
    void this.loadRecent();
  }

  private fail(err: unknown): void {
    if (err instanceof ApiError && err.code === 'cancelled') { this.error = 'Reading the evidence was cancelled; nothing was cached.'; return; }
    if (err instanceof Error && err.name === 'QuotaExceededError') { this.error = 'The case cache is full (browser storage quota): forget old cases and try again.'; return; }
    this.error = err instanceof Error ? err.message : String(err);
  }
}
