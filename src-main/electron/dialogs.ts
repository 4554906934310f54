/** The folder picker: the only way (besides the command line) a folder becomes readable. */
import { dialog, type BrowserWindow } from 'electron';

export async function pickEvidenceFolder(win: BrowserWindow | null): Promise<string | null> {
  const opts = { title: 'Open evidence folder', properties: ['openDirectory' as const] };
  const res = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return res.canceled || res.filePaths.length === 0 ? null : res.filePaths[0]!;
}
