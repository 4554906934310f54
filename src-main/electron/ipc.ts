/**
 * IPC registration: one channel for calls, one for events. Calls are accepted only from the main
 * window's own frame and own content; the handler table validates every argument.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ApiEventName, type ApiEvents, type ApiResult } from '../api/contract';
import { dispatchCall, type createHandlers } from '../api/handlers';
import { isAllowedUrl, type ContentOrigin } from './security';

export function registerIpc(
  getWindow: () => BrowserWindow | null,
  handlers: ReturnType<typeof createHandlers>,
  origin: ContentOrigin,
): void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, arg: unknown): Promise<ApiResult<unknown>> => {
    const win = getWindow();
    const frameUrl = event.senderFrame?.url ?? '';
    if (!win || event.sender.id !== win.webContents.id || event.senderFrame !== win.webContents.mainFrame || !isAllowedUrl(frameUrl, origin)) {
      return { ok: false, error: { code: 'not_allowed', message: 'call from an unknown sender refused', context: {} } };
    }
    return dispatchCall(handlers, name, arg);
  });
}

export function sendEvent<E extends ApiEventName>(win: BrowserWindow | null, name: E, payload: ApiEvents[E]): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, name, payload);
}
