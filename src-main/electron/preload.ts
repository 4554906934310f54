/**
 * The only bridge between the sandboxed renderer and main: `window.triage`, with a generic call
 * and an event subscription. No Node or Electron object ever reaches the page.
 *
 * Dropping a folder onto the window: the preload itself listens for the drop, accepts only a
 * trusted (user-made) event, reads the dropped item's path with webUtils and tells main, which
 * grants it. The page never gets a way to name a path to grant.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_DROP_CHANNEL, IPC_EVENT_CHANNEL, type ApiResult, type TriageBridge } from '../shared/contract';

const bridge: TriageBridge = {
  call: (name: string, arg: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, arg) as Promise<ApiResult<unknown>>,
  onEvent: (listener) => {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => { ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped); };
  },
};

contextBridge.exposeInMainWorld('triage', bridge);

/** The dropped item's path, or null (an untrusted event, nothing dropped, or a File made by script). */
export function droppedPath(event: DragEvent): string | null {
  if (!event.isTrusted) return null;
  const file = event.dataTransfer?.files?.[0];
  if (!file) return null;
  const p = webUtils.getPathForFile(file);
  return p ? p : null;
}

window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => {
  e.preventDefault();
  const p = droppedPath(e);
  if (p) ipcRenderer.send(IPC_DROP_CHANNEL, p);
});
