/**
 * A Sigma finding on the analyst's desk: the list shows each finding's level; the detail shows the
 * rule's metadata with its author (DRL 1.1) and the matched events, from the Dexie cache, as text
 * (a hostile author or description is never markup).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseFinding } from '../../../src-main/shared/contract';
import { FakeClient } from '../fake-client';
import { HOSTILE, REGSVR_GUID, fixtureScan, seedFinding } from '../fixtures';
import { button, freshDb, rows, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

function sigmaFinding(): CaseFinding {
  const base = seedFinding();
  return {
    ...base, id: 'sigma-1', rule_id: '8e2b24c9-4add-46a0-b4bb-0057b4e6187d', rule_name: 'Scripting/CommandLine Process Spawned Regsvr32',
    risk_score: 50, registry_path: '', registry_key_name: '', registry_value_name: '', registry_value_data: '', clsid: null, count: 2,
    source: 'sigma', level: 'medium', risk_reasons: [], message: 'Sigma (medium) Scripting/CommandLine Process Spawned Regsvr32: 2 events',
    events: [
      { evidence: 'sysmon.evtx', record_id: 4242, event_id: 1, time: '2026-11-17T09:41:35.0000000Z', process_guid: REGSVR_GUID },
      { evidence: 'sysmon.evtx', record_id: 4243, event_id: 1, time: '2026-11-17T09:41:36.0000000Z', process_guid: REGSVR_GUID },
    ],
    events_truncated: false,
    sigma: {
      id: '8e2b24c9-4add-46a0-b4bb-0057b4e6187d', title: 'Scripting/CommandLine Process Spawned Regsvr32', level: 'medium', status: 'test',
      description: `Detects scripting engines spawning regsvr32 ${HOSTILE}`, author: `Florian Roth ${HOSTILE}`, date: '2023-05-26', modified: null,
      references: ['https://example.org/regsvr32'], falsepositives: ['Legitimate installer scripts'], tags: ['attack.t1218.010'],
      logsource: { product: 'windows', category: 'process_creation' }, path: 'rules/windows/process_creation/proc_creation_win_regsvr32_susp_parent.yml', origin: 'sigmahq',
    },
  };
}

describe('a Sigma finding on the desk', () => {
  it('lists the level, and the detail shows the rule with its author and the matched events, as text', async () => {
    const app = startApp(new FakeClient(fixtureScan('/cases/sigma', 'f'.repeat(64), [seedFinding(), sigmaFinding()])), freshDb());
    button(app.target, /^Open evidence folder/).click();
    await expect.poll(() => rows(app.target).length, { timeout: 5000 }).toBe(2);
    const levels = [...app.target.querySelectorAll('[data-testid="finding-level"]')].map((e) => e.textContent);
    expect(levels).toEqual(['high', 'medium']);
    (app.target.querySelector('[data-finding-id="sigma-1"]') as HTMLElement).click();
    await expect.poll(() => app.target.querySelector('[data-testid="matched-events"]'), { timeout: 5000 }).not.toBeNull();
    const panel = app.target.querySelector('[data-testid="sigma-rule"]')!;
    expect(panel.querySelector('[data-testid="sigma-author"]')?.textContent).toContain(`Florian Roth ${HOSTILE}`);
    for (const s of ['medium', 'test', 'proc_creation_win_regsvr32_susp_parent.yml', 'category: process_creation', 'Legitimate installer scripts', 'https://example.org/regsvr32', 'attack.t1218.010']) {
      expect(panel.textContent, s).toContain(s);
    }
    expect([...panel.querySelectorAll('[data-testid="matched-events"] tbody tr')].map((r) => r.children[2]?.textContent)).toEqual(['4242', '4243']);
    expect(app.target.querySelector('[data-testid="dll-value"]')).toBeNull();
    expect(app.target.querySelector('img, script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
