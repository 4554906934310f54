/** The Evidence tab's counts (issue 19): files with errors apart from files with routine warnings only. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvidenceEntry } from '../../../src-main/shared/contract';
import { FakeClient } from '../fake-client';
import { fixtureScan } from '../fixtures';
import { button, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

function entry(path: string, extra: Partial<EvidenceEntry>): EvidenceEntry {
  return { path, bytes: 10, modified: '2026-11-17T11:00:00.000Z', sha256: 'ab'.repeat(32), hashComplete: true, format: 'evtx', records: 1, errors: 0, warnings: 0, errorSamples: [], warningSamples: [], ...extra };
}

async function tabText(evidence: EvidenceEntry[]): Promise<HTMLElement> {
  const scan = fixtureScan('/cases/tab', '9'.repeat(64));
  scan.evidence = evidence;
  const { target } = startApp(new FakeClient(scan));
  button(target, /^Open evidence folder/).click();
  await expect.poll(() => target.querySelector('[data-testid="tab-evidence"]'), { timeout: 8000 }).not.toBeNull();
  return target.querySelector('[data-testid="tab-evidence"]') as HTMLElement;
}

describe('the Evidence tab', () => {
  it('counts files with errors and files with warnings only, apart', async () => {
    const tab = await tabText([
      entry('a.evtx', { errors: 2, warnings: 1 }),
      entry('b.evtx', { error: 'not an EVTX file' }),
      entry('c.evtx', { warnings: 3 }),
      entry('d.evtx', { warnings: 1 }),
      entry('e.evtx', { warnings: 1 }),
      entry('f.evtx', {}),
    ]);
    expect(tab.querySelector('[data-testid="evidence-with-errors"]')!.textContent).toBe('2 with errors');
    expect(tab.querySelector('[data-testid="evidence-with-warnings"]')!.textContent).toBe('3 with warnings');
    expect(tab.textContent).not.toContain('with issues');
  });

  it('says nothing of errors when files have only routine warnings, and nothing at all for clean files', async () => {
    const warned = await tabText([entry('c.evtx', { warnings: 1 }), entry('f.evtx', {})]);
    expect(warned.querySelector('[data-testid="evidence-with-errors"]')).toBeNull();
    expect(warned.querySelector('[data-testid="evidence-with-warnings"]')!.textContent).toBe('1 with warnings');
    unmountAll();
    const clean = await tabText([entry('f.evtx', {})]);
    expect(clean.querySelector('.count.bad-count, .count.warn-count')).toBeNull();
  });
});
