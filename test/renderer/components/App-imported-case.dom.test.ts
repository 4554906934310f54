/**
 * A case imported from a triage JSON document: the start screen's button opens it; the header says
 * where it came from and offers no re-read (the evidence is not here); pivots the document does not
 * hold say "not in the imported document"; the document's annotations are kept under the case's own key.
 */
import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORTED_CASE_KEY_PREFIX, type ImportedCase } from '../../../src-main/shared/contract';
import { FakeClient } from '../fake-client';
import { fixtureScan, seedFinding } from '../fixtures';
import { button, freshDb, rows, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

const FP = 'a'.repeat(64);
function imported(): ImportedCase {
  const base = seedFinding();
  const f = { ...base, pivots: { ...base.pivots, timeline: [], tree: [], parallel: [], dll_created_by: [], dll_loaded_by: [], dll_file_events: [], dll_load_events: [] } };
  const scan = fixtureScan('/collected/on/another/laptop', FP, [f]);
  return {
    scan: { ...scan, importedFrom: { file: 'ws-fin-07.json', generated: '2026-11-20T08:00:00.000Z', toolVersion: '1.4.0', merged: false } },
    annotations: { [f.id]: { status: 'confirmed', note: 'seen on the other laptop', by: 'ana', at: '2026-11-20T09:00:00.000Z' } },
    caseKey: `${IMPORTED_CASE_KEY_PREFIX}${FP}`,
  };
}

describe('an imported case', () => {
  it('opens from the start screen, read-only, with its source in the header and absent pivots said so', async () => {
    const client = new FakeClient(fixtureScan('/cases/x', FP, []));
    client.imported = imported();
    const db = freshDb();
    const app = startApp(client, db);
    button(app.target, /^Import triage document/).click();
    await expect.poll(() => rows(app.target).length, { timeout: 5000 }).toBe(1);
    const head = app.target.querySelector('[data-testid="imported-from"]')?.textContent ?? '';
    expect(head).toContain('ws-fin-07.json');
    expect(head).toContain('1.4.0');
    expect(head).toContain('2026-11-20');
    expect([...app.target.querySelectorAll('button')].some((b) => /Re-read evidence/.test(b.textContent ?? ''))).toBe(false);
    expect(client.calls).not.toContain('scanEvidenceFolder');
    // No rules can run on it and its events are not here: the views say so instead of failing.
    expect(app.target.querySelector('[data-testid="findings-load-rules"]')).toBeNull();
    (app.target.querySelector('[data-testid="tab-explorer"]') as HTMLElement).click();
    await expect.poll(() => app.target.querySelector('[data-testid="explorer-imported"]')?.textContent ?? '', { timeout: 5000 }).toContain('not in the imported document');
    expect(client.calls).not.toContain('readEventPage');
    (app.target.querySelector('[data-testid="tab-findings"]') as HTMLElement).click();
    await expect.poll(() => rows(app.target).length, { timeout: 5000 }).toBe(1);
    // Kept apart from a case read from a folder with the same fingerprint, with the document's annotation.
    expect((await db.recent()).map((c) => c.fingerprint)).toEqual([`${IMPORTED_CASE_KEY_PREFIX}${FP}`]);
    expect((await db.annotationsOf(`${IMPORTED_CASE_KEY_PREFIX}${FP}`)).get(seedFinding().id)?.note).toBe('seen on the other laptop');

    (app.target.querySelector(`[data-finding-id="${seedFinding().id}"]`) as HTMLElement).click();
    flushSync();
    for (const tab of [/^Process timeline$/, /^Tree and parallel processes$/, /^DLL pivot$/]) {
      await expect.poll(() => [...app.target.querySelectorAll('[role="tab"]')].length, { timeout: 5000 }).toBe(4);
      ([...app.target.querySelectorAll('[role="tab"]')].find((b) => tab.test(b.textContent ?? '')) as HTMLElement).click();
      await expect.poll(() => app.target.querySelector('[data-testid="pivots-absent"]')?.textContent ?? '', { timeout: 5000 }).toContain('not in the imported document');
    }
  });

  it('a cancelled import dialog changes nothing', async () => {
    const client = new FakeClient(fixtureScan('/cases/x', FP, []));
    const app = startApp(client, freshDb());
    button(app.target, /^Import triage document/).click();
    await expect.poll(() => client.calls).toContain('importTriageDocument');
    expect(app.target.querySelector('[data-testid="imported-from"]')).toBeNull();
    expect(app.session.screen).toBe('start');
  });
});
