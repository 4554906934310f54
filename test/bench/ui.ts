/**
 * The analyst's desk in Debian's Chromium (the built renderer, the real API bound in as in the
 * e2e tests): a case whose findings carry many pivot events in the IndexedDB cache, measured for
 * (1) reopening it from the cache until the findings list shows, (2) opening a finding and its
 * process timeline, while a large list is still being read and after, (3) scrolling the
 * virtualised findings list (frame times). Steps (1)–(2) are timed inside the page.
 * Not a test: numbers only, printed as a table. Needs `chromium` (Debian) like the e2e tests.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { CaseFinding, PivotEvent } from '../../src-main/shared/contract';
import type { Page } from 'playwright-core';
import { launchApp } from '../e2e/harness';
import { REPO_ROOT } from '../helpers/paths';
import { seedFinding, seedRule } from '../renderer/fixtures';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

function bulkCase(findings: number, eventsPerFinding: number): CaseFinding[] {
  const base = seedFinding();
  const t0 = Date.UTC(2026, 10, 17, 8, 0, 0);
  const out: CaseFinding[] = [];
  for (let i = 0; i < findings; i++) {
    const timeline: PivotEvent[] = [];
    for (let k = 0; k < eventsPerFinding; k++) {
      const time = new Date(t0 + i * 1000 + k * 37).toISOString();
      timeline.push({
        time, kind: k % 5 === 0 ? 'registry' : k % 3 === 0 ? 'image_load' : 'file', event_id: k % 5 === 0 ? 13 : 11, channel: 'Microsoft-Windows-Sysmon/Operational',
        dest: `HOST-${i % 50}.corp.example`, process_guid: `{00000000-0000-0000-0000-${String(i).padStart(12, '0')}}`, process_name: 'regsvr32.exe',
        summary: `event ${k} of finding ${i}: C:\\Users\\u${i}\\AppData\\Roaming\\x${k}.dll`, is_finding_event: k === 0,
        evidence: 'bulk.evtx', record_id: i * eventsPerFinding + k, fields: { EventID: '13', TargetObject: `HKU\\S-1-5-21\\CLSID\\{${i}}\\InProcServer32`, Details: `C:\\x${k}.dll` },
      });
    }
    out.push({ ...base, id: `bulk-${i}`, dest: `HOST-${i % 50}.corp.example`, risk_score: 20 + (i % 70), registry_value_data: `C:\\Users\\u${i}\\AppData\\x${i}.dll`,
      firstTime: new Date(t0 + i * 1000).toISOString(), lastTime: new Date(t0 + i * 1000).toISOString(), pivots: { ...base.pivots, timeline } });
  }
  return out;
}

export interface UiRow { label: string; ms: number; note: string }

// Page code is passed as source text: tsx would add helpers (`__name`) the page does not have.
const FINDING_ROW = '[data-testid="findings-list"] [data-finding-id]';
const RECENT_CASE = `document.querySelector('.recent-open')`;
const FIRST_FINDING = `document.querySelector('${FINDING_ROW}')`;
const TIMELINE_TAB = `[...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent.trim() === 'Process timeline')`;

/**
 * Clicks the element `target` (a page expression) and returns the ms until `doneSelector` is in
 * the DOM and the next frame has been produced, timed inside the page with performance.now():
 * the app's own time, without the test driver's round trips and its wait for the clicked element
 * to hold still over two animation frames.
 */
async function timeInPage(page: Page, target: string, doneSelector: string): Promise<number> {
  return (await page.evaluate(`(async () => {
    const el = ${target};
    if (!el) throw new Error('nothing to click: ' + ${JSON.stringify(target)});
    const sel = ${JSON.stringify(doneSelector)};
    const t0 = performance.now();
    el.click();
    await new Promise((resolve) => {
      if (document.querySelector(sel)) return resolve();
      const mo = new MutationObserver(() => { if (document.querySelector(sel)) { mo.disconnect(); resolve(); } });
      mo.observe(document.body, { childList: true, subtree: true });
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  })()`)) as number;
}

