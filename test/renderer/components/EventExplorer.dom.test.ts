import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCallName, EventPage, EventPageRequest, EventSource, EventSourceRequest, ExplorerEvent } from '../../../src-main/shared/contract';
import { EventIndex, parseEventIds } from '../../../src-renderer/lib/event-index';
import { FakeClient } from '../fake-client';
import { HOST, HOSTILE, REGSVR_GUID, fixtureScan } from '../fixtures';
import { freshDb, startApp, button, unmountAll } from '../mount-app';

afterEach(unmountAll);

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

function event(i: number): ExplorerEvent {
  const eid = [1, 13, 4624][i % 3]!;
  const guid = i % 3 === 0 ? REGSVR_GUID : null;
  return {
    evidence: 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx', record_id: 1000 + i, time: new Date(Date.UTC(2026, 10, 17, 8, 0, i * 60)).toISOString(),
    event_id: eid, channel: eid === 4624 ? 'Security' : SYSMON, provider: eid === 4624 ? 'Microsoft-Windows-Security-Auditing' : 'Microsoft-Windows-Sysmon',
    dest: i % 2 ? 'DC-01.corp.example' : HOST, process_guid: guid,
    fields: { EventID: String(eid), Computer: i % 2 ? 'DC-01.corp.example' : HOST, ...(guid ? { ProcessGuid: guid, Image: 'C:\\Windows\\System32\\regsvr32.exe' } : {}), CommandLine: i === 7 ? HOSTILE : `cmd-${i} /q`, Marker: i === 5 ? 'needle-value' : `v${i}` },
  };
}

/** Answers readEventPage from `n` events of the one evidence file, in pages as main does. */
class ExplorerClient extends FakeClient {
  pages = 0;
  sources: EventSourceRequest[] = [];
  constructor(readonly n: number) { super(fixtureScan('/cases/explore', 'c'.repeat(64))); }
  override async call(name: ApiCallName, arg: unknown): Promise<never> {
    if (name === 'readEventSource') {
      this.calls.push(name);
      const r = arg as EventSourceRequest;
      this.sources.push(r);
      return { kind: 'evtx-record', text: `<Event><System><EventRecordID>${r.recordId}</EventRecordID></System><EventData><Data Name='CommandLine'>&lt;img src=x onerror=alert(1)&gt;${HOSTILE}</Data></EventData></Event>`, renderedXml: null, from: `${r.path}: binary EVTX`, mismatch: null } satisfies EventSource as never;
    }
    if (name !== 'readEventPage') return super.call(name, arg);
    this.calls.push(name);
    this.pages++;
    const r = arg as EventPageRequest;
    const events = Array.from({ length: Math.max(0, Math.min(r.limit, this.n - r.skip)) }, (_, k) => event(r.skip + k));
    const end = r.skip + events.length;
    return { path: r.path, events, next: end < this.n ? { chunkFrom: 0, skip: end } : null, errors: 0 } satisfies EventPage as never;
  }
}

async function openExplorer(client: FakeClient, db = freshDb()) {
  const app = startApp(client, db);
  button(app.target, /^Open evidence folder/).click();
  await expect.poll(() => app.target.querySelector('[data-testid="tab-explorer"]'), { timeout: 8000 }).not.toBeNull();
  (app.target.querySelector('[data-testid="tab-explorer"]') as HTMLButtonElement).click();
  await expect.poll(() => app.target.querySelector('[data-testid="explorer-count"]')?.textContent ?? '', { timeout: 8000 }).toMatch(/of [\d,]+ events/);
  await expect.poll(() => app.target.querySelector('[data-testid="explorer-reading"]'), { timeout: 8000 }).toBeNull();
  await expect.poll(() => app.target.querySelector('[data-testid="explorer-indexing"]'), { timeout: 8000 }).toBeNull();
  await expect.poll(() => app.target.querySelector('[data-testid="explorer-filtering"]'), { timeout: 8000 }).toBeNull();
  return app;
}

const count = (t: HTMLElement) => t.querySelector('[data-testid="explorer-count"]')!.textContent!.replace(/\s+/g, ' ');
function type(el: HTMLInputElement, v: string) { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); flushSync(); }
function choose(el: HTMLSelectElement, v: string) { el.value = v; el.dispatchEvent(new Event('change', { bubbles: true })); flushSync(); }

