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

describe('EvidenceTable row count', () => {
  it('says what the rows are in the CLI\'s and the report\'s words, and marks members and files that are not evidence', () => {
    const target = document.createElement('div');
    const c = mount(EvidenceTable, {
      target,
      props: { evidence: [entry('a.evtx', {}), entry('l.zip', { format: 'zip' }), entry('l.zip!/m.json', { format: 'jsonl', archive: 'l.zip' }), entry('SOURCES.md', { format: 'unknown', records: null })] },
    });
    flushSync();
    expect(target.querySelector('[data-testid="evidence-rows"]')!.textContent).toBe('4 rows: 2 files read for events (1 archive among them), 1 archive member listed as a row of its own, 1 file skipped as not evidence (hashed, not read)');
    expect(target.querySelector('tr[data-path="l.zip!/m.json"]')!.textContent).toContain('archive member');
    expect(target.querySelector('tr[data-path="SOURCES.md"]')!.textContent).toContain('not evidence');
    expect(target.querySelector('tr[data-path="a.evtx"]')!.textContent).not.toMatch(/archive member|not evidence/);
    unmount(c);
  });
});
