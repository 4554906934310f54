import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseScan } from '../../../src-main/shared/contract';
import { attackMatrix, heatStep, NO_TACTIC } from '../../../src-renderer/lib/attack-matrix';
import { FakeClient } from '../fake-client';
import { HOST, HOSTILE, demoFindings, fixtureScan, seedFinding } from '../fixtures';
import { button, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

function scanWithHosts(): CaseScan {
  const scan = fixtureScan('/cases/overview', 'f'.repeat(64));
  scan.hostSummaries = {
    hosts: [
      { host: HOST, events: 418, first: '2026-11-17T08:00:00.000Z', last: '2026-11-17T11:00:00.000Z', channels: [{ channel: 'Microsoft-Windows-Sysmon/Operational', events: 400 }, { channel: 'Security', events: 18 }], otherChannelEvents: 0 },
      { host: 'DC-01.corp.example', events: 12_345, first: '2026-11-16T23:00:00.000Z', last: '2026-11-17T12:00:00.000Z', channels: [{ channel: 'Security', events: 12_345 }], otherChannelEvents: 0 },
      { host: `evil${HOSTILE}`, events: 1, first: null, last: null, channels: [], otherChannelEvents: 0 },
    ],
    otherHostEvents: 0,
  };
  return scan;
}

async function openOverview(scan: CaseScan) {
  const app = startApp(new FakeClient(scan));
  button(app.target, /^Open evidence folder/).click();
  await expect.poll(() => app.target.querySelector('[data-testid="tab-overview"]'), { timeout: 8000 }).not.toBeNull();
  (app.target.querySelector('[data-testid="tab-overview"]') as HTMLButtonElement).click();
  await expect.poll(() => app.target.querySelector('[data-testid="case-overview"]')).not.toBeNull();
  return app;
}

describe('case overview', () => {
  it('lists every host, also those without findings', async () => {
    const { target } = await openOverview(scanWithHosts());
    const hostRows = [...target.querySelectorAll('[data-testid="overview-hosts"] tbody tr')];
    const names = hostRows.map((r) => r.getAttribute('data-host'));
    expect(names).toContain('DC-01.corp.example');
    expect(names).toContain(HOST);
    // the host with high findings is listed first; the DC has events but no finding
    expect(names[0]).toBe(HOST);
    const dc = hostRows.find((r) => r.getAttribute('data-host') === 'DC-01.corp.example')!;
    expect(dc.textContent).toContain('12,345');
    expect(dc.textContent).toContain('2026-11-16 23:00:00 UTC');
    expect(dc.querySelector('[data-level="high"]')!.textContent).toBe('0');
    const seed = hostRows[0]!;
    // the seed (critical or high) and the hijack count; the suppressed OneDrive finding is on another host
    const total = [...seed.querySelectorAll('[data-level]')].reduce((n, c) => n + Number(c.textContent), 0);
    expect(total).toBe(2);
    // hostile host names are text, never markup
    expect(target.querySelector('img')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('draws findings as marks on host lanes; a mark opens its finding', async () => {
    const { target } = await openOverview(scanWithHosts());
    const marks = [...target.querySelectorAll('[data-testid="lanes-svg"] [data-mark]')];
    expect(marks.length).toBe(2);
    const seed = seedFinding();
    const m = marks.find((x) => x.getAttribute('data-mark') === seed.id)!;
    expect(m.getAttribute('class')).toMatch(/lvl-/);
    (m as SVGElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await expect.poll(() => target.querySelector('[data-testid="finding-detail"]')).not.toBeNull();
  });

  it('names a Sigma rule\'s author on its mark (DRL 1.1), as text; a built-in rule\'s mark names no author', async () => {
    const scan = scanWithHosts();
    const seed = seedFinding();
    const sigma = { ...seed, id: 'sigma-1', rule_id: 'sigma-rule', rule_name: 'Regsvr32 From AppData', source: 'sigma' as const, firstTime: '2026-11-17T10:30:00.000Z', sigma: { id: 'x', title: 'Regsvr32 From AppData', author: `Jane Author ${HOSTILE}`, tags: [] } as never };
    scan.findings = [...scan.findings, sigma];
    const { target } = await openOverview(scan);
    const mark = target.querySelector('[data-testid="lanes-svg"] [data-mark="sigma-1"]')!;
    expect(mark.querySelector('title')!.textContent).toContain(`Regsvr32 From AppData · Sigma rule by Jane Author ${HOSTILE}`);
    expect(mark.getAttribute('aria-label')).toContain('(Sigma rule by Jane Author');
    const builtin = target.querySelector(`[data-testid="lanes-svg"] [data-mark="${seed.id}"]`)!;
    expect(builtin.querySelector('title')!.textContent).not.toContain('Sigma rule by');
    expect(target.querySelector('img')).toBeNull();
  });

  it('zooms the axis with a drag and resets it; a click without a drag does not zoom', async () => {
    const { target } = await openOverview(scanWithHosts());
    const svg = target.querySelector('[data-testid="lanes-svg"]') as SVGSVGElement;
    const range = () => target.querySelector('[data-testid="lanes-range"]')!.textContent;
    const before = range();
    const fire = (type: string, x: number) => svg.dispatchEvent(new PointerEvent(type, { bubbles: true, clientX: x, pointerId: 1 }));
    fire('pointerdown', 400); fire('pointerup', 400); flushSync();
    expect(range()).toBe(before);
    expect(target.querySelector('[data-testid="lanes-reset"]')).toBeNull();
    fire('pointerdown', 300); fire('pointermove', 600); flushSync();
    expect(target.querySelector('[data-testid="lanes-brush"]')).not.toBeNull();
    fire('pointerup', 600); flushSync();
    expect(range()).not.toBe(before);
    (target.querySelector('[data-testid="lanes-reset"]') as HTMLButtonElement).click();
    flushSync();
    expect(range()).toBe(before);
  });

  it('shows the ATT&CK techniques as a heat map; a cell lists its findings', async () => {
    const { target } = await openOverview(scanWithHosts());
    const cell = target.querySelector('[data-testid="attack-matrix"] [data-technique="T1546.015"]') as HTMLButtonElement;
    expect(cell).not.toBeNull();
    expect(cell.closest('[data-tactic]')!.getAttribute('data-tactic')).toBe('Persistence');
    expect(cell.querySelector('.attack-count')!.textContent).toBe('1');
    // the seed's techniques are defence evasion (T1218.010 regsvr32, T1112 registry)
    expect(target.querySelector('[data-tactic="Defense Evasion"] [data-technique="T1218.010"]')).not.toBeNull();
    cell.click();
    await expect.poll(() => target.querySelector('[data-testid="tab-findings"]')?.getAttribute('aria-selected')).toBe('true');
    const search = target.querySelector('input[type="search"]') as HTMLInputElement | null;
    expect(search?.value).toBe('T1546.015');
  });

  it('is the first screen of a case with findings; the Findings tab lists them', async () => {
    const app = startApp(new FakeClient(scanWithHosts()));
    button(app.target, /^Open evidence folder/).click();
    await expect.poll(() => app.target.querySelector('[data-testid="case-overview"]'), { timeout: 8000 }).not.toBeNull();
    expect(app.target.querySelector('[data-testid="tab-overview"]')!.getAttribute('aria-selected')).toBe('true');
    (app.target.querySelector('[data-testid="tab-findings"]') as HTMLButtonElement).click();
    await expect.poll(() => app.target.querySelector('[data-testid="case-overview"]')).toBeNull();
    expect(app.target.textContent).toContain(seedFinding().rule_name);
  });

  it('is the first screen of a case without findings', async () => {
    const scan = fixtureScan('/cases/quiet', '2'.repeat(64), []);
    scan.hostSummaries = { hosts: [{ host: 'DC-01', events: 5, first: null, last: null, channels: [], otherChannelEvents: 0 }], otherHostEvents: 0 };
    const app = startApp(new FakeClient(scan));
    button(app.target, /^Open evidence folder/).click();
    await expect.poll(() => app.target.querySelector('[data-testid="case-overview"]'), { timeout: 8000 }).not.toBeNull();
    expect(app.target.querySelector('[data-host="DC-01"]')).not.toBeNull();
  });

  it('says plainly when the evidence held no event: no host, no time axis, no technique', async () => {
    const scan = fixtureScan('/cases/empty', '0'.repeat(64), []);
    scan.hostSummaries = { hosts: [], otherHostEvents: 0 };
    const { target } = await openOverview(scan);
    expect(target.querySelector('[data-testid="overview-no-hosts"]')).not.toBeNull();
    expect(target.querySelector('[data-testid="lanes-empty"]')).not.toBeNull();
    expect(target.querySelector('[data-testid="attack-empty"]')).not.toBeNull();
    expect(target.textContent).not.toContain('Re-read the evidence to see them');
  });

  it('lists the hosts of the findings of a case read before host summaries, and says what is missing', async () => {
    const { target } = await openOverview(fixtureScan('/cases/old', '1'.repeat(64)));
    expect(target.textContent).toContain('Re-read the evidence to see them');
    const row = target.querySelector(`[data-testid="overview-hosts"] tr[data-host="${HOST}"]`)!;
    expect(row.querySelectorAll('td')[1]!.textContent).toBe('—');
  });
});

describe('attack matrix', () => {
  it('puts Sigma techniques under their tagged tactics and unknown ones under "not stated"', () => {
    const [seed] = demoFindings();
    const sigma = { ...seed!, id: 's1', mitre: ['T1059.001'], sigma: { tags: ['attack.execution', 'attack.t1059.001'] } as never };
    const odd = { ...seed!, id: 'o1', mitre: ['T9999', 'not-a-technique'] };
    // SigmaHQ's newer spelling of tactics (hyphens) counts like the old one
    const c2 = { ...seed!, id: 'c2', mitre: ['T1105'], sigma: { tags: ['attack.command-and-control', 'attack.t1105'] } as never };
    const m = attackMatrix([seed!, sigma, odd, c2]);
    expect(m.columns.map((c) => c.tactic)).toEqual(['Execution', 'Defense Evasion', 'Command and Control', NO_TACTIC]);
    expect(m.columns.find((c) => c.tactic === NO_TACTIC)!.cells.map((c) => c.technique)).toEqual(['T9999']);
    expect(heatStep(0, 5)).toBe(0);
    expect(heatStep(5, 5)).toBe(5);
    expect(heatStep(1, 1000)).toBeGreaterThanOrEqual(1);
  });
});