describe('event explorer', () => {
  it('reads every event once into the cache and reopens from the cache without calling main', async () => {
    const client = new ExplorerClient(2_500);
    const db = freshDb();
    const a = await openExplorer(client, db);
    expect(count(a.target)).toContain('2,500 of 2,500 events');
    expect(client.pages).toBe(3);
    // virtualised: far fewer rows in the DOM than events
    const drawn = a.target.querySelectorAll('[data-testid="explorer-grid"] [data-seq]').length;
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(100);
    a.unmount();
    const again = new ExplorerClient(2_500);
    const b = await openExplorer(again, db);
    expect(count(b.target)).toContain('2,500 of 2,500 events');
    expect(again.pages).toBe(0);
  });

  it('filters by EventID, host, channel and text; a bad EventID shows nothing and says why', async () => {
    const { target } = await openExplorer(new ExplorerClient(300));
    type(target.querySelector('[data-testid="explorer-eventid"]') as HTMLInputElement, '4624');
    expect(count(target)).toContain('100 of 300');
    const ids = [...target.querySelectorAll('[data-testid="row-eventid"]')].map((x) => x.textContent);
    expect(new Set(ids)).toEqual(new Set(['4624']));
    type(target.querySelector('[data-testid="explorer-eventid"]') as HTMLInputElement, '1, 13');
    expect(count(target)).toContain('200 of 300');
    choose(target.querySelector('[data-testid="explorer-host"]') as HTMLSelectElement, HOST);
    expect(count(target)).toContain('100 of 300');
    type(target.querySelector('[data-testid="explorer-eventid"]') as HTMLInputElement, '4624 or');
    expect(count(target)).toContain('0 of 300');
    expect(count(target)).toContain('EventID must be numbers');
    button(target, /^Clear filters/).click();
    flushSync();
    type(target.querySelector('[data-testid="explorer-search"]') as HTMLInputElement, 'NEEDLE-value');
    expect(count(target)).toContain('1 of 300');
    type(target.querySelector('[data-testid="explorer-search"]') as HTMLInputElement, 'no such text anywhere');
    expect(count(target)).toContain('0 of 300');
    expect(target.querySelector('[data-testid="explorer-empty"]')!.textContent).toContain('No event matches');
  });

  it('opens an event with every field, pivots to events with a value and to the process timeline; text stays text', async () => {
    const { target } = await openExplorer(new ExplorerClient(30));
    (target.querySelector('[data-seq="7"]') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="explorer-detail"]')).not.toBeNull();
    expect(target.querySelector('[data-testid="explorer-detail"]')!.textContent).toContain('<img src=x');
    expect(target.querySelector('img')).toBeNull();
    (target.querySelector('[data-seq="5"]') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="explorer-detail"]')?.textContent).toContain('needle-value');
    const pivot = [...target.querySelectorAll('[data-testid="explorer-detail"] tr')].find((r) => r.textContent?.includes('Marker'))!.querySelector('[data-testid="value-pivot"]') as HTMLButtonElement;
    pivot.click();
    await expect.poll(() => count(target)).toContain('1 of 30');
    expect(target.querySelector('[data-testid="explorer-pivot"]')!.textContent).toContain('Marker = needle-value');
    button(target, /^Clear filters/).click();
    flushSync();
    (target.querySelector('[data-seq="0"]') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="explorer-process-pivot"]')).not.toBeNull();
    (target.querySelector('[data-testid="explorer-process-pivot"]') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="explorer-timeline"] [data-testid="timeline-svg"]')).not.toBeNull();
    // events 0, 6, 12, 18, 24 are the process's on HOST (every third event, on even positions)
    expect(count(target)).toContain('5 of 30');
  });

  it('shows the raw Event XML of the opened event, asked for at the place its page was read, as text only', async () => {
    const client = new ExplorerClient(2_500);
    const { target } = await openExplorer(client);
    type(target.querySelector('[data-testid="explorer-search"]') as HTMLInputElement, 'cmd-1234 ');
    await expect.poll(() => count(target)).toContain('1 of 2,500');
    (target.querySelector('[data-seq="1234"]') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="explorer-raw-xml"]')?.textContent ?? '').toContain('<EventRecordID>2234</EventRecordID>');
    // page 2 of the file was read with skip 1,000: event 1,234 is its 234th
    expect(client.sources).toEqual([{ root: '/cases/explore', path: 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx', format: 'evtx', chunkFrom: 0, skip: 1234, recordId: 2234 }]);
    const pre = target.querySelector('[data-testid="explorer-raw-xml"]')!;
    expect(pre.children).toHaveLength(0);
    expect(pre.textContent).toContain('<img src=x onerror="window.__pwned=1">');
    expect(target.querySelector('img')).toBeNull();
    // the app's one-line XML is laid out one element per line
    expect(pre.textContent).toMatch(/<Event>\n {2}<System>\n {4}<EventRecordID>/);
    expect(target.querySelector('[data-testid="explorer-raw-from"]')!.textContent).toContain('binary EVTX');
  });

  it('rebuilds the index of a case cached before index v4 from its cached events, without reading the evidence', async () => {
    const db = freshDb();
    const a = await openExplorer(new ExplorerClient(1_500), db);
    a.unmount();
    const fp = 'c'.repeat(64);
    // as the v4 upgrade leaves a v3 case: events cached, no index pages, the load not marked with the index format
    await db.eventColumns.clear();
    await db.eventTexts.clear();
    await db.eventLoads.update(fp, { index: undefined });
    const again = new ExplorerClient(1_500);
    const b = await openExplorer(again, db);
    expect(count(b.target)).toContain('1,500 of 1,500 events');
    expect(again.pages).toBe(0);
    type(b.target.querySelector('[data-testid="explorer-search"]') as HTMLInputElement, 'cmd-1499 ');
    await expect.poll(() => count(b.target)).toContain('1 of 1,500');
    expect(await db.eventColumns.count()).toBe(2);
    expect((await db.eventLoads.get(fp))!.index).toBe(2);
    // rebuilt pages know no read place: the raw XML says why instead of guessing
    (b.target.querySelector('[data-seq="1499"]') as HTMLButtonElement).click();
    await expect.poll(() => b.target.querySelector('[data-testid="explorer-raw-unavailable"]')?.textContent ?? '').toContain('Re-read evidence');
    expect(again.sources).toHaveLength(0);
  });

  it('selects a time range on the histogram and drops it again', async () => {
    const { target } = await openExplorer(new ExplorerClient(120));
    const svg = target.querySelector('[data-testid="explorer-histogram"]') as SVGSVGElement;
    const fire = (t: string, x: number) => svg.dispatchEvent(new PointerEvent(t, { bubbles: true, clientX: x }));
    fire('pointerdown', 100); fire('pointermove', 400); fire('pointerup', 400); flushSync();
    const shown = Number(count(target).match(/^\s*([\d,]+) of/)![1]!.replace(/,/g, ''));
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(120);
    (target.querySelector('[data-testid="explorer-clear-range"]') as HTMLButtonElement).click();
    flushSync();
    expect(count(target)).toContain('120 of 120');
  });

  it('reports a file whose events cannot be read, and still shows the rest', async () => {
    class Failing extends ExplorerClient {
      override async call(name: ApiCallName, arg: unknown): Promise<never> {
        if (name === 'readEventPage' && (arg as EventPageRequest).skip > 0) throw new Error('cannot read the events of x: broken chunk');
        return super.call(name, arg);
      }
    }
    const { target } = await openExplorer(new Failing(1_500));
    expect(count(target)).toContain('1,000 of 1,000');
    expect(target.textContent).toContain('1 files with unread events');
  });
});

describe('event index', () => {
  it('parses EventID lists and refuses anything else', () => {
    expect(parseEventIds('4624, 4625 4688')).toEqual([4624, 4625, 4688]);
    expect(parseEventIds('')).toEqual([]);
    expect(parseEventIds('4624 or 1')).toBeNull();
    expect(parseEventIds('123456')).toBeNull();
  });
  it('counts a histogram only over events in the span, and finds nothing for an unknown host', () => {
    const ix = new EventIndex();
    ix.addEvents(0, Array.from({ length: 10 }, (_, i) => event(i)));
    const all = ix.filter({});
    expect(all.length).toBe(10);
    const s = ix.span()!;
    expect(ix.histogram(all, s.from, s.to, 5).reduce((a, b) => a + b, 0)).toBe(10);
    expect(ix.filter({ host: 'NOPE' }).length).toBe(0);
  });
  it("searches each page's joined text without matching across two events, and maps rows to their page and read place", () => {
    const ix = new EventIndex();
    const evs = Array.from({ length: 10 }, (_, i) => event(i));
    ix.addEvents(0, evs.slice(0, 6), { path: 'a.evtx', format: 'evtx', chunkFrom: 64, skip: 1000 });
    ix.addEvents(6, evs.slice(6), null);
    expect(ix.pageCount).toBe(2);
    // every event's text ends in "v<i>\n" and the next starts with its EventID: no hit spans the two
    expect([...ix.filter({ text: 'v0\n13' })]).toEqual([]);
    expect([...ix.filter({ text: 'needle-value' })]).toEqual([5]);
    expect([...ix.filter({ text: '/q', host: HOST })]).toEqual([0, 2, 4, 6, 8]);
    // event 7's command line is the hostile text, not cmd-7
    expect([...ix.filter({ text: 'cmd-', eventIds: [13] })]).toEqual([1, 4]);
    expect(ix.line(7)).toContain('CommandLine=<img');
    expect(ix.source(4)).toEqual({ path: 'a.evtx', format: 'evtx', chunkFrom: 64, skip: 1004 });
    expect(ix.source(8)).toBeNull();
    // run in slices: the same result as at once
    const run = ix.startFilter({ text: 'cmd-' });
    while (!run.run(-1)) { /* one page per call */ }
    expect(run.result.length).toBe(ix.filter({ text: 'cmd-' }).length);
  });
});

describe('event bookmarks', () => {
  it('asks the name once, bookmarks an event with a note, lists the bookmarked events, and keeps them after a remount', async () => {
    const db = freshDb();
    const a = await openExplorer(new ExplorerClient(40), db);
    const { target } = a;
    (target.querySelector('[data-seq="9"]') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="bookmark-form"]')).not.toBeNull();
    type(target.querySelector('[data-testid="bookmark-note"]') as HTMLInputElement, 'lateral movement starts here');
    (target.querySelector('[data-testid="bookmark-save"]') as HTMLButtonElement).click();
    // no analyst name yet: asked, nothing saved
    await expect.poll(() => target.querySelector('[data-testid="analyst-prompt"]')).not.toBeNull();
    expect(await db.bookmarks.count()).toBe(0);
    const input = target.querySelector('[data-testid="analyst-prompt"] input') as HTMLInputElement;
    type(input, 'K. Analyst');
    (target.querySelector('[data-testid="analyst-prompt"] button[type="submit"]') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="analyst-prompt"]')).toBeNull();
    (target.querySelector('[data-testid="bookmark-save"]') as HTMLButtonElement).click();
    await expect.poll(() => target.querySelector('[data-testid="bookmarked"]')?.textContent).toContain('K. Analyst');
    const saved = await db.bookmarks.toArray();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ note: 'lateral movement starts here', by: 'K. Analyst', key: `${event(9).evidence}#1009` });
    a.unmount();
    const b = await openExplorer(new ExplorerClient(40), db);
    (b.target.querySelector('[data-testid="explorer-bookmarks"]') as HTMLButtonElement).click();
    await expect.poll(() => count(b.target)).toContain('1 of 40');
    expect(b.target.querySelector('[data-testid="explorer-grid"] [data-seq="9"]')).not.toBeNull();
    (b.target.querySelector('[data-seq="9"]') as HTMLButtonElement).click();
    await expect.poll(() => (b.target.querySelector('[data-testid="bookmark-note"]') as HTMLInputElement | null)?.value).toBe('lateral movement starts here');
    (b.target.querySelector('[data-testid="bookmark-remove"]') as HTMLButtonElement).click();
    await expect.poll(() => db.bookmarks.count()).toBe(0);
  });
});

describe('bookmarked events in the report request', () => {
  it('sends each bookmark with its event (found again by file and record when it moved) and its note; a lost event is said so', async () => {
    const db = freshDb();
    const client = new ExplorerClient(40);
    await db.setSetting('analyst', 'K. Analyst');
    const { target } = await openExplorer(client, db);
    const fp = 'c'.repeat(64);
    const at = '2026-12-05T20:00:00.000Z';
    await db.bookmarks.bulkPut([
      { fingerprint: fp, key: `${event(9).evidence}#1009`, seq: 9, note: 'here', by: 'K. Analyst', at },
      // a re-read placed record 1020 elsewhere: the bookmark's seq now names another event
      { fingerprint: fp, key: `${event(20).evidence}#1020`, seq: 3, note: 'moved', by: 'K. Analyst', at },
      { fingerprint: fp, key: 'gone.evtx#77', seq: 9_999, note: 'lost', by: 'K. Analyst', at },
    ]);
    (target.querySelector('[data-testid="tab-findings"]') as HTMLButtonElement).click();
    flushSync();
    button(target, /^PDF report…/).click();
    await expect.poll(() => client.calls.includes('saveReport')).toBe(true);
    const req = client.args.find((a) => a.name === 'saveReport')!.arg as { bookmarks: Record<string, unknown>[] };
    const byNote = new Map(req.bookmarks.map((b) => [b.note, b]));
    expect(req.bookmarks).toHaveLength(3);
    expect(byNote.get('here')).toMatchObject({ recordId: 1009, eventId: 1, host: 'DC-01.corp.example', channel: SYSMON, time: event(9).time, by: 'K. Analyst' });
    expect(byNote.get('here')!.summary).toContain('CommandLine=cmd-9 /q');
    expect(byNote.get('moved')).toMatchObject({ recordId: 1020, time: event(20).time, evidence: event(20).evidence });
    expect(byNote.get('lost')).toMatchObject({ evidence: 'gone.evtx', recordId: 77, time: null });
    expect(String(byNote.get('lost')!.summary)).toMatch(/not in the case's event cache/);
  });
});
