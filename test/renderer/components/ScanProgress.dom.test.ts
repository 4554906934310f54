import 'fake-indexeddb/auto';
import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import ScanProgress from '../../../src-renderer/components/ScanProgress.svelte';
import { NOT_EVIDENCE_WORDS } from '../../../src-main/shared/evidence-rows';

describe('ScanProgress', () => {
  it('shows the percentage of bytes, the file count and the current file, and cancels', () => {
    const target = document.createElement('div');
    let cancelled = 0;
    const c = mount(ScanProgress, {
      target,
      props: {
        progress: { jobId: 'j', phase: 'reading', filesDone: 3, filesTotal: 8, bytesDone: 2 * 1048576, bytesTotal: 8 * 1048576, events: 0, currentFile: 'logs/Security.evtx', eventsPerSecond: 0, files: [] },
        oncancel: () => cancelled++,
      },
    });
    flushSync();
    const bar = target.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect((target.querySelector('.progress-fill') as HTMLElement).style.width).toBe('25%');
    expect(target.textContent).toContain('3 of 8 files read for events');
    expect(target.textContent).not.toContain('other file');
    expect(target.textContent).toContain('logs/Security.evtx');
    target.querySelector('button')!.click();
    expect(cancelled).toBe(1);
    unmount(c);
  });
});

describe('the file count beside the file list', () => {
  it('says which listed files are not event logs, so the count matches the rows', () => {
    const target = document.createElement('div');
    const file = (path: string) => ({ path, state: 'done', bytesDone: 10, bytesTotal: 10, events: 0, elapsedMs: 0, errors: 0 });
    const c = mount(ScanProgress, {
      target,
      props: {
        progress: { jobId: 'j', phase: 'detecting', filesDone: 2, filesTotal: 2, bytesDone: 20, bytesTotal: 20, events: 0, currentFile: null, eventsPerSecond: 0, files: [] },
        files: [file('a/Security.evtx'), file('README.md'), file('a/System.evtx')] as never,
        oncancel: () => {},
      },
    });
    flushSync();
    expect(target.querySelector('[data-testid="progress-files"]')!.textContent!.replace(/\s+/g, ' ')).toBe('2 of 2 files read for events · 1 other file hashed, not read (not evidence or unreadable)');
    expect(target.querySelectorAll('.ingest-files li')).toHaveLength(3);
    unmount(c);
  });
});

describe('the file count while hashing', () => {
  it('counts files, not event-log files: hashing covers every file of the folder', () => {
    const target = document.createElement('div');
    const file = (path: string) => ({ path, state: 'waiting', bytesDone: 0, bytesTotal: 10, events: 0, elapsedMs: 0, errors: 0 });
    const c = mount(ScanProgress, {
      target,
      props: {
        progress: { jobId: 'j', phase: 'hashing', filesDone: 1, filesTotal: 3, bytesDone: 10, bytesTotal: 30, events: 0, currentFile: 'README.md', eventsPerSecond: 0, files: [] },
        files: [file('a/Security.evtx'), file('README.md'), file('a/System.evtx')] as never,
        oncancel: () => {},
      },
    });
    flushSync();
    expect(target.querySelector('[data-testid="progress-files"]')!.textContent!.replace(/\s+/g, ' ')).toBe('1 of 3 files hashed');
    unmount(c);
  });
});

