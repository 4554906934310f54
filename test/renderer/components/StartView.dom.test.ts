/** The start screen (issue 19): one "Open evidence folder" button; recent cases show their hosts and findings. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClient } from '../fake-client';
import { HOST, fixtureScan, seedFinding } from '../fixtures';
import { button, freshDb, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

const openButtons = (t: HTMLElement) => [...t.querySelectorAll('button')].filter((b) => /^Open evidence folder/.test(b.textContent!.trim()));

describe('the start screen', () => {
  it('has one "Open evidence folder" button; a case screen keeps one in the top bar', async () => {
    const { target } = startApp(new FakeClient(fixtureScan('/cases/one', '3'.repeat(64))));
    expect(openButtons(target)).toHaveLength(1);
    button(target, /^Open evidence folder/).click();
    await expect.poll(() => target.querySelector('[data-testid="tab-findings"]'), { timeout: 8000 }).not.toBeNull();
    expect(openButtons(target)).toHaveLength(1);
  });

  it('lists a recent case with every host of its evidence (those with findings first, long lists counted) and its findings by level', async () => {
    const scan = fixtureScan('/cases/fleet', '4'.repeat(64));
    const others = ['DC-01', 'DC-02', 'FS-01', 'WS-HR-02.corp.example', 'WS-HR-03'];
    scan.hostSummaries = {
      hosts: [...others, HOST].map((host) => ({ host, events: 10, first: null, last: null, channels: [], otherChannelEvents: 0 })),
      otherHostEvents: 0,
    };
    const db = freshDb();
    await db.saveScan(scan);
    const { target } = startApp(new FakeClient(scan), db);
    await expect.poll(() => target.querySelector('[data-testid="recent-hosts"]'), { timeout: 8000 }).not.toBeNull();
    const hosts = target.querySelector('[data-testid="recent-hosts"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(hosts.startsWith(`6 hosts: ${HOST}, WS-HR-02.corp.example, DC-01, DC-02`)).toBe(true);
    expect(hosts.endsWith('+2 more')).toBe(true);
    expect(target.querySelectorAll('.recent [data-testid="recent-level"]').length).toBeGreaterThan(0);
  });

  it('counts a recent case\'s findings by the level bands of the findings list, critical included', async () => {
    const scan = fixtureScan('/cases/levels', '6'.repeat(64), [
      seedFinding({ id: 'c1', level: 'critical', risk_score: 90 }), seedFinding({ id: 'c2', level: 'critical', risk_score: 90 }),
      seedFinding({ id: 'h1', level: 'high', risk_score: 73 }), seedFinding({ id: 'i1', level: 'informational', risk_score: 10 }),
      seedFinding({ id: 's1', level: 'critical', risk_score: 90, suppressed: true }),
      seedFinding({ id: 'n1', level: undefined, risk_score: 45 }), // no level of its own: the band of its score
    ]);
    const db = freshDb();
    await db.saveScan(scan);
    const { target } = startApp(new FakeClient(scan), db);
    await expect.poll(() => target.querySelectorAll('[data-testid="recent-level"]').length, { timeout: 8000 }).toBe(4);
    const levels = [...target.querySelectorAll('[data-testid="recent-level"]')].map((e) => [e.textContent, e.className]);
    expect(levels).toEqual([
      ['2 critical', 'level-label level-critical'], ['1 high', 'level-label level-high'], ['1 medium', 'level-label level-medium'], ['1 informational', 'level-label level-informational'],
    ]);
    expect(target.querySelector('.recent')!.textContent).toContain('1 suppressed');
  });
});
