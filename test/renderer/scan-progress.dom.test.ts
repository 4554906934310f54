import 'fake-indexeddb/auto';
import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import ScanProgress from '../../src-renderer/components/ScanProgress.svelte';

describe('ScanProgress', () => {
  it('shows the percentage of bytes, the file count and the current file, and cancels', () => {
    const target = document.createElement('div');
    let cancelled = 0;
    const c = mount(ScanProgress, {
      target,
      props: {
        progress: { jobId: 'j', phase: 'reading', filesDone: 3, filesTotal: 8, bytesDone: 2 * 1048576, bytesTotal: 8 * 1048576, events: 0, currentFile: 'logs/Security.evtx', eventsPerSecond: 0 },
        oncancel: () => cancelled++,
      },
    });
    flushSync();
    const bar = target.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect((target.querySelector('.progress-fill') as HTMLElement).style.width).toBe('25%');
    expect(target.textContent).toContain('3 of 8 files');
    expect(target.textContent).toContain('logs/Security.evtx');
    target.querySelector('button')!.click();
    expect(cancelled).toBe(1);
    unmount(c);
  });
});

describe('ingest files from progress', () => {
  it('marks the file progress names, the ones named before as done, and starts again on a new pass', async () => {
    const { CaseSession } = await import('../../src-renderer/state/case-session.svelte');
    const { FakeClient, fakeScan } = await import('./fake-client');
    const { CaseDb } = await import('../../src-renderer/lib/case-db');
    const client = new FakeClient(fakeScan('/c', '5'.repeat(64), ['a.evtx', 'b.evtx', 'c.evtx']));
    const s = new CaseSession(client, new CaseDb(`progress-${Date.now()}`));
    s.ingestFiles = ['a.evtx', 'b.evtx', 'c.evtx'].map((path) => ({ path, bytes: 1, state: 'waiting' as const }));
    (s as unknown as { jobId: string }).jobId = 'j';
    const p = { jobId: 'j', filesTotal: 3, bytesTotal: 3, events: 0, eventsPerSecond: 0 };
    client.emitProgress({ ...p, phase: 'hashing', filesDone: 0, bytesDone: 0, currentFile: 'a.evtx' });
    client.emitProgress({ ...p, phase: 'hashing', filesDone: 1, bytesDone: 1, currentFile: 'b.evtx' });
    expect(s.ingestFiles.map((f) => f.state)).toEqual(['done', 'reading', 'waiting']);
    client.emitProgress({ ...p, phase: 'reading', filesDone: 0, bytesDone: 0, currentFile: 'c.evtx' });
    expect(s.ingestFiles.map((f) => f.state)).toEqual(['waiting', 'waiting', 'reading']);
    client.emitProgress({ ...p, phase: 'detecting', filesDone: 3, bytesDone: 3, currentFile: null });
    expect(s.ingestFiles.map((f) => f.state)).toEqual(['done', 'done', 'done']);
  });
});
