/**
 * The event explorer in Debian's Chromium (the built renderer, the real API bound in as in the
 * e2e tests) with N events in the IndexedDB cache: reopening the case's explorer from the cache,
 * filtering by host and by EventID, a full-text search, and scrolling the grid (frame times).
 * The events are made inside the page, as the bridge answers readEventPage (Playwright's binding
 * is not the transport measured). Timed inside the page with performance.now(). Numbers only.
 */
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchApp } from '../e2e/harness';
import { REPO_ROOT } from '../helpers/paths';
import type { UiRow } from './ui';
import { startTrace, writeTrace } from './explorer-trace';

const DEMO = path.join(REPO_ROOT, 'assets/demo-evidence');

/** Waits (inside the page) until the explorer section's attribute `attr` reads `value`; returns the ms waited. */
async function timeAttr(page: Page, attr: string, value: number, t0Expr = 'performance.now()'): Promise<number> {
  return (await page.evaluate(`(async () => {
    const t0 = ${t0Expr};
    const ok = () => document.querySelector('[data-testid="event-explorer"]')?.getAttribute(${JSON.stringify(attr)}) === ${JSON.stringify(String(value))};
    await new Promise((resolve) => { const poll = () => (ok() ? resolve() : setTimeout(poll, 5)); poll(); });
    return performance.now() - t0;
  })()`)) as number;
}

/** Runs `act` (page source) and returns the ms until the explorer's count line changes (no filter running) and a frame is drawn. */
async function timeCount(page: Page, act: string, until = ''): Promise<number> {
  return (await page.evaluate(`(async () => {
    const count = () => document.querySelector('[data-testid="explorer-count"]')?.textContent ?? '';
    const before = count();
    const want = ${JSON.stringify(until)};
    const t0 = performance.now();
    ${act};
    await new Promise((resolve) => {
      const idle = () => !document.querySelector('[data-testid="explorer-reading"]') && !document.querySelector('[data-testid="explorer-filtering"]');
    const done = () => idle() && (want ? count().includes(want) && !!document.querySelector('[data-testid="explorer-grid"] [data-seq]') : count() !== before);
      if (done()) return resolve();
      const mo = new MutationObserver(() => { if (done()) { mo.disconnect(); resolve(); } });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  })()`)) as number;
}

const setInput = (testid: string, value: string) => `{ const el = document.querySelector('[data-testid="${testid}"]'); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true })); }`;

interface ScrollFrames {
  frames: number; p50: number; p95: number; max: number; scrolled: number; pending: number;
  /** Frames longer than 20 ms (a frame missed). */
  slow: number;
  /** Long tasks (PerformanceObserver 'longtask': > 50 ms) during the scroll: how many, and the longest. */
  longTasks: number; longestTask: number;
  /** The app's own performance.measure entries during the scroll (lib/perf-steps.ts), by name: how many, the total and the longest ms. */
  steps: Record<string, { n: number; total: number; max: number }>;
}

/**
 * Scrolls the grid for `ms` at `step` px a frame (in requestAnimationFrame, as a wheel would) and
 * returns the frame times: rAF to rAF, so a frame's style, layout, paint and any task that lands in
 * it are counted. `pending` counts the frames that drew a row whose text was not read yet ("…").
 * Beside them: the long tasks the browser reports, and the app's measured steps (what ran in the scroll).
 */