describe('ingest files from progress', () => {
  it('shows each file with its own bytes, events and state, and starts again on a new pass', async () => {
    const { CaseSession, waitingFile } = await import('../../../src-renderer/state/case-session.svelte');
    const { FakeClient, fakeScan } = await import('../fake-client');
    const { CaseDb } = await import('../../../src-renderer/lib/case-db');
    const client = new FakeClient(fakeScan('/c', '5'.repeat(64), ['a.evtx', 'b.evtx', 'c.evtx']));
    const s = new CaseSession(client, new CaseDb(`progress-${Date.now()}`));
    s.ingestFiles = ['a.evtx', 'b.evtx', 'c.evtx'].map((path) => waitingFile(path, 100));
    (s as unknown as { jobId: string }).jobId = 'j';
    const p = { jobId: 'j', filesTotal: 3, bytesTotal: 300, events: 0, eventsPerSecond: 0, currentFile: null };
    const file = (path: string, state: 'reading' | 'done', bytesDone: number, events = 0, errors = 0) => ({ path, state, bytesDone, bytesTotal: 100, events, elapsedMs: 2000, errors });
    client.emitProgress({ ...p, phase: 'hashing', filesDone: 1, bytesDone: 150, files: [file('a.evtx', 'done', 100), file('b.evtx', 'reading', 50)] });
    expect(s.ingestFiles.map((f) => [f.state, f.bytesDone])).toEqual([['done', 100], ['reading', 50], ['waiting', 0]]);
    client.emitProgress({ ...p, phase: 'reading', filesDone: 0, bytesDone: 25, files: [file('c.evtx', 'reading', 25, 400)] });
    expect(s.ingestFiles.map((f) => f.state)).toEqual(['waiting', 'waiting', 'reading']);
    expect(s.ingestFiles[2]).toMatchObject({ events: 400, bytesDone: 25 });
    client.emitProgress({ ...p, phase: 'reading', filesDone: 1, bytesDone: 125, files: [file('a.evtx', 'done', 100, 900, 3)] });
    expect(s.ingestFiles[0]).toMatchObject({ state: 'done', events: 900, errors: 3 });
    expect(s.ingestFiles[2]).toMatchObject({ state: 'reading', events: 400 });

    const target = document.createElement('div');
    const c = mount(ScanProgress, { target, props: { progress: s.progress, files: s.ingestFiles, oncancel: () => {} } });
    flushSync();
    const bars = [...target.querySelectorAll('.ingest-files [role="progressbar"]')].map((b) => b.getAttribute('aria-valuenow'));
    expect(bars).toEqual(['100', '0', '25']);
    expect(target.textContent).toContain('900 events');
    expect(target.textContent).toContain('450/s');
    expect(target.textContent).toContain('3 skipped');
    unmount(c);

    client.emitProgress({ ...p, phase: 'detecting', filesDone: 3, bytesDone: 300, files: [] });
    expect(s.ingestFiles.map((f) => f.state)).toEqual(['done', 'done', 'done']);
  });
});

describe('a file the reading pass skips, through the session', () => {
  it('is marked skipped with why from the first reading progress on, and stays so after the pass; a done file shows its own size', async () => {
    const { CaseSession, waitingFile } = await import('../../../src-renderer/state/case-session.svelte');
    const { FakeClient, fakeScan } = await import('../fake-client');
    const { CaseDb } = await import('../../../src-renderer/lib/case-db');
    const client = new FakeClient(fakeScan('/c', '6'.repeat(64), ['a.evtx', 'README.md']));
    const s = new CaseSession(client, new CaseDb(`skipped-${Date.now()}`));
    s.ingestFiles = [waitingFile('a.evtx', 69_632), waitingFile('README.md', 12_000)];
    (s as unknown as { jobId: string }).jobId = 'j';
    const p = { jobId: 'j', filesTotal: 1, bytesTotal: 69_632, events: 0, eventsPerSecond: 0, currentFile: null };
    client.emitProgress({ ...p, phase: 'hashing', filesDone: 2, bytesDone: 81_632, files: [] });
    client.emitProgress({ ...p, phase: 'reading', filesDone: 0, bytesDone: 0, files: [{ path: 'README.md', state: 'done', bytesDone: 12_000, bytesTotal: 12_000, events: 0, elapsedMs: 0, errors: 0, skipped: NOT_EVIDENCE_WORDS }] });
    expect(s.ingestFiles.map((f) => [f.path, f.state, f.skipped])).toEqual([['a.evtx', 'waiting', null], ['README.md', 'done', NOT_EVIDENCE_WORDS]]);
    // The reading pass is in the files' sizes on disk (an EVTX file's 4 KiB header too), as the case's header.
    client.emitProgress({ ...p, phase: 'reading', filesDone: 1, bytesDone: 69_632, files: [{ path: 'a.evtx', state: 'done', bytesDone: 69_632, bytesTotal: 69_632, events: 7, elapsedMs: 5, errors: 0 }] });
    client.emitProgress({ ...p, phase: 'detecting', filesDone: 1, bytesDone: 69_632, files: [] });
    expect(s.ingestFiles.map((f) => f.skipped)).toEqual([null, NOT_EVIDENCE_WORDS]);

    const target = document.createElement('div');
    const c = mount(ScanProgress, { target, props: { progress: s.progress, files: s.ingestFiles, oncancel: () => {} } });
    flushSync();
    const rows = [...target.querySelectorAll('.ingest-files li')];
    expect(rows[0]!.textContent).toContain('0.070 MB');
    expect(rows[1]!.getAttribute('data-state')).toBe('skipped');
    expect(rows[1]!.querySelector('.file-state')!.textContent).toBe('skipped');
    // One number per thing: the files read (0.070 MB, as the row says), and with the file not read the case's 0.082 MB.
    expect(target.querySelector('[data-testid="progress-bytes"]')!.textContent!.replace(/\s+/g, ' ')).toBe('0.070 MB of 0.070 MB · 0.082 MB with the file not read');
    unmount(c);
  });
});

