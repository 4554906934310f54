/**
 * IPC registration: one channel for calls, one for events. Calls are accepted only from the main
 * window's own frame and own content; the handler table validates every argument.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_DROP_CHANNEL, IPC_EVENT_CHANNEL, type ApiEventName, type ApiEvents, type ApiResult } from '../shared/contract';
import type { GrantedRoots } from '../api/granted-roots';
import { dispatchCall, type createHandlers } from '../api/handlers';
import { isAllowedUrl, type ContentOrigin } from './security';

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

function fromOurWindow(win: BrowserWindow | null, event: SenderEvent, origin: ContentOrigin): win is BrowserWindow {
  const frameUrl = event.senderFrame?.url ?? '';
  return !!win && event.sender.id === win.webContents.id && event.senderFrame === win.webContents.mainFrame && isAllowedUrl(frameUrl, origin);
}

export function registerIpc(
  getWindow: () => BrowserWindow | null,
  handlers: ReturnType<typeof createHandlers>,
  origin: ContentOrigin,
  roots?: GrantedRoots,
): void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, arg: unknown): Promise<ApiResult<unknown>> => {
    if (!fromOurWindow(getWindow(), event, origin)) {
      return { ok: false, error: { code: 'not_allowed', message: 'call from an unknown sender refused', context: {} } };
    }
    return dispatchCall(handlers, name, arg);
  });
  if (!roots) return;
  // A folder dropped onto the window, as read by the preload from a trusted drop event.
  ipcMain.on(IPC_DROP_CHANNEL, (event, dropped: unknown) => {
    const win = getWindow();
    if (!fromOurWindow(win, event, origin)) return;
    if (typeof dropped !== 'string' || dropped.length === 0 || dropped.length > 4096 || dropped.includes('\0')) return;
    roots.grant(dropped).then(
      (root) => sendEvent(win, 'folderGranted', { root, via: 'drop', error: null }),
      (err: Error) => sendEvent(win, 'folderGranted', { root: null, via: 'drop', error: `Dropped item refused: ${err.message}` }),
    );
  });
}

export function sendEvent<E extends ApiEventName>(win: BrowserWindow | null, name: E, payload: ApiEvents[E]): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, name, payload);
}
