import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import { NOT_HASHED_SHA256, type EvidenceEntry } from '../../../src-main/shared/contract';
import EvidenceTable from '../../../src-renderer/components/EvidenceTable.svelte';

function entry(path: string, extra: Partial<EvidenceEntry>): EvidenceEntry {
  return { path, bytes: 10, modified: '2026-11-17T11:00:00.000Z', sha256: 'ab'.repeat(32), hashComplete: true, format: 'evtx', records: 1, errors: 0, warnings: 0, errorSamples: [], warningSamples: [], ...extra };
}

describe('EvidenceTable', () => {
  it('shows the hash of a read file and "not hashed: <reason>" (no hash) for a file not read to the end', () => {
    const target = document.createElement('div');
    const c = mount(EvidenceTable, {
      target,
      props: { evidence: [entry('a.evtx', {}), entry('b.evtx', { sha256: NOT_HASHED_SHA256, hashComplete: false, notHashed: 'EIO: input-output error', error: 'EIO: input-output error' })] },
    });
    flushSync();
    const rows = target.querySelectorAll('tbody tr');
    expect(rows[0]!.querySelector('[data-testid="sha256"]')!.textContent).toBe('ab'.repeat(32));
    expect(rows[1]!.querySelector('[data-testid="sha256"]')).toBeNull();
    expect(rows[1]!.querySelector('[data-testid="not-hashed"]')!.textContent).toBe('not hashed: EIO: input-output error');
    expect(target.textContent).not.toContain(NOT_HASHED_SHA256);
    unmount(c);
  });
});
