/**
 * The only bridge between the sandboxed renderer and main: `window.triage`, with a generic call
 * and an event subscription. No Node or Electron object ever reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ApiResult, type TriageBridge } from '../api/contract';

const bridge: TriageBridge = {
  call: (name: string, arg: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, arg) as Promise<ApiResult<unknown>>,
  onEvent: (listener) => {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => { ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped); };
  },
};

contextBridge.exposeInMainWorld('triage', bridge);
