import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCallName, EventPage, EventPageRequest, ExplorerEvent } from '../../../src-main/shared/contract';
import { FakeClient } from '../fake-client';
import { HOST, HOSTILE, fixtureScan } from '../fixtures';
import { freshDb, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

const LONG = `powershell.exe -enc ${'A'.repeat(3000)}`;

/** Event i: every 5th has a command line longer than the search text keeps, then a Marker field; the Marker of events 3, 10 and 25 is "Shared-Value". */
function event(i: number): ExplorerEvent {
  const marker = [3, 10, 25].includes(i) ? (i === 10 ? 'SHARED-VALUE' : 'Shared-Value') : `m${i}`;
  return {
    evidence: 'grid.evtx', record_id: i, time: new Date(Date.UTC(2026, 10, 17, 8, 0, i)).toISOString(), event_id: 1, channel: 'Microsoft-Windows-Sysmon/Operational',
    provider: 'Microsoft-Windows-Sysmon', dest: HOST, process_guid: null,
    fields: { EventID: '1', CommandLine: i % 5 === 0 ? LONG : i === 7 ? HOSTILE : `cmd-${i}`, Marker: marker },
  };
}

class GridClient extends FakeClient {
  constructor(readonly n: number) { super(fixtureScan('/cases/grid', 'd'.repeat(64))); }
  override async call(name: ApiCallName, arg: unknown): Promise<never> {
    if (name !== 'readEventPage') return super.call(name, arg);
    const r = arg as EventPageRequest;
    const events = Array.from({ length: Math.max(0, Math.min(r.limit, this.n - r.skip)) }, (_, k) => event(r.skip + k));
    const end = r.skip + events.length;
    return { path: r.path, events, next: end < this.n ? { chunkFrom: 0, skip: end } : null, errors: 0 } satisfies EventPage as never;
  }
}

async function openExplorer(n: number) {
  const app = startApp(new GridClient(n), freshDb());
  (await expect.poll(() => app.target.querySelector('button'), { timeout: 8000 }).not.toBeNull());
  [...app.target.querySelectorAll('button')].find((b) => /^Open evidence folder/.test(b.textContent ?? ''))!.click();
  await expect.poll(() => app.target.querySelector('[data-testid="tab-explorer"]'), { timeout: 8000 }).not.toBeNull();
  (app.target.querySelector('[data-testid="tab-explorer"]') as HTMLButtonElement).click();
  await expect.poll(() => app.target.querySelector('[data-testid="explorer-count"]')?.textContent ?? '', { timeout: 8000 }).toMatch(new RegExp(`of ${n} events`));
  await expect.poll(() => app.target.querySelector('[data-testid="explorer-reading"]'), { timeout: 8000 }).toBeNull();
  return app;
}
const count = (t: HTMLElement) => t.querySelector('[data-testid="explorer-count"]')!.textContent!.replace(/\s+/g, ' ');
const row = (t: HTMLElement, seq: number) => t.querySelector(`[data-testid="explorer-grid"] [data-seq="${seq}"]`) as HTMLElement;

describe('explorer grid', () => {
  it('draws at most 240 characters of a cell and gives the whole value as its title when the pointer is over it; text stays text', async () => {
    const { target } = await openExplorer(30);
    const line = row(target, 5).querySelector('[data-col="line"]') as HTMLElement;
    expect(line.textContent!.length).toBe(241);
    expect(line.textContent!.endsWith('…')).toBe(true);
    // no title is set on the rows as they are drawn
    expect(line.title).toBe('');
    line.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    // the grid line as the index keeps it (300 characters of the event's summary)
    expect(line.title).toHaveLength(300);
    expect(line.title.startsWith(line.textContent!.slice(0, 240))).toBe(true);
    expect(line.title).toContain('CommandLine=powershell.exe -enc AAAA');
    const hostile = row(target, 7).querySelector('[data-col="line"]') as HTMLElement;
    hostile.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    expect(hostile.textContent).toContain('<img src=x');
    expect(hostile.title).toContain('<img src=x');
    expect(target.querySelector('img')).toBeNull();
  });

  it('keeps the same row elements while scrolling, and stops taking the pointer until it is still', async () => {
    const { target } = await openExplorer(400);
    const grid = target.querySelector('[data-testid="explorer-grid"]') as HTMLElement;
    const before = [...grid.querySelectorAll('[data-slot]')];
    grid.scrollTop = 26 * 100;
    grid.dispatchEvent(new Event('scroll'));
    flushSync();
    expect(grid.classList.contains('scrolling')).toBe(true);
    const after = [...grid.querySelectorAll('[data-slot]')];
    expect(after).toEqual(before);
    // a ring: the top row (position 100) is element 100 mod pool size, placed by its transform
    const top = grid.querySelector('[aria-rowindex="101"]') as HTMLElement;
    expect(top.getAttribute('data-seq')).toBe('100');
    expect(top.getAttribute('data-slot')).toBe(String(100 % before.length));
    expect(top.style.transform).toBe('translateY(0px)');
    expect((grid.querySelector('[aria-rowindex="102"]') as HTMLElement).style.transform).toBe('translateY(26px)');
    // one row further: only the element that leaves the top gets new text; the others keep theirs
    const texts = new Map(after.map((r) => [r, r.textContent]));
    grid.scrollTop = 26 * 101;
    grid.dispatchEvent(new Event('scroll'));
    flushSync();
    expect(after.filter((r) => r.textContent !== texts.get(r))).toEqual([top]);
    expect(top.getAttribute('aria-rowindex')).toBe(String(101 + before.length));
    await expect.poll(() => grid.classList.contains('scrolling'), { timeout: 2000 }).toBe(false);
  });
});

describe('explorer value pivots', () => {
  it('finds every event with the value in any field, ignoring case, also those whose text the index cut', async () => {
    const { target } = await openExplorer(30);
    row(target, 3).click();
    await expect.poll(() => target.querySelector('[data-testid="explorer-detail"]')).not.toBeNull();
    const pivot = [...target.querySelectorAll('[data-testid="explorer-detail"] tr')].find((r) => r.querySelector('th')?.textContent === 'Marker')!.querySelector('[data-testid="value-pivot"]') as HTMLButtonElement;
    pivot.click();
    // 3 and 10 from the text index; 25's text was cut before its Marker (its command line is long): read and checked
    await expect.poll(() => count(target)).toContain('3 of 30');
    expect(target.querySelector('[data-testid="explorer-pivot"]')!.textContent).toContain('Marker = Shared-Value (any field)');
    await expect.poll(() => target.querySelector('[data-testid="explorer-pivot-progress"]')).toBeNull();
    const rows = [...target.querySelectorAll('[data-testid="explorer-grid"] [data-seq]')].sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')));
    expect(rows.map((r) => r.getAttribute('data-seq'))).toEqual(['3', '10', '25']);
    // dropping the pivot shows every event again
    [...target.querySelectorAll('button')].find((b) => b.textContent === 'drop this pivot')!.click();
    flushSync();
    await expect.poll(() => count(target)).toContain('30 of 30');
  });
});
