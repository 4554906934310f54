import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { CASE_DB_VERSION, CaseDb } from '../../../src-renderer/lib/case-db';
import { describeDbError } from '../../../src-renderer/lib/db-errors';
import { FakeClient, fakeScan } from '../fake-client';
import { fixtureScan, seedFinding } from '../fixtures';
import { button, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);
let n = 0;
const dbName = () => `cache-test-${Date.now()}-${++n}`;

describe('case cache (Dexie)', () => {
  it('upgrades a v1 cache to v2 and keeps the v1 case', async () => {
    const name = dbName();
    const v1 = new Dexie(name);
    v1.version(1).stores({ cases: '&fingerprint, root, openedAt' });
    const old = fakeScan('/cases/v1', '1'.repeat(64), ['Security.evtx']);
    await v1.table('cases').put({ fingerprint: old.fingerprint, root: old.root, scannedAt: old.scannedAt, openedAt: '2026-11-20T08:00:00.000Z', evidence: old.evidence, stats: old.stats });
    v1.close();

    const db = new CaseDb(name);
    const c = await db.cases.get('1'.repeat(64));
    expect(db.verno).toBe(CASE_DB_VERSION);
    expect(c?.root).toBe('/cases/v1');
    expect(c?.evidence).toHaveLength(1);
    expect(c?.findingsCached).toBe(false);
    expect(c?.hosts).toEqual([]);
    expect(await db.findingRows(c!.fingerprint)).toEqual([]);
    db.close();

    // The app shows it on the start screen and opens it, offering to read it again for findings.
    const { target } = startApp(new FakeClient(old), new CaseDb(name));
    await expect.poll(() => target.querySelector('.recent')?.textContent).toContain('/cases/v1');
    expect(target.querySelector('.recent')?.textContent).toContain('findings not read yet');
    (target.querySelector('.recent-open') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[role="status"]')?.textContent).toContain('Re-read the evidence');
    await expect.poll(() => target.querySelectorAll('table.evidence tbody tr').length).toBe(1);
  });

  it('keeps annotations when the same evidence is read again, and carries them to a changed folder', async () => {
    const db = new CaseDb(dbName());
    const scan = fixtureScan('/cases/acme', 'a'.repeat(64));
    await db.saveScan(scan);
    const id = seedFinding().id;
    await db.annotate(scan.fingerprint, id, { status: 'confirmed', note: 'n', by: 'A', at: '2026-11-25T10:00:00Z' });
    await db.saveScan(scan);
    expect((await db.annotationsOf(scan.fingerprint)).get(id)?.status).toBe('confirmed');
    await db.saveScan({ ...scan, fingerprint: 'b'.repeat(64) });
    expect((await db.annotationsOf('b'.repeat(64))).get(id)?.note).toBe('n');
    // Pivot events are stored once per case, by host + ProcessGuid.
    const ev = await db.processEvents(scan.fingerprint, 'WS-FIN-07.corp.example', seedFinding().process_guid.toLowerCase());
    expect(ev.map((e) => e.kind)).toContain('registry');
    await db.forget(scan.fingerprint);
    expect(await db.annotationsOf(scan.fingerprint)).toEqual(new Map());
  });

  it('says clearly when the cache is from a newer version', async () => {
    const name = dbName();
    const newer = new Dexie(name);
    newer.version(9).stores({ cases: '&fingerprint', other: '&id' });
    await newer.open();
    newer.close();
    const { target } = startApp(new FakeClient(fakeScan('/x', '2'.repeat(64), [])), new CaseDb(name));
    await expect.poll(() => target.querySelector('[role="alert"]')?.textContent).toContain('newer version of EVTX Triage');
    expect(target.querySelector('.hero')).not.toBeNull();
  });

  it('says clearly when the storage quota is exceeded', async () => {
    const db = new CaseDb(dbName());
    db.saveScan = async () => { throw new Dexie.QuotaExceededError('quota', new DOMException('no room', 'QuotaExceededError')); };
    const { target } = startApp(new FakeClient(fixtureScan('/cases/full', '3'.repeat(64))), db);
    button(target, /^Open evidence folder/).click();
    await expect.poll(() => target.querySelector('[role="alert"]')?.textContent).toContain('case cache is full');
    expect(describeDbError(new DOMException('x', 'QuotaExceededError'))).toContain('quota');
    expect(describeDbError(new Error('other'))).toBeNull();
  });
});
