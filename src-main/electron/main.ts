/**
 * Electron main: window, security, IPC and dialogs only. All the work is in api/ and below.
 * `evtx-triage [EVIDENCE_DIR]` grants that folder as if picked in the dialog.
 */
import { app, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { ApiEvents } from '../shared/contract';
import { createHandlers } from '../api/handlers';
import { WorkerPool } from '../evidence-reading/pool';
import { ingestWorkerScript } from '../evidence-reading/worker-script';
import { setWarmUpSamplesDirs, warmUpSamples } from '../evidence-reading/warm-up';
import { GrantedRoots } from '../api/granted-roots';
import { setSigmaAssetsDir } from '../detect/sigma/load-options';
import { setReportAssetsDir } from '../report/fonts'; // not render-report: pdfmake stays out of main (the report worker lays out PDFs)
import { pickEvidenceFolder, pickRulesFolder, pickTriageDocument, pickSavePath } from './dialogs';
import { registerIpc, sendEvent } from './ipc';
import { installMenu } from './menu';
import { hardenSession, rendererOrigin } from './security';
import { createMainWindow, preloadPathBeside } from './window';

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;
const roots = new GrantedRoots();
const rendererDir = path.join(__dirname, `../renderer/${MAIN_WINDOW_VITE_NAME}`);
const origin = rendererOrigin(rendererDir, MAIN_WINDOW_VITE_DEV_SERVER_URL);

// One pool for the app's life: its workers start once the window has loaded, warm the parser up
// on the built-in samples while the analyst picks a folder (worker/warm-up.ts), and stay warm.
// Without a worker entry there is none, and each scan reports the missing entry itself.
let pool: WorkerPool | undefined;
try {
  pool = new WorkerPool(ingestWorkerScript());
} catch {
  pool = undefined;
}
const handlers = createHandlers({
  roots,
  pool,
  chooseFolder: () => pickEvidenceFolder(mainWindow),
  chooseRulesFolder: () => pickRulesFolder(mainWindow),
  chooseTriageDocument: () => pickTriageDocument(mainWindow),
  ruleRoots: new GrantedRoots('rules folder'),
  chooseSavePath: (opts) => pickSavePath(mainWindow, opts),
  emit: (name, payload) => sendEvent(mainWindow, name, payload),
});

/** `evtx-triage FOLDER`: granted at start and opened once the page has loaded. */
async function grantCommandLineFolder(): Promise<ApiEvents['folderGranted'] | null> {
  const arg = process.argv.slice(app.isPackaged ? 1 : 2).find((a) => !a.startsWith('-'));
  if (!arg) return null;
  return roots.grant(path.resolve(arg)).then(
    (root) => ({ root, via: 'command-line' as const, error: null }),
    (err: Error) => ({ root: null, via: 'command-line' as const, error: `Evidence folder refused: ${err.message}` }),
  );
}

app.whenReady().then(async () => {
  // Packaged: the report's fonts are in resources/fonts (forge extraResource).
  if (app.isPackaged) setReportAssetsDir(process.resourcesPath);
  // Packaged: the SigmaHQ rules (rules.json, placeholders.yml) are in resources/sigma.
  if (app.isPackaged) setSigmaAssetsDir(path.join(process.resourcesPath, 'sigma'));
  // Packaged: the workers' warm-up samples are in resources/warm-up and resources/demo-evidence.
  if (app.isPackaged) setWarmUpSamplesDirs(['warm-up', 'demo-evidence'].map((d) => path.join(process.resourcesPath, d)));
  hardenSession(origin);
  installMenu((action) => sendEvent(mainWindow, 'menuAction', { action }));
  const fromCommandLine = await grantCommandLineFolder();
  registerIpc(() => mainWindow, handlers, origin, roots);
  mainWindow = createMainWindow(preloadPathBeside(__dirname), async (win) => {
    if (MAIN_WINDOW_VITE_DEV_SERVER_URL) await win.loadURL(MAIN_WINDOW_VITE_DEV_SERVER_URL);
    else await win.loadFile(path.join(rendererDir, 'index.html'));
  });
  mainWindow.on('closed', () => { mainWindow = null; });
  mainWindow.webContents.once('did-finish-load', () => { void pool?.warmUp(warmUpSamples()); });
  if (fromCommandLine) mainWindow.webContents.once('did-finish-load', () => sendEvent(mainWindow, 'folderGranted', fromCommandLine));
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => { void pool?.close(); });
