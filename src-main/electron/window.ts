/** The main window: isolated, sandboxed renderer with no Node access; only the preload bridge. */
import { BrowserWindow } from 'electron';
import path from 'node:path';

export function createMainWindow(preloadPath: string, load: (win: BrowserWindow) => Promise<void>): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'EVTX Triage',
    show: false,
    backgroundColor: '#111418',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  void load(win);
  return win;
}

export function preloadPathBeside(dir: string): string {
  return path.join(dir, 'preload.js');
}
