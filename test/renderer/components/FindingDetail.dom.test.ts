/**
 * The finding detail (issue 19): one small copy control per value, shown on hover or focus (no
 * column of "Copy" words down the page), and where the finding's events were read: each evidence
 * file with the record ids of its events.
 */
import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseFinding } from '../../../src-main/shared/contract';
import { FakeClient } from '../fake-client';
import { fixtureScan, seedFinding } from '../fixtures';
import { button, rows, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

const EVTX = 'WS-FIN-07/Microsoft-Windows-Sysmon%4Operational.evtx';
const XML = 'WS-FIN-07/sysmon-export.xml';

async function openDetail(finding: CaseFinding) {
  const app = startApp(new FakeClient(fixtureScan('/cases/detail', 'd'.repeat(64), [finding])));
  button(app.target, /^Open evidence folder/).click();
  await expect.poll(() => rows(app.target).length, { timeout: 15_000 }).toBe(1);
  rows(app.target)[0]!.click();
  await expect.poll(() => app.target.querySelector('[data-testid="finding-detail"]'), { timeout: 15_000 }).not.toBeNull();
  return app.target;
}

describe('copy controls', () => {
  it('are small labelled icons, not words, and copy the value as written (not its display form)', async () => {
    const writeText = vi.fn(async (_: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const target = await openDetail(seedFinding({ process: 'regsvr32.exe /s\u202Eevil' }));
    const copies = [...target.querySelectorAll<HTMLButtonElement>('[data-testid="finding-detail"] button.copy')];
    expect(copies.length).toBeGreaterThan(10);
    // No "Copy" text in the page's flow: each is an icon with an accessible name.
    expect(copies.every((b) => (b.textContent ?? '').trim() === '' && b.querySelector('svg') !== null)).toBe(true);
    expect(copies.every((b) => /^Copy /.test(b.getAttribute('aria-label') ?? ''))).toBe(true);
    // Keyboard reachable: real buttons, in the tab order.
    expect(copies.every((b) => b.tabIndex === 0 && !b.disabled)).toBe(true);
    const cmd = copies.find((b) => b.getAttribute('aria-label') === 'Copy Command line')!;
    cmd.click();
    await expect.poll(() => writeText.mock.calls.length).toBe(1);
    expect(writeText.mock.calls[0]![0]).toBe('regsvr32.exe /s\u202Eevil');
    await expect.poll(() => cmd.getAttribute('aria-label')).toBe('Copied');
  });
});

describe('source files and records', () => {
  it('lists each evidence file once with the record ids of its events', async () => {
    const f = seedFinding({
      count: 3, evidence_files: [EVTX, XML],
      events: [
        { evidence: EVTX, record_id: 91005, event_id: 13, time: '2026-11-17T09:41:35.472Z', process_guid: null },
        { evidence: XML, record_id: 91005, event_id: 13, time: '2026-11-17T09:41:35.472Z', process_guid: null },
        { evidence: EVTX, record_id: 90990, event_id: 13, time: '2026-11-17T09:41:36.001Z', process_guid: null },
      ],
    });
    const target = await openDetail(f);
    await expect.poll(() => target.querySelectorAll('[data-testid="source-records"]').length).toBe(2);
    const files = [...target.querySelectorAll('[data-testid="source-file"]')].map((e) => e.textContent?.trim());
    expect(files).toEqual([EVTX, XML]);
    const records = [...target.querySelectorAll('[data-testid="source-records"]')].map((e) => e.textContent);
    expect(records).toEqual(['90990, 91005', '91005']);
  });

  it('says how many more events there are than the case lists, and names the files of an older case without events', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ evidence: EVTX, record_id: 1000 + i, event_id: 13, time: null, process_guid: null }));
    const target = await openDetail(seedFinding({ count: 400, events: many, events_truncated: true, evidence_files: [EVTX] }));
    await expect.poll(() => target.querySelector('[data-testid="source-events"]')?.textContent).toContain('first 50 of the 400 events');
    expect(target.querySelector('[data-testid="source-events"]')?.textContent).toContain('and 38 more events');
    unmountAll();
    const older = await openDetail(seedFinding({ evidence_files: [EVTX] }));
    await expect.poll(() => older.querySelector('[data-testid="source-file"]')?.textContent?.trim()).toBe(EVTX);
    flushSync();
  });
});

describe('the built-in rule\'s documentation', () => {
  it('keeps the implementation notes one click away (closed), so they do not set the page\'s length', async () => {
    const target = await openDetail(seedFinding());
    await expect.poll(() => target.querySelector('[data-testid="rule-notes"]')).not.toBeNull();
    const notes = target.querySelector<HTMLDetailsElement>('[data-testid="rule-notes"]')!;
    expect(notes.open).toBe(false);
    expect(notes.querySelector('summary')!.textContent).toContain('How it reads the value (1 note)');
    expect(notes.textContent).toContain('(Default), an empty value name');
    // The description and false positives stay in view.
    expect(target.querySelector('.rule-doc h4')!.textContent).toBe('False positives');
  });
});
