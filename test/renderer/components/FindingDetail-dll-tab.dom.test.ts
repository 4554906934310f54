/**
 * The finding detail's DLL pivot tab (issue 19): offered only when the finding names a DLL, and
 * Sysmon's "Binary Data" (a REG_BINARY value it does not show) said plainly, never as a DLL path.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseFinding, FindingPivots } from '../../../src-main/shared/contract';
import { FakeClient } from '../fake-client';
import { fixtureScan, seedFinding } from '../fixtures';
import { button, rows, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

async function openDetail(finding: CaseFinding) {
  const app = startApp(new FakeClient(fixtureScan('/cases/dll-tab', 'e'.repeat(64), [finding])));
  button(app.target, /^Open evidence folder/).click();
  await expect.poll(() => rows(app.target).length, { timeout: 15_000 }).toBe(1);
  rows(app.target)[0]!.click();
  await expect.poll(() => app.target.querySelector('[data-testid="finding-detail"]'), { timeout: 15_000 }).not.toBeNull();
  return app.target;
}

const tabNames = (t: HTMLElement) => [...t.querySelectorAll('[role="tab"]')].map((b) => b.textContent!.trim());

function noDllPivots(p: FindingPivots): FindingPivots {
  return { ...p, dll_created_by: [], dll_loaded_by: [], other_registry_values: [], dll_file_events: [], dll_load_events: [] };
}

/** A Sigma autorun finding on a Run value that Sysmon wrote as "Binary Data". */
function binaryAutorun(): CaseFinding {
  const base = seedFinding();
  return {
    ...base, id: 'sigma-autorun', rule_id: 'a0f1a2b3-0000-4000-8000-000000000001', rule_name: 'Autorun Keys Modification', source: 'sigma', level: 'medium', risk_score: 50,
    registry_path: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater', registry_key_name: 'Run', registry_value_name: 'Updater',
    registry_value_data: 'Binary Data', clsid: null, server_path: null, pivots: noDllPivots(base.pivots),
  };
}

describe('the DLL pivot tab', () => {
  it('is offered for a finding that names a DLL', async () => {
    const target = await openDetail(seedFinding({ server_path: 'c:\\users\\j.doe\\appdata\\x.dll' }));
    await expect.poll(() => tabNames(target)).toContain('DLL pivot');
  });

  it('is not offered for a finding with no DLL; the detail says what Sysmon\'s "Binary Data" is', async () => {
    const target = await openDetail(binaryAutorun());
    await expect.poll(() => tabNames(target)).toEqual(['Finding', 'Process timeline', 'Tree and parallel processes']);
    const value = target.querySelector('[data-testid="dll-value"]')!;
    expect(value.textContent).toContain('binary value, not shown by Sysmon');
    expect(value.querySelector('button.copy')).toBeNull();
    // The list's DLL value column says the same.
    button(target, /^← Findings/).click();
    await expect.poll(() => rows(target)[0]?.querySelector('[data-column="dll"]')?.textContent).toBe('binary value, not shown by Sysmon');
  });
});
