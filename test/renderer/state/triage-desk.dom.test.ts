import 'fake-indexeddb/auto';
import { flushSync, mount, unmount } from 'svelte';
import FindingsList from '../../../src-renderer/components/FindingsList.svelte';
import type { CachedCase, CaseDb } from '../../../src-renderer/lib/case-db';
import { TriageDesk } from '../../../src-renderer/state/triage-desk.svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClient } from '../fake-client';
import {
  DLL, HOSTILE, REGSVR_GUID, SEED_CLSID, WSCRIPT_GUID, demoFindings, fixtureScan, hostileFinding, manyFindings, seedFinding,
} from '../fixtures';
import { button, freshDb, key, rows, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

async function openCase(client = new FakeClient(fixtureScan('/cases/acme', 'e'.repeat(64))), db = freshDb(), timeout = 5000) {
  const app = startApp(client, db);
  button(app.target, /^Open evidence folder/).click();
  await expect.poll(() => rows(app.target).length, { timeout }).toBeGreaterThan(0);
  return { ...app, client };
}

async function openSeed(target: HTMLElement) {
  (target.querySelector(`[data-finding-id="${seedFinding().id}"]`) as HTMLElement).click();
  await expect.poll(() => target.querySelector('[data-testid="finding-detail"]')).not.toBeNull();
}

async function setAnalyst(target: HTMLElement, name: string) {
  await expect.poll(() => target.querySelector('[data-testid="analyst-prompt"]')).not.toBeNull();
  const input = target.querySelector('[data-testid="analyst-prompt"] input') as HTMLInputElement;
  input.value = name;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
  (target.querySelector('[data-testid="analyst-prompt"] button[type="submit"]') as HTMLButtonElement).click();
}

describe('findings list', () => {
  it('reopens a large case from the cache with the highest-risk rows first, then all of them', async () => {
    const { TriageDesk } = await import('../../../src-renderer/state/triage-desk.svelte');
    const db = freshDb() as InstanceType<typeof CaseDb>;
    const scan = fixtureScan('/cases/big', 'b'.repeat(64), manyFindings(1_200));
    const cached = await db.saveScan(scan);
    const limits: (number | undefined)[] = [];
    const read = db.findingRows.bind(db);
    db.findingRows = (fp: string, limit?: number) => { limits.push(limit); return read(fp, limit); };
    const pages = db.findingPages.bind(db);
    const pageStarts: number[] = [];
    db.findingPages = (fp: string, from: number) => { pageStarts.push(from); return pages(fp, from, 300); };
    const desk = new TriageDesk(new FakeClient(scan), db, cached);
    const seen: number[] = [];
    const loading = desk.load();
    await expect.poll(() => { seen.push(desk.rows.length); return desk.rows.length; }).toBeGreaterThan(0);
    await loading;
    expect(desk.rows).toHaveLength(1_200);
    expect(desk.partial).toBe(false);
    // The first read is the first 500 rows (shown at once), then the rest in pages from row 500.
    expect(limits).toEqual([500]);
    expect(pageStarts).toEqual([500]);
    expect(new Set(desk.rows.map((r) => r.id)).size).toBe(1_200);
    const firstShown = seen.find((n) => n > 0);
    expect(firstShown === 500 || firstShown === 1_200).toBe(true);
    expect(desk.rows[0]!.risk_score).toBe(Math.max(...scan.findings.map((f) => f.risk_score)));
    // The search text of the rows read in pages lines up with them: a row from the last page is found by its id.
    const late = desk.rows[1_150]!;
    desk.text = late.id;
    expect(desk.visible.map((r) => r.id)).toEqual([late.id]);
  });

  it('lists findings by risk then time, hides suppressed ones behind a visible count, and shows them on demand', async () => {
    const { target } = await openCase();
    const ids = rows(target).map((r) => r.dataset.findingId);
    expect(ids).toEqual([seedFinding().id, 'builtin-clsid-user-writable:ws-fin-07:rmc_setup']);
    const first = rows(target)[0]!;
    expect(first.textContent).toContain('80');
    expect(first.textContent).toContain('Malicious InProcServer32 Modification');
    expect(first.textContent).toContain('WS-FIN-07');
    expect(first.querySelector('[title="WS-FIN-07.corp.example"]')).not.toBeNull();
    expect(first.textContent).toContain('regsvr32.exe');
    // The CLSID is a column the picker shows (findings-columns.dom.test.ts); the DLL value is shown by default.
    expect(first.textContent).toContain(DLL);
    expect(first.textContent).toContain('2026-11-17 09:41:35');
    const toggle = target.querySelector('[data-testid="suppressed-toggle"]') as HTMLButtonElement;
    expect(toggle.textContent).toContain('1 suppressed hidden');
    toggle.click();
    flushSync();
    expect(rows(target)).toHaveLength(3);
    expect(rows(target)[2]!.classList.contains('suppressed')).toBe(true);
  });

  it('filters by host, risk and free text', async () => {
    const { target } = await openCase();
    (target.querySelector('[data-testid="suppressed-toggle"]') as HTMLButtonElement).click();
    flushSync();
    const host = target.querySelector('select[aria-label="Host"]') as HTMLSelectElement;
    host.value = 'WS-HR-02.corp.example';
    host.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(rows(target).map((r) => r.textContent)).toHaveLength(1);
    host.value = '';
    host.dispatchEvent(new Event('change', { bubbles: true }));
    const risk = target.querySelector('select[aria-label="Risk"]') as HTMLSelectElement;
    risk.value = 'low';
    risk.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(rows(target)).toHaveLength(1);
    risk.value = '';
    risk.dispatchEvent(new Event('change', { bubbles: true }));
    const search = target.querySelector('[data-testid="finding-search"]') as HTMLInputElement;
    search.value = 'audiosrv64';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(rows(target).map((r) => r.dataset.findingId)).toEqual(['builtin-clsid-user-writable:ws-fin-07:rmc_setup']);
  });

  it('moves with j/k and arrows, opens with Enter, goes back with Esc, and focuses search with /', async () => {
    const { target } = await openCase();
    const selected = () => target.querySelector('[data-testid="findings-list"] .selected')?.getAttribute('data-finding-id');
    expect(selected()).toBe(seedFinding().id);
    key('j');
    expect(selected()).toBe('builtin-clsid-user-writable:ws-fin-07:rmc_setup');
    key('j');
    expect(selected()).toBe('builtin-clsid-user-writable:ws-fin-07:rmc_setup');
    key('k');
    expect(selected()).toBe(seedFinding().id);
    key('ArrowDown');
    key('ArrowUp');
    key('Enter');
    await expect.poll(() => target.querySelector('[data-testid="finding-detail"]')?.getAttribute('data-finding-id')).toBe(seedFinding().id);
    key('Escape');
    await expect.poll(() => target.querySelector('[data-testid="finding-detail"]')).toBeNull();
    key('/');
    await expect.poll(() => document.activeElement?.getAttribute('data-testid')).toBe('finding-search');
    // Typing j in the search box types, it does not move.
    key('j', document.activeElement!);
    expect(selected()).toBe(seedFinding().id);
  });

  it('draws only the rows in view for 100k findings, and keeps the selected row in view', () => {
    const db = freshDb();
    const c = { fingerprint: 'big', root: '/cases/big', scannedAt: '', openedAt: '', evidence: [], stats: { files: 0, bytes: 0, errors: 0, events: 0, recordErrors: 0, elapsedMs: 0 }, hosts: [], findingCount: 0, findingCounts: { high: 0, medium: 0, low: 0, suppressed: 0 }, rules: [], ruleset: null, findingsCached: true } satisfies CachedCase;
    const desk = new TriageDesk(new FakeClient(fixtureScan('/x', 'x')), db, c);
    desk.rows = manyFindings(100_000).map(({ pivots: _p, ...row }) => row);
    desk.loading = false;
    const target = document.createElement('div');
    document.body.appendChild(target);
    const m = mount(FindingsList, { target, props: { desk } });
    flushSync();
    expect(target.querySelector('[data-testid="finding-count"]')?.textContent).toContain('100000 of 100000');
    expect(rows(target).length).toBeGreaterThan(10);
    expect(rows(target).length).toBeLessThan(100);
    for (let i = 0; i < 500; i++) desk.move(1);
    flushSync();
    const list = target.querySelector('[data-testid="findings-list"]') as HTMLElement;
    list.dispatchEvent(new Event('scroll'));
    flushSync();
    expect(desk.selected).toBe(500);
    expect(target.querySelector('[data-testid="findings-list"] .selected')).not.toBeNull();
    expect(rows(target).length).toBeLessThan(100);
    unmount(m);
  });

  it('exports the visible findings as formula-safe CSV and as JSON through saveExport', async () => {
    const evil = seedFinding({ id: 'evil-csv', process: '=HYPERLINK("http://203.0.113.9","x")' });
    const client = new FakeClient(fixtureScan('/cases/csv', '9'.repeat(64), [evil]));
    const { target } = await openCase(client);
    button(target, /Export CSV/).click();
    await expect.poll(() => client.args.find((a) => a.name === 'saveExport')).toBeDefined();
    const csv = (client.args.find((a) => a.name === 'saveExport')!.arg as { content: string; kind: string }).content;
    expect(csv.split('\r\n')[0]).toContain('"registry_value_data"');
    expect(csv).toContain('"\'=HYPERLINK(""http://203.0.113.9"",""x"")"');
    button(target, /Export JSON/).click();
    await expect.poll(() => client.args.filter((a) => a.name === 'saveExport').length).toBe(2);
    const json = JSON.parse((client.args.filter((a) => a.name === 'saveExport')[1]!.arg as { content: string }).content);
    expect(json.findings[0].id).toBe('evil-csv');
    expect(json.findings[0].pivots).toBeUndefined();
    await expect.poll(() => target.querySelector('[role="status"]')?.textContent).toContain('Saved');
  });

  it('asks for the PDF report with the case, the findings, the annotations and the analyst (asked once, remembered)', async () => {
    const db = freshDb();
    const { target, client } = await openCase(undefined, db);
    button(target, /PDF report/).click();
    // No name yet: asked first, and nothing is sent until given.
    await setAnalyst(target, 'R. Responder');
    await expect.poll(() => client.args.find((a) => a.name === 'saveReport')).toBeDefined();
    const req = client.args.find((a) => a.name === 'saveReport')!.arg as { analyst: string; scan: { findings: { pivots: unknown }[] }; findingIds: string[] | null };
    expect(req.analyst).toBe('R. Responder');
    expect(await db.getSetting('analyst')).toBe('R. Responder');
    button(target, /PDF report/).click();
    await expect.poll(() => client.args.filter((a) => a.name === 'saveReport').length).toBe(2);
    expect(target.querySelector('[data-testid="analyst-prompt"]')).toBeNull();
    expect(req.scan.findings).toHaveLength(3);
    expect(req.scan.findings[0]!.pivots).toBeDefined();
    expect(req.findingIds).toHaveLength(2);
  });
});

describe('finding detail', () => {
  it('asks for the PDF report of the open finding only', async () => {
    const { target, client } = await openCase();
    await openSeed(target);
    (target.querySelector('[data-testid="report-this-finding"]') as HTMLButtonElement).click();
    await setAnalyst(target, 'R. Responder');
    await expect.poll(() => client.args.find((a) => a.name === 'saveReport')).toBeDefined();
    const req = client.args.find((a) => a.name === 'saveReport')!.arg as { findingIds: string[] | null };
    const open = target.querySelector('[data-testid="finding-detail"]')!.getAttribute('data-finding-id');
    expect(req.findingIds).toEqual([open]);
  });

  it('shows the registry write, the process and its parent, risk and the rule documentation', async () => {
    const { target } = await openCase();
    await openSeed(target);
    const d = target.querySelector('[data-testid="finding-detail"]')!;
    expect(d.querySelector('[data-testid="dll-value"]')?.textContent).toContain(DLL);
    expect(d.querySelector('[data-testid="clsid"]')?.textContent).toBe(SEED_CLSID);
    expect(d.querySelector('[data-testid="command-line"]')?.textContent).toContain('/s /i');
    expect(d.querySelector('[data-testid="parent-command-line"]')?.textContent).toContain('invoice_2026-11.js');
    expect(d.textContent).toContain('T1218.010');
    expect(d.textContent).toContain('+10 known-bad CLSID');
    expect(d.textContent).toContain('Software installers and updaters');
    expect(d.textContent).toContain('Integrity');
    expect(d.textContent).toContain('SHA256=');
    expect(d.querySelectorAll('button.copy').length).toBeGreaterThan(10);
  });

  it('draws the process timeline with kinds, the write highlighted and UTC ticks; clicking an event shows its fields', async () => {
    const { target } = await openCase();
    await openSeed(target);
    button(target, /^Process timeline$/).click();
    await expect.poll(() => target.querySelector('[data-testid="timeline-svg"]')).not.toBeNull();
    const svg = target.querySelector('[data-testid="timeline-svg"]')!;
    const kinds = new Set([...svg.querySelectorAll('[data-kind]')].map((m) => m.getAttribute('data-kind')));
    expect([...kinds].sort()).toEqual(['image_load', 'process_start', 'process_stop', 'registry']);
    expect(svg.querySelectorAll('.mark-write')).toHaveLength(1);
    expect(svg.textContent).toContain('registry write 09:41:35.472');
    expect(svg.textContent).toContain('UTC');
    expect([...svg.querySelectorAll('.tick-label')].some((t) => /^09:41:35\.\d{3}$/.test(t.textContent ?? ''))).toBe(true);
    expect(target.querySelectorAll('[data-testid="timeline-table"] [role="row"]')).toHaveLength(9);
    (svg.querySelector('.mark-write') as SVGElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    flushSync();
    const fields = target.querySelector('[data-testid="event-fields"]')!;
    expect(fields.textContent).toContain('TargetObject');
    expect(fields.textContent).toContain('SetValue');
    // j/k move in the timeline, Esc closes the event, then leaves the tab.
    key('j');
    expect(target.querySelector('[data-testid="event-fields"]')?.textContent).toContain('ThreadingModel');
    key('Escape');
    expect(target.querySelector('[data-testid="event-fields"]')).toBeNull();
  });

  it('draws the tree and parallel processes as lanes, narrows them with the window, and pivots to a process timeline', async () => {
    const { target } = await openCase();
    await openSeed(target);
    button(target, /Tree and parallel/).click();
    await expect.poll(() => target.querySelector('[data-testid="processes"]')).not.toBeNull();
    const lanes = () => [...target.querySelectorAll<HTMLElement>('[data-testid="processes"] .lane[data-guid]')];
    expect(lanes().filter((l) => l.dataset.relation !== 'parallel').map((l) => l.querySelector('button')?.textContent?.trim().split(/\s+/)[0])).toEqual(['explorer.exe', 'wscript.exe', 'regsvr32.exe']);
    const parallelAt60 = lanes().filter((l) => l.dataset.relation === 'parallel').length;
    expect(parallelAt60).toBe(3);
    const num = target.querySelector('input[aria-label="Window seconds"]') as HTMLInputElement;
    num.value = '300';
    num.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(lanes().filter((l) => l.dataset.relation === 'parallel')).toHaveLength(4);
    (lanes().find((l) => l.dataset.guid === WSCRIPT_GUID)!.querySelector('button') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="timeline-process"]')?.textContent).toBe('wscript.exe');
    // The cached pivot events of the script host: it created the DLL and loaded it.
    await expect.poll(() => target.querySelectorAll('[data-testid="timeline-table"] [role="row"]').length).toBe(2);
    key('Escape');
    await expect.poll(() => target.querySelector('[data-testid="timeline-process"]')?.textContent).toBe('regsvr32.exe');
  });

  it('shows the DLL pivot: created by the script host, loaded by regsvr32 and the script host, other values; each links to a timeline', async () => {
    const { target } = await openCase();
    await openSeed(target);
    button(target, /DLL pivot/).click();
    await expect.poll(() => target.querySelector('[data-testid="dll-pivot"]')).not.toBeNull();
    const created = [...target.querySelectorAll('[data-testid="dll-created-by"]')].map((b) => b.textContent);
    const loaded = [...target.querySelectorAll('[data-testid="dll-loaded-by"]')].map((b) => b.textContent);
    expect(created).toEqual(['wscript.exe']);
    expect(loaded).toEqual(['regsvr32.exe', 'wscript.exe']);
    expect(target.querySelector('[data-testid="dll-pivot"]')?.textContent).toContain('{0F1E2D3C-0000-4B5A-9C8D-112233445566}');
    (target.querySelectorAll('[data-testid="dll-loaded-by"]')[0] as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="timeline-process"]')?.textContent).toBe('regsvr32.exe');
    expect(target.querySelector('[data-testid="timeline"]')?.textContent).toContain(REGSVR_GUID);
  });
});

describe('triage state', () => {
  it('asks the analyst name once, and keeps status and note across a remount with the same db', async () => {
    const db = freshDb();
    const first = await openCase(undefined, db);
    await openSeed(first.target);
    button(first.target, /^Confirmed$/).click();
    await setAnalyst(first.target, 'A. Analyst');
    await expect.poll(() => first.target.querySelector('[data-testid="status-by"]')?.textContent).toContain('Confirmed · set by A. Analyst');
    const note = first.target.querySelector('[data-testid="note"]') as HTMLTextAreaElement;
    note.value = 'regsvr32 from wscript; DLL sent to lab';
    note.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    button(first.target, /Save note/).click();
    await expect.poll(async () => (await db.annotationsOf('e'.repeat(64))).get(seedFinding().id)?.note).toBe('regsvr32 from wscript; DLL sent to lab');
    first.unmount();

    const client = new FakeClient(fixtureScan('/cases/acme', 'e'.repeat(64)));
    const second = startApp(client, db);
    await expect.poll(() => second.target.querySelectorAll('.recent li').length).toBe(1);
    expect(second.target.querySelector('.recent')?.textContent).toContain('2 high');
    expect(second.target.querySelector('.recent')?.textContent).toContain('WS-FIN-07.corp.example');
    // From the keyboard: Enter opens the recent case pointed at.
    expect(second.target.querySelector('.recent li.selected')).not.toBeNull();
    key('Enter');
    await expect.poll(() => rows(second.target).length).toBe(2);
    expect(rows(second.target)[0]!.textContent).toContain('Confirmed');
    await openSeed(second.target);
    expect((second.target.querySelector('[data-testid="note"]') as HTMLTextAreaElement).value).toBe('regsvr32 from wscript; DLL sent to lab');
    // The name is asked once: a second status change does not ask again.
    button(second.target, /^Investigating$/).click();
    await expect.poll(() => second.target.querySelector('[data-testid="status-by"]')?.textContent).toContain('Investigating · set by A. Analyst');
    expect(second.target.querySelector('[data-testid="analyst-prompt"]')).toBeNull();
    expect(client.calls).toEqual([]);
  });

  it('keeps notes when the case is read again, and filters by status', async () => {
    const db = freshDb();
    await db.setSetting('analyst', 'B');
    const { target, session } = await openCase(undefined, db);
    await openSeed(target);
    button(target, /^False positive$/).click();
    await expect.poll(async () => (await db.annotationsOf('e'.repeat(64))).get(seedFinding().id)?.status).toBe('false_positive');
    await session.rehash();
    await expect.poll(() => rows(target).length).toBe(2);
    const status = target.querySelector('select[aria-label="Status"]') as HTMLSelectElement;
    status.value = 'false_positive';
    status.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(rows(target).map((r) => r.dataset.findingId)).toEqual([seedFinding().id]);
  });

  it('suppresses findings like one from the UI, shows the count, and exports the suppressions as JSON', async () => {
    const db = freshDb();
    await db.setSetting('analyst', 'C');
    const { target, client } = await openCase(undefined, db);
    (target.querySelector('[data-finding-id="builtin-clsid-user-writable:ws-fin-07:rmc_setup"]') as HTMLElement).click();
    await expect.poll(() => target.querySelector('[data-testid="finding-detail"]')).not.toBeNull();
    const reason = target.querySelector('input[aria-label="Suppression reason"]') as HTMLInputElement;
    reason.value = 'lab test box';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    button(target, /Add suppression/).click();
    await expect.poll(async () => (await db.suppressions.toArray()).length).toBe(1);
    key('Escape');
    await expect.poll(() => rows(target).map((r) => r.dataset.findingId)).toEqual([seedFinding().id]);
    expect(target.querySelector('[data-testid="suppressed-toggle"]')?.textContent).toContain('2 suppressed hidden');
    button(target, /export 1 suppression/).click();
    await expect.poll(() => client.args.find((a) => a.name === 'saveExport')).toBeDefined();
    const doc = JSON.parse((client.args.find((a) => a.name === 'saveExport')!.arg as { content: string }).content);
    expect(doc.suppressions[0].when.all).toContainEqual({ field: 'process_name', op: 'equals', value: 'rmc_setup.exe' });
    expect(doc.suppressions[0].author).toBe('C');
    expect(doc.suppressions[0].reason).toBe('lab test box');
  });
});

describe('untrusted text', () => {
  it('renders markup and script in a command line, a registry value and a host name as inert text', async () => {
    const client = new FakeClient(fixtureScan(`/cases/${HOSTILE}`, '7'.repeat(64), [hostileFinding(), ...demoFindings().slice(1)]));
    const { target } = await openCase(client);
    const check = () => {
      expect(target.querySelector('img')).toBeNull();
      expect(target.querySelector('script')).toBeNull();
      expect(target.querySelector('a')).toBeNull();
      expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    };
    expect(rows(target)[0]!.textContent).toContain(HOSTILE);
    check();
    (target.querySelector('[data-finding-id="hostile-1"]') as HTMLElement).click();
    await expect.poll(() => target.querySelector('[data-testid="finding-detail"]')).not.toBeNull();
    expect(target.querySelector('[data-testid="command-line"]')?.textContent).toContain(HOSTILE);
    expect(target.querySelector('[data-testid="dll-value"]')?.textContent).toContain(HOSTILE);
    expect(target.textContent).toContain(`evil${HOSTILE}.corp.example`);
    check();
    button(target, /^Process timeline$/).click();
    await expect.poll(() => target.querySelector('[data-testid="timeline-svg"]')).not.toBeNull();
    (target.querySelector('[data-testid="timeline-table"] [role="row"]') as HTMLElement).click();
    flushSync();
    expect(target.querySelector('[data-testid="event-fields"]')?.textContent).toContain(HOSTILE);
    check();
    button(target, /DLL pivot/).click();
    flushSync();
    check();
  });
});
