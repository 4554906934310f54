/** The case header (CaseView): the hosts it names are those with findings, said so (the overview lists every host). */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClient } from '../fake-client';
import { fixtureScan } from '../fixtures';
import { button, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

describe('the case header', () => {
  it('names the hosts with findings as such', async () => {
    const scan = fixtureScan('/cases/head', '8'.repeat(64));
    const hosts = [...new Set(scan.findings.map((f) => f.dest))].sort();
    expect(hosts.length).toBeGreaterThan(0);
    const { target } = startApp(new FakeClient(scan));
    button(target, /^Open evidence folder/).click();
    await expect.poll(() => target.querySelector('[data-testid="hosts-with-findings"]'), { timeout: 8000 }).not.toBeNull();
    expect(target.querySelector('[data-testid="hosts-with-findings"]')!.textContent).toBe(`findings on ${hosts.join(', ')}`);
  });

  it('counts the evidence in the words of the ingest counter and the Evidence tab', async () => {
    const scan = fixtureScan('/cases/rows', '9'.repeat(64));
    const first = scan.evidence[0]!;
    scan.evidence = [first, { ...first, path: 'l.zip', format: 'zip' }, { ...first, path: 'l.zip!/m.json', archive: 'l.zip', format: 'jsonl' }, { ...first, path: 'SOURCES.md', format: 'unknown', records: null }];
    const { target } = startApp(new FakeClient(scan));
    button(target, /^Open evidence folder/).click();
    await expect.poll(() => target.querySelector('[data-testid="case-files"]'), { timeout: 8000 }).not.toBeNull();
    const files = target.querySelector<HTMLElement>('[data-testid="case-files"]')!;
    expect(files.textContent).toBe('2 files read for events · 4 rows');
    expect(files.title).toBe('4 rows: 2 files read for events (1 archive among them), 1 archive member listed as a row of its own, 1 file skipped as not evidence (hashed, not read)');
  });
});
