/**
 * The finding's pivot tabs (issue 19): the timeline's registry rows show the path's tail, not the
 * SID; a burst of marks is one cluster with a count that lists them; the tree and parallel lanes
 * say PID, start, user and command line without hovering and tell same-name processes apart, with
 * a process alive the whole window drawn as a thin line with arrows; the DLL pivot shows the
 * image's hashes and signature as Sysmon 7 states them, and the loaders' command lines.
 */
import 'fake-indexeddb/auto';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseFinding, PivotEvent, ProcessNode } from '../../../src-main/shared/contract';
import { FakeClient } from '../fake-client';
import { DLL, EXPLORER_GUID, HOSTILE, REGSVR_GUID, SEED_REG_PATH, WSCRIPT_GUID, ev, fixtureScan, seedFinding } from '../fixtures';
import { button, rows, startApp, unmountAll } from '../mount-app';

afterEach(unmountAll);

async function openTab(finding: CaseFinding, tab: RegExp) {
  const app = startApp(new FakeClient(fixtureScan('/cases/pivots', 'p'.repeat(64), [finding])));
  button(app.target, /^Open evidence folder/).click();
  await expect.poll(() => rows(app.target).length, { timeout: 15_000 }).toBe(1);
  rows(app.target)[0]!.click();
  await expect.poll(() => app.target.querySelector('[data-testid="finding-detail"]'), { timeout: 15_000 }).not.toBeNull();
  button(app.target, tab).click();
  flushSync();
  return app.target;
}

describe('process timeline', () => {
  it('shows the registry path\'s tail in "What happened", the full line on hover', async () => {
    const target = await openTab(seedFinding(), /^Process timeline$/);
    await expect.poll(() => target.querySelectorAll('[data-testid="timeline-summary"]').length).toBe(9);
    const cells = [...target.querySelectorAll<HTMLElement>('[data-testid="timeline-summary"]')];
    const write = cells.find((c) => c.title.includes('(Default) = '))!;
    expect(write.textContent).toBe(`SetValue HKU\\…\\CLSID\\{89565275…}\\InProcServer32\\(Default) = ${DLL}`);
    expect(write.title).toBe(`SetValue ${SEED_REG_PATH} = ${DLL}`);
    expect(cells.filter((c) => c.textContent!.includes('S-1-5-21'))).toEqual([]);
    // Rows that differed only after the SID are told apart in what is shown.
    const registry = cells.filter((c) => c.title.includes('HKU\\'));
    expect(new Set(registry.map((c) => c.textContent)).size).toBe(registry.length);
  });

  it('folds a burst of marks into one cluster with a count; a click lists them and a listed event opens its fields', async () => {
    const burst: PivotEvent[] = Array.from({ length: 12 }, (_, i) => ev(`2026-11-17T09:41:35.48${i % 2}Z`, 'registry', 13, REGSVR_GUID, 'regsvr32.exe',
      `SetValue HKU\\S-1-5-21-1-2-3-1107_Classes\\Burst\\Key${i}\\Value = ${i}`, { EventType: 'SetValue', TargetObject: `HKU\\S-1-5-21-1-2-3-1107_Classes\\Burst\\Key${i}\\Value` }));
    const f = seedFinding();
    const timeline = [...f.pivots.timeline, ...burst].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const target = await openTab(seedFinding({ pivots: { ...f.pivots, timeline } }), /^Process timeline$/);
    await expect.poll(() => target.querySelectorAll('[data-testid="timeline-cluster-mark"]').length).toBeGreaterThan(0);
    const clusters = [...target.querySelectorAll<SVGGElement>('[data-testid="timeline-cluster-mark"]')];
    const counts = clusters.map((c) => Number(c.querySelector('text')?.textContent));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12);
    // The finding's write is still its own mark.
    expect(target.querySelectorAll('[data-testid="timeline-svg"] .mark-write')).toHaveLength(1);
    const big = clusters[counts.indexOf(Math.max(...counts))]!;
    big.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    flushSync();
    const list = target.querySelector('[data-testid="timeline-cluster"]')!;
    expect(list.querySelectorAll('button.cluster-item')).toHaveLength(Math.max(...counts));
    expect(list.textContent).not.toContain('S-1-5-21');
    (list.querySelector('button.cluster-item') as HTMLButtonElement).click();
    flushSync();
    expect(target.querySelector('[data-testid="event-fields"]')?.textContent).toContain('Burst');
    // Enter on the cluster closes it again (keyboard reachable).
    big.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    flushSync();
    expect(target.querySelector('[data-testid="timeline-cluster"]')).toBeNull();
  });
});

