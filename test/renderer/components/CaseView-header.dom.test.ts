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
});
