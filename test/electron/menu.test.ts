import { describe, expect, it, vi } from 'vitest';
import type { MenuAction } from '../../src-main/shared/contract';

vi.mock('electron', () => ({ Menu: { setApplicationMenu: () => {}, buildFromTemplate: (t: unknown) => t } }));
const { menuTemplate } = await import('../../src-main/electron/menu');

type Item = { label?: string; role?: string; click?: () => void; submenu?: Item[] };

describe('application menu', () => {
  it('has File › Load rules folder…, which tells the renderer and nothing else', () => {
    const actions: MenuAction[] = [];
    const items = menuTemplate((a) => actions.push(a), 'linux') as Item[];
    const file = items.find((i) => i.label === 'File')!;
    const load = file.submenu!.find((i) => i.label === 'Load rules folder…')!;
    load.click!();
    expect(actions).toEqual(['loadRulesFolder']);
    // Not Ctrl+Shift+R: the View menu's Force Reload has it (a reload mid-read would lose the read).
    expect((load as { accelerator?: string }).accelerator).toBe('CmdOrCtrl+Shift+L');
    expect(file.submenu!.some((i) => i.role === 'quit')).toBe(true);
    // Only roles and our own items: nothing that opens a URL (no help links to the web).
    const all = items.flatMap((i) => [i, ...(i.submenu ?? [])]);
    expect(all.filter((i) => i.click).map((i) => i.label)).toEqual(['Load rules folder…', 'Import triage document…']);
  });

  it('has File › Import triage document…, which tells the renderer (main asks for the file when the renderer calls)', () => {
    const actions: MenuAction[] = [];
    const file = (menuTemplate((a) => actions.push(a), 'linux') as Item[]).find((i) => i.label === 'File')!;
    const item = file.submenu!.find((i) => i.label === 'Import triage document…')!;
    item.click!();
    expect(actions).toEqual(['importTriageDocument']);
    // Not Ctrl+Shift+I: the developer tools' usual key.
    expect((item as { accelerator?: string }).accelerator).toBe('CmdOrCtrl+Shift+O');
  });

  it('keeps the macOS app menu first on darwin', () => {
    expect((menuTemplate(() => {}, 'darwin') as Item[])[0]!.role).toBe('appMenu');
  });
});