describe('tree and parallel processes', () => {
  function lanesFinding(): CaseFinding {
    const f = seedFinding();
    const tree = f.pivots.tree.map((p, i): ProcessNode => ({ ...p, process_id: [812, 4460, 5120][i]! }));
    const edge = (guid: string, pid: number, start: string, user: string): ProcessNode => ({
      process_name: 'msedge.exe', process_guid: guid, time: start, process_path: 'C:\\Program Files\\Microsoft\\Edge\\msedge.exe',
      process: `"C:\\Program Files\\Microsoft\\Edge\\msedge.exe" --type=renderer --pid=${pid}`, process_id: pid, dest: f.dest,
      parent_process_guid: null, user, start_time: start, end_time: '2026-11-17T09:41:50.000Z', relation: 'parallel', depth: 0,
    });
    return seedFinding({
      pivots: {
        ...f.pivots, tree,
        parallel: [edge('{E1}', 7001, '2026-11-17T09:41:30.000Z', 'CORP\\j.doe'), edge('{E2}', 7002, '2026-11-17T09:41:33.000Z', `CORP\\${HOSTILE}`)],
      },
    });
  }

  it('says PID, start, user and command line on every lane, and tells same-name processes apart', async () => {
    const target = await openTab(lanesFinding(), /Tree and parallel/);
    await expect.poll(() => target.querySelectorAll('[data-testid="processes"] .lane[data-guid]').length).toBe(5);
    const lane = (guid: string) => target.querySelector<HTMLElement>(`[data-testid="processes"] .lane[data-guid="${guid}"]`)!;
    const self = lane(REGSVR_GUID);
    expect(self.querySelector('[data-testid="lane-pid"]')?.textContent).toBe('PID 5120');
    expect(self.querySelector('[data-testid="lane-start"]')?.textContent).toBe('09:41:35.410');
    expect(self.querySelector('[data-testid="lane-user"]')?.textContent).toBe('CORP\\j.doe');
    expect(self.querySelector('[data-testid="lane-cmd"]')?.textContent).toBe(`"C:\\Windows\\System32\\regsvr32.exe" /s /i ${DLL}`);
    const edges = ['{E1}', '{E2}'].map(lane);
    expect(edges.map((l) => l.querySelector('[data-testid="lane-pid"]')?.textContent)).toEqual(['PID 7001', 'PID 7002']);
    expect(edges.every((l) => l.querySelector('[data-testid="lane-pid"]')!.classList.contains('twin'))).toBe(true);
    expect(edges.map((l) => l.querySelector('[data-testid="lane-start"]')?.textContent)).toEqual(['09:41:30.000', '09:41:33.000']);
    expect(self.querySelector('[data-testid="lane-pid"]')!.classList.contains('twin')).toBe(false);
    // A user name from the evidence is text, never markup.
    expect(target.querySelector('[data-testid="processes"] img')).toBeNull();
    expect(edges[1]!.querySelector('[data-testid="lane-user"]')?.textContent).toContain('<img');
  });

  it('draws a process alive the whole window as a thin line with arrows and says since when, not as a full-width bar', async () => {
    const target = await openTab(lanesFinding(), /Tree and parallel/);
    await expect.poll(() => target.querySelector(`.lane[data-guid="${EXPLORER_GUID}"]`)).not.toBeNull();
    const explorer = target.querySelector(`.lane[data-guid="${EXPLORER_GUID}"]`)!;
    expect(explorer.querySelector('[data-testid="lane-through"]')).not.toBeNull();
    expect(explorer.querySelector('rect.lane-bar')).toBeNull();
    expect(explorer.querySelector('svg')?.textContent).toContain('since 07:56:24, 1 h 45 min before the write');
    // wscript starts inside the window and ends after it: a bar with an arrow and when it ended.
    const wscript = target.querySelector(`.lane[data-guid="${WSCRIPT_GUID}"]`)!;
    expect(wscript.querySelector('rect.lane-bar')).not.toBeNull();
    expect(wscript.querySelector('[data-testid="lane-through"]')).toBeNull();
    expect(wscript.querySelector('svg')?.textContent).toContain('until 09:52:40, 11 min 5 s after');
    // The notes are drawn after the write line, on a halo: the line never strikes through their words.
    for (const lane of [explorer, wscript]) {
      const marks = [...lane.querySelectorAll('svg > line.write-line, svg > text.lane-note')].map((el) => el.tagName.toLowerCase());
      expect(marks[0]).toBe('line');
      expect(marks.slice(1).length).toBeGreaterThan(0);
      expect(marks.slice(1).every((m) => m === 'text')).toBe(true);
      expect([...lane.querySelectorAll('text.lane-note')].every((t) => t.classList.contains('lane-halo'))).toBe(true);
    }
  });
});