const readmeDir = (rows: Element[]) => rows.find((li) => li.textContent!.includes('README.md'))!.querySelector('.path-dir');

describe('the files not read for events', () => {
  it('names each in the list with why, in the words of the CLI and the report, and counts them in the same words', () => {
    const target = document.createElement('div');
    const file = (path: string, skipped: string | null = null) => ({ path, bytes: 12_000, state: 'done', bytesDone: 12_000, bytesTotal: 12_000, events: skipped ? 0 : 5, elapsedMs: 10, errors: 0, skipped });
    const c = mount(ScanProgress, {
      target,
      props: {
        progress: { jobId: 'j', phase: 'reading', filesDone: 1, filesTotal: 2, bytesDone: 20, bytesTotal: 40, events: 5, currentFile: 'a/System.evtx', eventsPerSecond: 5, files: [] },
        files: [file('a/Security.evtx'), file('README.md', NOT_EVIDENCE_WORDS), file('b/locked.evtx', 'unreadable: permission denied'), file('a/System.evtx')] as never,
        oncancel: () => {},
      },
    });
    flushSync();
    expect(target.querySelector('[data-testid="progress-files"]')!.textContent!.replace(/\s+/g, ' '))
      .toBe('1 of 2 files read for events · 1 file skipped as not evidence (hashed, not read), 1 file unreadable');
    const rows = [...target.querySelectorAll('.ingest-files li')];
    expect(rows).toHaveLength(4);
    const readme = rows.find((li) => li.textContent!.includes('README.md'))!;
    expect(readme.getAttribute('data-state')).toBe('skipped');
    expect(readme.querySelector('[data-testid="file-skipped"]')!.textContent).toBe('skipped as not evidence (hashed, not read)');
    expect(readme.querySelector('[role="progressbar"]')).toBeNull();
    const locked = rows.find((li) => li.textContent!.includes('b/locked.evtx'))!;
    expect(locked.querySelector('[data-testid="file-skipped"]')!.textContent).toBe('unreadable: permission denied');
    // A row's path is cut in its folders, never in its file's name; the whole path is its title.
    expect(rows.map((li) => li.querySelector('.path-name')!.textContent)).toEqual(['Security.evtx', 'README.md', 'locked.evtx', 'System.evtx']);
    expect(rows.map((li) => li.querySelector('.ingest-path')!.getAttribute('title'))).toEqual(['a/Security.evtx', 'README.md', 'b/locked.evtx', 'a/System.evtx']);
    expect(readmeDir(rows)).toBeNull();
    const read = rows.find((li) => li.textContent!.includes('a/Security.evtx'))!;
    expect(read.querySelector('[data-testid="file-skipped"]')).toBeNull();
    expect(read.getAttribute('data-state')).toBe('done');
    unmount(c);
  });

  it('shows the reason as text, never as markup', () => {
    const target = document.createElement('div');
    const c = mount(ScanProgress, {
      target,
      props: {
        progress: { jobId: 'j', phase: 'reading', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, events: 0, currentFile: null, eventsPerSecond: 0, files: [] },
        files: [{ path: '<b>x</b>.txt', bytes: 1, state: 'done', bytesDone: 1, bytesTotal: 1, events: 0, elapsedMs: 0, errors: 0, skipped: 'unreadable: <img src=x onerror=alert(1)>' }] as never,
        oncancel: () => {},
      },
    });
    flushSync();
    expect(target.querySelector('img, b')).toBeNull();
    expect(target.querySelector('[data-testid="file-skipped"]')!.textContent).toBe('unreadable: <img src=x onerror=alert(1)>');
    unmount(c);
  });
});

describe('the pace of a file', () => {
  it('gives events per second from a second of reading on, never from a few milliseconds', () => {
    const target = document.createElement('div');
    const file = (path: string, events: number, elapsedMs: number) => ({ path, bytes: 200_704, state: 'done', bytesDone: 200_704, bytesTotal: 200_704, events, elapsedMs, errors: 0, skipped: null });
    const c = mount(ScanProgress, {
      target,
      props: {
        progress: { jobId: 'j', phase: 'reading', filesDone: 2, filesTotal: 2, bytesDone: 401_408, bytesTotal: 401_408, events: 2263, currentFile: null, eventsPerSecond: 900, files: [] },
        files: [file('a/Security.evtx', 263, 1), file('b/Security.evtx', 2000, 2000)] as never,
        oncancel: () => {},
      },
    });
    flushSync();
    const figures = [...target.querySelectorAll('.file-figures')].map((f) => f.textContent!.replace(/\s+/g, ' ').trim());
    expect(figures).toEqual(['263 events', '2,000 events · 1,000/s']);
    unmount(c);
  });
});