async function scrollFrames(page: Page, ms: number, step = 400): Promise<ScrollFrames> {
  return (await page.evaluate(`(async () => {
    const s = document.querySelector('[data-testid="explorer-grid"]');
    const times = [];
    const long = [];
    const obs = typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('longtask')
      ? new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(e.duration); }) : null;
    obs?.observe({ type: 'longtask' });
    let pending = 0;
    let y = s.scrollTop;
    let last = performance.now();
    const t0 = last;
    const end = last + ${ms};
    await new Promise((resolve) => {
      const step = (now) => {
        times.push(now - last); last = now;
        if ([...s.querySelectorAll('[data-seq] > :last-child')].some((c) => c.textContent === '…')) pending++;
        // Written, never read back in the frame (a read would force a layout no wheel scroll has).
        s.scrollTop = (y += ${step});
        if (now < end) requestAnimationFrame(step); else resolve();
      };
      requestAnimationFrame(step);
    });
    await new Promise((r) => setTimeout(r, 0));
    for (const e of obs?.takeRecords() ?? []) long.push(e.duration);
    obs?.disconnect();
    const steps = {};
    for (const m of performance.getEntriesByType('measure')) {
      if (m.startTime < t0 || m.startTime > last || !m.name.startsWith('explorer:')) continue;
      const o = (steps[m.name] ??= { n: 0, total: 0, max: 0 });
      o.n++; o.total += m.duration; o.max = Math.max(o.max, m.duration);
    }
    times.shift();
    const slow = times.filter((t) => t > 20).length;
    times.sort((a, b) => a - b);
    return { frames: times.length, p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1], scrolled: s.scrollTop, pending,
      slow, longTasks: long.length, longestTask: long.length ? Math.max(...long) : 0, steps };
  })()`)) as ScrollFrames;
}

const stepNote = (steps: ScrollFrames['steps']) => Object.entries(steps).sort((a, b) => b[1].max - a[1].max)
  .map(([k, v]) => `${k.slice('explorer:'.length)} ${v.n}× max ${v.max.toFixed(1)} ms`).join(', ');

const frameNote = (f: ScrollFrames) =>
  `p95 frame ${f.p95.toFixed(1)} ms, median ${f.p50.toFixed(1)} ms, max ${f.max.toFixed(1)} ms, ${f.frames} frames (${f.slow} over 20 ms; ${f.pending} drawing rows whose text was not read yet), ${Math.round(f.scrolled)} px (targets: median 16.7, p95 20); ` +
  `${f.longTasks} long tasks${f.longTasks ? ` (longest ${f.longestTask.toFixed(0)} ms)` : ''}${Object.keys(f.steps).length ? `; steps: ${stepNote(f.steps)}` : ''}`;

/**
 * EXPLORER_BENCH_RENDERER=DIR measures a renderer built elsewhere (another commit's) instead of this checkout's.
 * EXPLORER_BENCH_KEEP=DIR keeps Chromium's profile (the IndexedDB cache) in DIR between runs: the
 * first run reads the N events into it, later runs reopen the case from it (the first-read row
 * is then left out). EXPLORER_BENCH_PROFILE=FILE writes a CPU profile of the loaded scroll,
 * EXPLORER_BENCH_TRACE=FILE a Chrome trace of it with a per-frame summary (explorer-trace.ts).
 */
