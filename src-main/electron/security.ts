/**
 * The app never touches a network and never shows remote content: every request that is not
 * the app's own renderer content is cancelled, permissions are denied, navigation and new
 * windows are refused, webviews are never attached.
 */
import { app, session, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ContentOrigin {
  /** file:// URL of the built renderer folder, or the Vite dev server URL in development. */
  allowedPrefix: string;
}

export function rendererOrigin(rendererDir: string, devServerUrl: string | undefined): ContentOrigin {
  if (devServerUrl) return { allowedPrefix: new URL('/', devServerUrl).href };
  return { allowedPrefix: pathToFileURL(rendererDir + path.sep).href };
}

export function isAllowedUrl(url: string, origin: ContentOrigin): boolean {
  if (url.startsWith('devtools://')) return true;
  return url.startsWith(origin.allowedPrefix);
}

/** Session-wide rules, set once before any window opens. */
export function hardenSession(origin: ContentOrigin): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedUrl(details.url, origin) }));
  ses.setProxy({ mode: 'direct' }).catch(() => {});
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, origin));
}

/** Per-webContents rules: no navigation away, no new windows, no webviews. */
export function hardenContents(contents: WebContents, origin: ContentOrigin): void {
  contents.on('will-navigate', (event, url) => { if (!isAllowedUrl(url, origin)) event.preventDefault(); });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
