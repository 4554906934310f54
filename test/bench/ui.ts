/**
 * The analyst's desk in Debian's Chromium (the built renderer, the real API bound in as in the
 * e2e tests): a case whose findings carry many pivot events in the IndexedDB cache, measured for (1) reopening it from the cache until the findings list shows, (2) opening a
 * finding's process timeline, (3) scrolling the virtualised findings list (frame times).
 * Not a test: numbers only, printed as a table. Needs `chromium` (Debian) like the e2e tests.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { CaseFinding, PivotEvent } from '../../src-main/api/contract';
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
  if (process.env.UI_BENCH_DUMP) require('node:fs').writeFileSync(process.env.UI_BENCH_DUMP, bulkScript);
  await app.context.addInitScript(bulkScript);
  await app.page.reload();
  const rows: UiRow[] = [];
  try {
    const { page } = app;
    await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
    await page.locator('[data-testid="findings-list"] [data-finding-id]').first().waitFor({ timeout: 600_000 });
    await page.reload();
    await page.locator('.recent-open').first().waitFor();
    const t0 = Date.now();
    await page.locator('.recent-open').first().click();
    await page.locator('[data-testid="findings-list"] [data-finding-id]').first().waitFor({ timeout: 600_000 });
    rows.push({ label: 'reopen the cached case → findings list shown', ms: Date.now() - t0, note: `${findings.toLocaleString('en-US')} findings, ${(findings * eventsPerFinding).toLocaleString('en-US')} pivot events in IndexedDB` });

    await page.locator('[data-testid="findings-list"] [data-finding-id]').first().click();
    await page.getByTestId('finding-detail').waitFor();
    const t1 = Date.now();
    await page.getByRole('tab', { name: 'Process timeline' }).click();
    await page.getByTestId('timeline-svg').waitFor();
    rows.push({ label: 'open a finding\'s process timeline', ms: Date.now() - t1, note: `${eventsPerFinding} events drawn and listed` });

    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByTestId('findings-list').waitFor();
    // Page code as source text: tsx would add helpers (`__name`) the page does not have.
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
    rows.push({ label: 'scroll the findings list (3 s, 400 px a frame)', ms: frames.p95, note: `p95 frame ${frames.p95.toFixed(1)} ms, median ${frames.p50.toFixed(1)} ms, ${frames.frames} frames, ${Math.round(frames.scrolled)} px scrolled` });
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
