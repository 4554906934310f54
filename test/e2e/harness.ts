/**
 * Runs the built renderer in Debian's Chromium with the real API handlers bound in where the
 * preload would put `window.triage`. Same handlers, same data; only the transport differs.
 * Every request the page makes is recorded, so a test can prove it never left 127.0.0.1.
 */
import { createReadStream, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createHandlers, dispatchCall } from '../../src-main/api/handlers';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { WorkerPool } from '../../src-main/evidence-reading/pool';
import { ingestWorkerScript } from '../../src-main/evidence-reading/worker-script';
import type { ApiCallName } from '../../src-main/shared/contract';
import { REPO_ROOT } from '../helpers/paths';

const RENDERER_DIR = path.join(REPO_ROOT, '.vite/renderer/main_window');
const SCREENS_DIR = path.join(REPO_ROOT, 'test-results/screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.json': 'application/json',
};

function serveRenderer(RENDERER_DIR: string, port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(RENDERER_DIR, urlPath === '/' ? 'index.html' : urlPath);
    if (!file.startsWith(RENDERER_DIR) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export interface AppUnderTest {
  page: Page;
  context: BrowserContext;
  calls: ApiCallName[];
  requests: string[];
  consoleErrors: string[];
  progressEvents: number;
  baseUrl: string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Rewrites a call's value before the page sees it (e.g. fixture findings on real evidence). */
  rewrite?: (name: ApiCallName, value: unknown) => unknown;
  /** Holds a call's answer back this many ms (so a screen that is usually too quick can be looked at). */
  delayMs?: Partial<Record<ApiCallName, number>>;
  /** What the rules folder dialog answers (default: nothing picked). */
  rulesFolder?: () => string | null;
  /** What the triage document dialog answers (default: nothing picked). */
  triageDocument?: () => string | null;
  /** Chromium's profile folder (default: a fresh one): a bench keeps its IndexedDB cache between runs in one. */
  profileDir?: string;
  /** The built renderer to serve (default: `.vite/renderer/main_window`). */
  rendererDir?: string;
  /** The port to serve it on (default: any free one). IndexedDB is per origin: a kept profile's cache is found again only on the same port. */
  port?: number;
}

export async function launchApp(
  chosenFolder: () => string | null,
  savePath: (defaultName: string) => string | null = () => null,
  options: LaunchOptions = {},
): Promise<AppUnderTest> {
  const served = await serveRenderer(options.rendererDir ?? RENDERER_DIR, options.port);
  const profile = options.profileDir ?? mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // As in Electron's main: one pool for the page's life, closed with it.
  const pool = new WorkerPool(ingestWorkerScript());
  const app: AppUnderTest = {
    page, context, calls: [], requests: [], consoleErrors: [], progressEvents: 0, baseUrl: served.url,
    async screenshot(name) {
      mkdirSync(SCREENS_DIR, { recursive: true });
      const file = path.join(SCREENS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      await served.close();
      await pool.close();
    },
  };
  context.on('request', (r) => app.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') app.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => app.consoleErrors.push(String(e)));

  const handlers = createHandlers({
    roots: new GrantedRoots(),
    pool,
    chooseFolder: async () => chosenFolder(),
    chooseRulesFolder: async () => options.rulesFolder?.() ?? null,
    chooseTriageDocument: async () => options.triageDocument?.() ?? null,
    chooseSavePath: async (opts) => savePath(opts.defaultName),
    emit: (name, payload) => {
      app.progressEvents++;
      page.evaluate(([n, p]) => (window as unknown as { __triageEmit?: (n: string, p: unknown) => void }).__triageEmit?.(n, p), [name, payload] as const)
        .catch(() => {});
    },
  });
  await context.exposeBinding('__triageCall', async (_source, name: string, arg: unknown) => {
    app.calls.push(name as ApiCallName);
    const res = await dispatchCall(handlers, name, arg);
    const delay = options.delayMs?.[name as ApiCallName];
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (options.rewrite && res.ok) return { ok: true, value: options.rewrite(name as ApiCallName, res.value) };
    return res;
  });
  // The stand-in for the preload bridge, as source text: a function would be serialised with
  // whatever helpers the TypeScript loader injected (tsx adds `__name`), which the page lacks.
  await context.addInitScript(`(() => {
    const listeners = new Set();
    window.__triageEmit = (n, p) => { for (const l of listeners) l(n, p); };
    window.triage = {
      call: (name, arg) => window.__triageCall(name, arg),
      onEvent: (l) => { listeners.add(l); return () => listeners.delete(l); },
    };
  })();`);
  await page.goto(served.url);
  return app;
}