export async function benchUi(findings = 2_000, eventsPerFinding = 50): Promise<UiRow[]> {
  // A separate process: Vite must not run under tsx's CommonJS hooks.
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.mts', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const app = await launchApp(() => DEMO, () => null);
  // The bulk findings are made inside the page, as the bridge answers the scan: the test transport
  // (Playwright's binding) cannot carry hundreds of MB, Electron's IPC is not what is measured here.
  const sample = bulkCase(1, eventsPerFinding)[0]!;
  const bulkScript = `(() => {
    const sample = ${JSON.stringify(sample)};
    const rule = ${JSON.stringify(seedRule())};
    const N = ${findings}, E = ${eventsPerFinding}, t0 = Date.UTC(2026, 10, 17, 8, 0, 0), BS = String.fromCharCode(92);
    const gen = () => {
      const out = [];
      for (let i = 0; i < N; i++) {
        const dest = 'HOST-' + (i % 50) + '.corp.example';
        const guid = '{00000000-0000-0000-0000-' + String(i).padStart(12, '0') + '}';
        const timeline = sample.pivots.timeline.map((e, k) => ({ ...e, dest, process_guid: guid,
          time: new Date(t0 + i * 1000 + k * 37).toISOString(), record_id: i * E + k,
          summary: 'event ' + k + ' of finding ' + i + ': ' + ['C:', 'Users', 'u' + i, 'x' + k + '.dll'].join(BS) }));
        const time = new Date(t0 + i * 1000).toISOString();
        out.push({ ...sample, id: 'bulk-' + i, dest, process_guid: guid, risk_score: 20 + (i % 70),
          registry_value_data: ['C:', 'Users', 'u' + i, 'AppData', 'x' + i + '.dll'].join(BS), firstTime: time, lastTime: time,
          pivots: { ...sample.pivots, timeline } });
      }
      return out;
    };
    const wrap = (bridge) => {
      const real = bridge.call;
      bridge.call = async (name, arg) => {
        const res = await real(name, arg);
        if (name === 'scanEvidenceFolder' && res.ok) { try { res.value.findings = gen(); res.value.rules = [rule]; } catch (e) { console.error('bulk generation failed: ' + e); } }
        return res;
      };
      return bridge;
    };
    // Init scripts run in no set order: wrap the bridge whenever the harness installs it.
    if (window.triage) wrap(window.triage);
    else {
      let held;
      Object.defineProperty(window, 'triage', { configurable: true, get: () => held, set: (v) => { held = wrap(v); } });
    }
  })();`;
  if (process.env.UI_BENCH_DUMP) writeFileSync(process.env.UI_BENCH_DUMP, bulkScript);
  await app.context.addInitScript(bulkScript);
  await app.page.reload();
  const rows: UiRow[] = [];
  try {
    const { page } = app;
    await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
    await page.locator('[data-testid="findings-list"] [data-finding-id]').first().waitFor({ timeout: 600_000 });
    await page.reload();
    await page.locator('.recent-open').first().waitFor();
    const scale = `${findings.toLocaleString('en-US')} findings, ${(findings * eventsPerFinding).toLocaleString('en-US')} pivot events in IndexedDB`;
    rows.push({ label: 'reopen the cached case → findings list shown', ms: await timeInPage(page, RECENT_CASE, FINDING_ROW), note: scale });

    // While the rest of a large case is still being read in the background, then once it is all read.
    for (const when of ['while the rest of the list is read', 'whole list read'] as const) {
      if (when === 'whole list read') {
        // Polled inside the page: waitForFunction's string predicate would need eval, which the CSP refuses.
        await page.evaluate(`new Promise((resolve) => {
          const done = () => document.querySelector('[data-testid="tab-findings"] .count')?.textContent === '${findings}';
          const poll = () => (done() ? resolve() : setTimeout(poll, 50));
          poll();
        })`);
      }
      const detail = await timeInPage(page, FIRST_FINDING, '[data-testid="finding-detail"]');
      const timeline = await timeInPage(page, TIMELINE_TAB, '[data-testid="timeline-svg"]');
      rows.push({ label: `open a finding from the list → detail shown (${when})`, ms: detail, note: 'its pivots read from IndexedDB' });
      rows.push({ label: `open its process timeline (${when})`, ms: timeline, note: `${eventsPerFinding} events drawn and listed; finding + timeline ${Math.round(detail + timeline)} ms` });
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await page.getByTestId('findings-list').waitFor();
    }
    // Twice: at once, and after 20 s idle (a just-written IndexedDB may still be compacting its
    // store in the browser process, which competes for the same cores).
    for (const when of ['at once', 'after 20 s idle'] as const) {
      if (when !== 'at once') await page.waitForTimeout(20_000);
      await page.evaluate(`(() => { const l = document.querySelector('[data-testid="findings-list"]'); if (l) l.scrollTop = 0; })()`);
      const frames = (await page.evaluate(`(async () => {
        const list = document.querySelector('[data-testid="findings-list"]');
        const scrollable = (e) => e.scrollHeight > e.clientHeight + 10 && getComputedStyle(e).overflowY !== 'visible';
        let scroller = null;
        for (let e = list; e && !scroller; e = e.parentElement) if (scrollable(e)) scroller = e;
        if (!scroller) scroller = Array.from(list.querySelectorAll('*')).find(scrollable) || document.scrollingElement;
        const times = [];
        let last = performance.now();
        const end = last + 3000;
        await new Promise((resolve) => {
          const step = (now) => {
            times.push(now - last);
            last = now;
            scroller.scrollTop += 400;
            if (now < end) requestAnimationFrame(step); else resolve();
          };
          requestAnimationFrame(step);
        });
        times.sort((a, b) => a - b);
        return { frames: times.length, p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], scrolled: scroller.scrollTop, what: (scroller.getAttribute('data-testid') || scroller.tagName) + ' ' + scroller.scrollHeight + '/' + scroller.clientHeight + ' ' + (document.querySelector('[data-testid="finding-count"]') || {}).textContent };
      })()`)) as { frames: number; p50: number; p95: number; scrolled: number; what: string };
      if (process.env.UI_BENCH_DEBUG) console.error('scroller:', frames.what, app.consoleErrors.slice(0, 3));
      rows.push({ label: `scroll the findings list (3 s, 400 px a frame, ${when})`, ms: frames.p95, note: `p95 frame ${frames.p95.toFixed(1)} ms, median ${frames.p50.toFixed(1)} ms, ${frames.frames} frames, ${Math.round(frames.scrolled)} px scrolled` });
    }
  } finally {
    await app.close();
  }
  return rows;
}

export function formatUiRows(rows: UiRow[]): string {
  return ['| step | ms | what |', '|---|---:|---|', ...rows.map((r) => `| ${r.label} | ${Math.round(r.ms)} | ${r.note} |`)].join('\n');
}

if (require.main === module) {
  const [f, e] = process.argv.slice(2).map(Number);
  benchUi(f || undefined, e || undefined).then((rows) => console.log(formatUiRows(rows)), (err: unknown) => { console.error(err); process.exitCode = 1; });
}