describe('DLL pivot', () => {
  it('shows the hashes and signature of the image as loaded, the loaders\' command lines, PID and user, and says when loads disagree', async () => {
    const f = seedFinding();
    const image = { image_loaded: DLL, hashes: 'SHA1=AA11,MD5=BB22,SHA256=CC33DD44,IMPHASH=EE55', signed: 'false', signature: null, signature_status: 'Unavailable' };
    const [regsvr, wscript] = f.pivots.dll_loaded_by;
    const target = await openTab(seedFinding({
      pivots: {
        ...f.pivots,
        dll_loaded_by: [
          { ...regsvr!, process_id: 5120, user: 'CORP\\j.doe', image },
          { ...wscript!, process_id: 4460, user: 'CORP\\j.doe', image: { ...image, hashes: 'SHA256=FF66', signed: 'true', signature: 'Contoso Ltd', signature_status: 'Valid' } },
        ],
      },
    }), /DLL pivot/);
    await expect.poll(() => target.querySelectorAll('[data-testid="dll-hash"]').length).toBe(5);
    const hashes = [...target.querySelectorAll('[data-testid="dll-hash"]')].map((h) => h.textContent);
    expect(hashes).toEqual(['AA11', 'BB22', 'CC33DD44', 'EE55', 'FF66']);
    const image_ = target.querySelector('[data-testid="dll-image"]')!;
    expect(image_.textContent).toContain('Not signed (Unavailable)');
    expect(image_.textContent).toContain('Signed: Contoso Ltd (Valid)');
    expect(target.querySelector('[data-testid="dll-image-changed"]')).not.toBeNull();
    expect([...target.querySelectorAll('[data-testid="dll-load-signature"]')].map((c) => c.textContent)).toEqual(['Not signed (Unavailable)', 'Signed: Contoso Ltd (Valid)']);
    const cmds = [...target.querySelectorAll('[data-testid="dll-loaded-by-cmd"]')].map((c) => c.textContent);
    expect(cmds[0]).toContain('/s /i');
    expect(cmds[1]).toContain('invoice_2026-11.js');
    expect(target.querySelector('[data-testid="dll-pivot"]')?.textContent).toContain('5120');
  });

  it('says so when no load event states a hash or signature', async () => {
    const target = await openTab(seedFinding(), /DLL pivot/);
    await expect.poll(() => target.querySelector('[data-testid="dll-image"]')?.textContent).toContain('No image load of this DLL with hashes or a signature');
    expect(target.querySelectorAll('[data-testid="dll-load-signature"]')[0]?.textContent).toBe('not in the evidence');
  });
});
