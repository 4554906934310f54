import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
/**
 * The Electron shell's rules, with `electron` mocked (the runtime cannot be downloaded here):
 * only the app's own content loads, permissions and new windows are denied, and IPC calls are
 * accepted only from the main window's own frame.
 */
import { describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  beforeRequest: null as null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
  permission: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | (() => boolean),
  ipcHandler: null as null | ((event: unknown, name: unknown, arg: unknown) => Promise<unknown>),
  onHandlers: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
  appListeners: new Map<string, (...a: unknown[]) => void>(),
}));

vi.mock('electron', () => ({
  app: { on: (ev: string, fn: (...a: unknown[]) => void) => state.appListeners.set(ev, fn) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof state.permission) => { state.permission = fn; },
      setPermissionCheckHandler: (fn: typeof state.permissionCheck) => { state.permissionCheck = fn; },
      setDevicePermissionHandler: () => {},
      setProxy: async () => {},
      webRequest: { onBeforeRequest: (fn: typeof state.beforeRequest) => { state.beforeRequest = fn; } },
    },
  },
  ipcMain: {
    handle: (_ch: string, fn: typeof state.ipcHandler) => { state.ipcHandler = fn; },
    on: (ch: string, fn: (event: unknown, ...args: unknown[]) => void) => { state.onHandlers.set(ch, fn); },
  },
}));

const { hardenSession, hardenContents, isAllowedUrl, rendererOrigin } = await import('../../src-main/electron/security');
const { registerIpc } = await import('../../src-main/electron/ipc');
const { GrantedRoots } = await import('../../src-main/api/granted-roots');
const { IPC_DROP_CHANNEL, IPC_EVENT_CHANNEL } = await import('../../src-main/shared/contract');

describe('electron security', () => {
  const origin = rendererOrigin('/opt/app/.vite/renderer/main_window', undefined);

  it('allows only the packaged renderer folder', () => {
    expect(isAllowedUrl('file:///opt/app/.vite/renderer/main_window/index.html', origin)).toBe(true);
    expect(isAllowedUrl('file:///opt/app/.vite/renderer/main_window/assets/x.js', origin)).toBe(true);
    expect(isAllowedUrl('file:///opt/app/.vite/renderer/main_window_evil/index.html', origin)).toBe(false);
    expect(isAllowedUrl('file:///etc/passwd', origin)).toBe(false);
    expect(isAllowedUrl('https://example.com/', origin)).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1:5173/', origin)).toBe(false);
    const dev = rendererOrigin('/x', 'http://localhost:5173/');
    expect(isAllowedUrl('http://localhost:5173/src/main.ts', dev)).toBe(true);
    expect(isAllowedUrl('http://localhost:5174/', dev)).toBe(false);
  });

  it('cancels every other request and denies every permission', () => {
    hardenSession(origin);
    const decide = (url: string) => { let cancel: boolean | undefined; state.beforeRequest!({ url }, (r) => { cancel = r.cancel; }); return cancel; };
    expect(decide('https://telemetry.example/')).toBe(true);
    expect(decide('file:///home/user/.ssh/id_rsa')).toBe(true);
    expect(decide('file:///opt/app/.vite/renderer/main_window/index.html')).toBe(false);
    let granted: boolean | undefined;
    state.permission!({}, 'media', (ok) => { granted = ok; });
    expect(granted).toBe(false);
    expect(state.permissionCheck!()).toBe(false);
  });

  it('denies navigation away, redirects, new windows and webviews', () => {
    const handlers = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>();
    let windowOpen: (() => { action: string }) | null = null;
    const contents = {
      on: (ev: string, fn: (e: { preventDefault: () => void }, url?: string) => void) => handlers.set(ev, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => { windowOpen = fn; },
    };
    hardenContents(contents as never, origin);
    const prevented = (ev: string, url?: string) => { let p = false; handlers.get(ev)!({ preventDefault: () => { p = true; } }, url); return p; };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///opt/app/.vite/renderer/main_window/index.html')).toBe(false);
    expect(prevented('will-redirect')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(windowOpen!()).toEqual({ action: 'deny' });
  });

  it('answers IPC only for the main window frame showing the app', async () => {
    const mainFrame = { url: 'file:///opt/app/.vite/renderer/main_window/index.html' };
    const win = { webContents: { id: 7, mainFrame } };
    const calls: string[] = [];
    const handlers = { appInfo: async () => { calls.push('appInfo'); return { name: 'x', version: '1' }; } };
    registerIpc(() => win as never, handlers as never, origin);
    const ok = await state.ipcHandler!({ sender: { id: 7 }, senderFrame: mainFrame }, 'appInfo', null);
    expect(ok).toEqual({ ok: true, value: { name: 'x', version: '1' } });
    const otherWindow = await state.ipcHandler!({ sender: { id: 8 }, senderFrame: mainFrame }, 'appInfo', null);
    expect(otherWindow).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    const subFrame = await state.ipcHandler!({ sender: { id: 7 }, senderFrame: { url: mainFrame.url } }, 'appInfo', null);
    expect(subFrame).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    const navigated = { url: 'https://evil.example/' };
    const win2 = { webContents: { id: 7, mainFrame: navigated } };
    registerIpc(() => win2 as never, handlers as never, origin);
    expect(await state.ipcHandler!({ sender: { id: 7 }, senderFrame: navigated }, 'appInfo', null)).toMatchObject({ ok: false });
    expect(calls).toEqual(['appInfo']);
  });
});

describe('a folder dropped onto the window', () => {
  const origin = rendererOrigin('/opt/app/.vite/renderer/main_window', undefined);
  const mainFrame = { url: 'file:///opt/app/.vite/renderer/main_window/index.html' };

  async function drop(sender: number, dropped: unknown) {
    const sent: unknown[][] = [];
    const win = { isDestroyed: () => false, webContents: { id: 7, mainFrame, send: (...a: unknown[]) => sent.push(a) } };
    const roots = new GrantedRoots();
    registerIpc(() => win as never, {} as never, origin, roots);
    state.onHandlers.get(IPC_DROP_CHANNEL)!({ sender: { id: sender }, senderFrame: mainFrame }, dropped);
    await new Promise((r) => setTimeout(r, 50));
    return { sent, roots };
  }

  it('grants a dropped folder and tells the renderer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dropped-'));
    const { sent, roots } = await drop(7, dir);
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, 'folderGranted', { root: realpathSync(dir), via: 'drop', error: null }]]);
    await expect(roots.requireRoot(dir)).resolves.toBe(realpathSync(dir));
  });

  it('refuses a dropped file with a message, and ignores other senders and odd values', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dropped-'));
    writeFileSync(path.join(dir, 'a.evtx'), 'x');
    const refused = await drop(7, path.join(dir, 'a.evtx'));
    expect(refused.sent[0]?.[2]).toMatchObject({ root: null, via: 'drop', error: expect.stringMatching(/not a directory/) });
    expect((await drop(8, dir)).sent).toEqual([]);
    expect((await drop(7, 42)).sent).toEqual([]);
    expect((await drop(7, `${dir}\0x`)).sent).toEqual([]);
  });
});
