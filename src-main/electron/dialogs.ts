/** The folder picker: the only way (besides the command line) a folder becomes readable. */
import { dialog, type BrowserWindow } from 'electron';

export async function pickEvidenceFolder(win: BrowserWindow | null): Promise<string | null> {
  const opts = { title: 'Open evidence folder', properties: ['openDirectory' as const] };
  const res = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return res.canceled || res.filePaths.length === 0 ? null : res.filePaths[0]!;
}

/** The rules folder picker: Sigma YAML and our JSON rules, read only (granted as rules, never as evidence). */
export async function pickRulesFolder(win: BrowserWindow | null): Promise<string | null> {
  const opts = { title: 'Load rules folder (Sigma .yml/.yaml, EVTX Triage .json)', buttonLabel: 'Load rules', properties: ['openDirectory' as const] };
  const res = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return res.canceled || res.filePaths.length === 0 ? null : res.filePaths[0]!;
}

/** The open dialog for a triage JSON document (`npm run triage -- --json`, or `npm run merge`). */
export async function pickTriageDocument(win: BrowserWindow | null): Promise<string | null> {
  const opts = { title: 'Import triage document (JSON)', buttonLabel: 'Import', properties: ['openFile' as const], filters: [{ name: 'Triage JSON', extensions: ['json'] }] };
  const res = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return res.canceled || res.filePaths.length === 0 ? null : res.filePaths[0]!;
}

/** The save dialog for exports and reports. */
export async function pickSavePath(
  win: BrowserWindow | null,
  opts: { title: string; defaultName: string; extensions: string[] },
): Promise<string | null> {
  const o = { title: opts.title, defaultPath: opts.defaultName, filters: [{ name: opts.extensions.join(', ').toUpperCase(), extensions: opts.extensions }] };
  const res = win ? await dialog.showSaveDialog(win, o) : await dialog.showSaveDialog(o);
  return res.canceled || !res.filePath ? null : res.filePath;
}
