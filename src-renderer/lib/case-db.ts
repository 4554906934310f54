/**
 * The case cache in IndexedDB (Dexie). Cases are keyed by the evidence fingerprint, so opening
 * the same folder in the same state shows the cached case without reading the evidence again.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { CaseScan, EvidenceEntry } from '../../src-main/api/contract';

export interface CachedCase {
  fingerprint: string;
  root: string;
  scannedAt: string;
  openedAt: string;
  evidence: EvidenceEntry[];
  stats: CaseScan['stats'];
}

export const CASE_DB_NAME = 'evtx-triage';

export class CaseDb extends Dexie {
  cases!: EntityTable<CachedCase, 'fingerprint'>;

  constructor(name = CASE_DB_NAME) {
    super(name);
    this.version(1).stores({ cases: '&fingerprint, root, openedAt' });
  }

  async saveScan(scan: CaseScan): Promise<CachedCase> {
    const c: CachedCase = {
      fingerprint: scan.fingerprint, root: scan.root, scannedAt: scan.scannedAt,
      openedAt: new Date().toISOString(), evidence: scan.evidence, stats: scan.stats,
    };
    await this.cases.put(c);
    return c;
  }

  async touch(fingerprint: string): Promise<CachedCase | undefined> {
    await this.cases.update(fingerprint, { openedAt: new Date().toISOString() });
    return this.cases.get(fingerprint);
  }

  recent(limit = 20): Promise<CachedCase[]> {
    return this.cases.orderBy('openedAt').reverse().limit(limit).toArray();
  }

  forget(fingerprint: string): Promise<void> {
    return this.cases.delete(fingerprint);
  }
}
