/**
 * The application menu: the standard roles, without anything that loads remote content, and the
 * items that act on the open case (carried out by the renderer, which holds the case: main only
 * says which item was chosen).
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../shared/contract';

export function menuTemplate(onAction: (action: MenuAction) => void, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Load rules folder…', accelerator: 'CmdOrCtrl+Shift+L', click: () => onAction('loadRulesFolder') },
        { label: 'Import triage document…', accelerator: 'CmdOrCtrl+Shift+O', click: () => onAction('importTriageDocument') },
        { type: 'separator' },
        platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}

export function installMenu(onAction: (action: MenuAction) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(onAction)));
}
