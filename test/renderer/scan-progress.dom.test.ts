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