export async function benchExplorer(n = 100_000): Promise<UiRow[]> {
  const keep = process.env.EXPLORER_BENCH_KEEP;
  // The renderer is built into a folder of its own, so a build in the checkout meanwhile does not change what is measured.
  // EXPLORER_BENCH_RENDERER=DIR: an already built renderer (another commit's, for a same-minute comparison).
  const prebuilt = process.env.EXPLORER_BENCH_RENDERER;
  const rendererDir = prebuilt ?? mkdtempSync(path.join(os.tmpdir(), 'explorer-bench-renderer-'));
  if (!prebuilt) execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.mts', '--logLevel', 'warn', '--outDir', rendererDir, '--emptyOutDir'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (keep) mkdirSync(keep, { recursive: true });
  const filled = keep ? path.join(keep, `explorer-bench-filled-${n}`) : null;
  // The cache is per origin: a kept profile is served on the port it was filled on.
  const portFile = keep ? path.join(keep, 'port') : null;
  const port = portFile && existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : undefined;
  const app = await launchApp(() => DEMO, () => null, { rendererDir, ...(keep ? { profileDir: path.join(keep, 'profile'), port } : {}) });
  if (portFile && port === undefined) writeFileSync(portFile, new URL(app.baseUrl).port);
  const script = `(() => {
    const N = ${n}, t0 = Date.UTC(2026, 10, 17, 0, 0, 0), BS = String.fromCharCode(92);
    let first = null;
    const page = (arg) => {
      first ??= arg.path;
      if (arg.path !== first) return { path: arg.path, events: [], next: null, errors: 0 };
      const events = [];
      for (let i = arg.skip; i < Math.min(N, arg.skip + arg.limit); i++) {
        const eid = [1, 3, 11, 13, 4624, 4688][i % 6];
        const dest = 'HOST-' + (i % 40) + '.corp.example';
        events.push({ evidence: 'bulk/' + (i % 8) + '.evtx', record_id: i, time: new Date(t0 + i * 250).toISOString(), event_id: eid,
          channel: eid > 1000 ? 'Security' : 'Microsoft-Windows-Sysmon/Operational', provider: eid > 1000 ? 'Microsoft-Windows-Security-Auditing' : 'Microsoft-Windows-Sysmon',
          dest, process_guid: '{00000000-0000-0000-0000-' + String(i % 5000).padStart(12, '0') + '}',
          fields: { EventID: String(eid), Computer: dest, ProcessGuid: '{00000000-0000-0000-0000-' + String(i % 5000).padStart(12, '0') + '}', Image: ['C:', 'Windows', 'System32', 'proc' + (i % 300) + '.exe'].join(BS),
            CommandLine: 'proc' + (i % 300) + '.exe /run ' + i + (i === N - 7 ? ' needle-in-the-haystack' : ''), User: 'CORP' + BS + 'user' + (i % 90),
            Marker: i === N - 7 ? 'pivot-needle' : 'm' + (i % 1000) } });
      }
      const end = arg.skip + events.length;
      return { path: arg.path, events, next: end < N ? { chunkFrom: 0, skip: end } : null, errors: 0 };
    };
    const wrap = (bridge) => {
      const real = bridge.call;
      bridge.call = async (name, arg) => (name === 'readEventPage' ? { ok: true, value: page(arg) } : real(name, arg));
      return bridge;
    };
    if (window.triage) wrap(window.triage);
    else { let held; Object.defineProperty(window, 'triage', { configurable: true, get: () => held, set: (v) => { held = wrap(v); } }); }
  })();`;
  await app.context.addInitScript(script);
  await app.page.reload();
  const rows: UiRow[] = [];
  const total = n.toLocaleString('en-US');
  try {
    const { page } = app;
    if (!filled || !existsSync(filled)) {
      await page.getByRole('button', { name: 'Open evidence folder…' }).first().click();
      await page.getByTestId('tab-explorer').waitFor({ timeout: 300_000 });
      const firstRead = await timeCount(page, `document.querySelector('[data-testid="tab-explorer"]').click()`, `of ${total} events`);
      rows.push({ label: 'first read of every event into IndexedDB (once per case)', ms: firstRead, note: `${total} events, pages of 1,000 made in the page` });
      if (filled) writeFileSync(filled, new Date().toISOString());
      await page.reload();
    }
    await page.locator('.recent-open').first().waitFor();
    await page.locator('.recent-open').first().click();
    await page.getByTestId('tab-explorer').waitFor();
    await page.evaluate('window.__openedAt = performance.now()');
    rows.push({ label: 'open the explorer from the cache → first rows shown, all events counted', ms: await timeCount(page, `window.__openedAt = performance.now(); document.querySelector('[data-testid="tab-explorer"]').click()`, `of ${total} events`), note: `${total} cached events (target 1,000 ms)` });
    // At once, while the columns and texts are still read from the cache behind the grid.
    // 100 rows a frame: into pages whose texts are not read yet.
    const earlyTrace = process.env.EXPLORER_BENCH_TRACE ? await startTrace(await app.context.newCDPSession(page)) : null;
    const early = await scrollFrames(page, 3000, 2600);
    if (earlyTrace) writeTrace(process.env.EXPLORER_BENCH_TRACE!.replace(/(\.json)?$/, '-early.json'), await earlyTrace.stop());
    rows.push({ label: 'scroll the grid at once, while the cache is still read (3 s, 2,600 px = 100 rows a frame)', ms: early.p95, note: frameNote(early) });
    rows.push({ label: '… → every event indexed (filters cover all)', ms: await timeAttr(page, 'data-indexed', n, 'window.__openedAt'), note: 'column pages read in batches behind the first page' });
    const texts = await timeAttr(page, 'data-texts', n, 'window.__openedAt');
    const heap = (await page.evaluate('(performance.memory ? performance.memory.usedJSHeapSize : 0)')) as number;
    rows.push({ label: '… → every search text read (search covers all)', ms: texts, note: `text pages read behind the columns; renderer JS heap then ${Math.round(heap / 2 ** 20)} MiB` });
    rows.push({ label: 'filter by host', ms: await timeCount(page, setInput('explorer-host', 'HOST-7.corp.example')), note: 'target 300 ms' });
    rows.push({ label: 'filter by EventID (host filter kept)', ms: await timeCount(page, setInput('explorer-eventid', '4624')), note: 'target 300 ms' });
    await timeCount(page, `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Clear filters').click()`);
    rows.push({ label: 'full-text search over every event', ms: await timeCount(page, setInput('explorer-search', 'needle-in-the-haystack')), note: 'target 2,000 ms' });
    // EXPLORER_BENCH_PIVOTS=0 leaves the pivots out (an old renderer's scan of every cached event takes minutes at 1,000,000).
    if (process.env.EXPLORER_BENCH_PIVOTS !== '0') rows.push(...(await benchPivots(page, n)));
    await timeCount(page, `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Clear filters').click()`);
    // EXPLORER_BENCH_PROFILE=FILE: a CPU profile of the scroll step (Chrome DevTools protocol), to see where a frame goes.
    const cdp = process.env.EXPLORER_BENCH_PROFILE || process.env.EXPLORER_BENCH_TRACE ? await app.context.newCDPSession(page) : null;
    if (cdp && process.env.EXPLORER_BENCH_PROFILE) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.start'); }
    const trace = cdp && process.env.EXPLORER_BENCH_TRACE ? await startTrace(cdp) : null;
    const f = await scrollFrames(page, 3000);
    if (trace) writeTrace(process.env.EXPLORER_BENCH_TRACE!, await trace.stop());
    if (cdp && process.env.EXPLORER_BENCH_PROFILE) writeFileSync(process.env.EXPLORER_BENCH_PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    rows.push({ label: 'scroll the grid, everything read (3 s, 400 px a frame)', ms: f.p95, note: frameNote(f) });
  } finally {
    await app.close();
    if (!prebuilt) rmSync(rendererDir, { recursive: true, force: true });
  }
  return rows;
}

/** The value pivots from an open event's fields: one an index answers, one only a scan of the cache can. */
async function benchPivots(page: Page, n: number): Promise<UiRow[]> {
  // The search left one event in the grid (the needle): its detail stays open across the pivots.
  await page.locator('[data-testid="explorer-grid"] [data-seq]').first().click();
  await page.getByTestId('explorer-detail').waitFor();
  const rows: UiRow[] = [];
  for (const [field, label] of [['ProcessGuid', 'a ProcessGuid (200 events)'], ['Marker', 'a value of one event']] as const) {
    const act = `[...document.querySelectorAll('[data-testid="explorer-detail"] tr')].find((r) => r.querySelector('th')?.textContent === ${JSON.stringify(field)}).querySelector('[data-testid="value-pivot"]').click()`;
    const ms = (await page.evaluate(`(async () => {
      const t0 = performance.now();
      ${act};
      const done = () => (document.querySelector('[data-testid="explorer-pivot"]')?.textContent ?? '').startsWith(${JSON.stringify(field + ' = ')}) && !document.querySelector('[data-testid="explorer-pivot-progress"]') && !document.querySelector('[data-testid="explorer-filtering"]');
      await new Promise((resolve) => { const poll = () => (done() ? resolve() : setTimeout(poll, 5)); poll(); });
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - t0;
    })()`)) as number;
    const shown = (await page.getByTestId('explorer-count').textContent())?.replace(/\s+/g, ' ').trim() ?? '';
    rows.push({ label: `pivot: events with this value, ${label}`, ms, note: `${n.toLocaleString('en-US')} cached events; ${shown.slice(0, 80)}` });
  }
  return rows;
}

if (require.main === module) {
  const n = Number(process.argv[2]) || undefined;
  benchExplorer(n).then((rows) => console.log(['| step | ms | what |', '|---|---:|---|', ...rows.map((r) => `| ${r.label} | ${Math.round(r.ms)} | ${r.note} |`)].join('\n')), (err: unknown) => { console.error(err); process.exitCode = 1; });
}
