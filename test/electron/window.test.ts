import { vi, describe, expect, it } from 'vitest';

const captured = vi.hoisted(() => ({ options: null as null | Record<string, unknown> }));
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(opts: Record<string, unknown>) { captured.options = opts; }
    once() {}
  },
}));

const { createMainWindow } = await import('../../src-main/electron/window');

describe('main window', () => {
  it('is isolated and sandboxed, with no Node in the renderer', () => {
    createMainWindow('/app/preload.js', async () => {});
    const web = captured.options!.webPreferences as Record<string, unknown>;
    expect(web).toMatchObject({
      preload: '/app/preload.js', contextIsolation: true, sandbox: true, nodeIntegration: false,
      nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true,
      allowRunningInsecureContent: false, webviewTag: false,
    });
  });
});
