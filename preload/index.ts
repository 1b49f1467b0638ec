import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildKeyhavenApi, type PreloadElectron } from './build-api';

const electron: PreloadElectron = {
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  on: (channel, listener) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.removeListener(channel, wrapped);
  },
};

contextBridge.exposeInMainWorld('keyhaven', buildKeyhavenApi(electron));
