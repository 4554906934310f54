import 'fake-indexeddb/auto';
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../../../src-renderer/components/App.svelte';
import { CaseDb } from '../../../src-renderer/lib/case-db';
import { CaseSession } from '../../../src-renderer/state/case-session.svelte';
import { FakeClient, fakeScan } from '../fake-client';

let dbCounter = 0;
const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => { for (const m of mounted.splice(0)) unmount(m); document.body.innerHTML = ''; });

function start(client: FakeClient, db = new CaseDb(`test-${++dbCounter}`)) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  const session = new CaseSession(client, db);
  mounted.push(mount(App, { target, props: { session } }));
  flushSync();
  return { target, session, db };
}

function button(target: HTMLElement, text: RegExp): HTMLButtonElement {
  const b = [...target.querySelectorAll('button')].find((x) => text.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${text}`);
  return b;
}

describe('App', () => {
  it('opens a folder, reads it, shows the evidence table, and caches the case', async () => {
    const client = new FakeClient(fakeScan('/cases/acme', 'f'.repeat(64), ['Security.evtx', 'notes.txt']));
    const { target, db } = start(client);
    expect(target.textContent).toContain('No case in the cache yet');
    button(target, /Open evidence folder/).click();
    await expect.poll(() => target.querySelectorAll('table.evidence tbody tr').length).toBe(2);
    expect(target.querySelector('[data-path="Security.evtx"]')?.textContent).toContain('evtx');
    expect(client.calls).toEqual(['chooseEvidenceFolder', 'listEvidenceFolder', 'scanEvidenceFolder']);
    expect((await db.cases.get('f'.repeat(64)))?.evidence).toHaveLength(2);
    expect(target.querySelector('[data-testid="from-cache"]')).toBeNull();
  });

  it('shows the cached case for the same fingerprint without reading the evidence again', async () => {
    const scan = fakeScan('/cases/acme', 'a'.repeat(64), ['System.evtx']);
    const db = new CaseDb(`test-${++dbCounter}`);
    await db.saveScan(scan);
    const client = new FakeClient(scan);
    const { target } = start(client, db);
    await expect.poll(() => target.textContent).toContain('/cases/acme');
    button(target, /^Open evidence folder/).click();
    await expect.poll(() => target.querySelector('[data-testid="from-cache"]')).not.toBeNull();
    expect(client.calls).toEqual(['chooseEvidenceFolder', 'listEvidenceFolder']);
  });

  it('reopens a recent case from the start screen and forgets one', async () => {
    const scan = fakeScan('/cases/old', 'b'.repeat(64), ['x.evtx']);
    const db = new CaseDb(`test-${++dbCounter}`);
    await db.saveScan(scan);
    const client = new FakeClient(scan);
    const { target } = start(client, db);
    await expect.poll(() => target.querySelectorAll('.recent li').length).toBe(1);
    (target.querySelector('.recent-open') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelectorAll('table.evidence tbody tr').length).toBe(1);
    expect(client.calls).toEqual([]);
    button(target, /EVTX Triage/).click();
    await expect.poll(() => target.querySelectorAll('.recent li').length).toBe(1);
    button(target, /Forget/).click();
    await expect.poll(() => target.querySelectorAll('.recent li').length).toBe(0);
  });

  it('renders hostile file names as inert text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">.evtx';
    const client = new FakeClient(fakeScan('/cases/<script>alert(1)</script>', 'c'.repeat(64), [evil]));
    const { target } = start(client);
    button(target, /Open evidence folder/).click();
    await expect.poll(() => target.querySelectorAll('table.evidence tbody tr').length).toBe(1);
    expect(target.querySelector('img')).toBeNull();
    expect(target.querySelector('script')).toBeNull();
    expect(target.textContent).toContain(evil);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows an error banner when the main process refuses', async () => {
    const client = new FakeClient(fakeScan('/x', 'd'.repeat(64), []));
    client.call = (async () => { const { ApiError } = await import('../../../src-renderer/lib/bridge'); throw new ApiError('not_allowed', 'folder was not opened by the user: /x'); }) as never;
    const { target } = start(client);
    button(target, /Open evidence folder/).click();
    await expect.poll(() => target.querySelector('[role="alert"]')?.textContent).toContain('folder was not opened by the user');
  });
});

describe('App and folders granted by main', () => {
  it('opens a folder main granted (dropped onto the window) and shows a refused drop as an error', async () => {
    const client = new FakeClient(fakeScan('/cases/dropped', 'e'.repeat(64), ['Security.evtx']));
    const { target } = start(client);
    client.emitFolderGranted({ root: '/cases/dropped', via: 'drop', error: null });
    await expect.poll(() => target.textContent).toContain('/cases/dropped');
    expect(client.calls).toContain('scanEvidenceFolder');
    client.emitFolderGranted({ root: null, via: 'drop', error: 'Dropped item refused: evidence folder is not a directory: /x/a.evtx' });
    await expect.poll(() => target.querySelector('[role="alert"]')?.textContent ?? '').toContain('Dropped item refused');
  });
});
