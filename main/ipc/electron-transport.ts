import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import { CHANNELS, ipcChannelName, ipcEventName, type HandlerTable, type Result } from '../../preload/contract';
import type { EventBus } from './event-bus';
import { runHandler } from './run-handler';

export interface IpcTransportDeps {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly table: HandlerTable;
  /** True only for our own window's main frame loaded from our own origin. */
  readonly isTrustedSender: (frame: WebFrameMain | null) => boolean;
  readonly logger: Logger;
}

/** Registers one `ipcMain.handle` per contract channel; returns a function that removes them. */
export function registerIpcHandlers(deps: IpcTransportDeps): () => void {
  for (const channel of CHANNELS) {
    deps.ipcMain.handle(ipcChannelName(channel), async (event: IpcMainInvokeEvent, request: unknown): Promise<Result<unknown>> => {
      if (!deps.isTrustedSender(event.senderFrame)) {
        deps.logger.warn({ channel }, 'refused IPC from an untrusted frame');
        const refused = new AppError('forbidden', 'This request did not come from Keyhaven.');
        return { ok: false, error: { code: refused.code, message: refused.publicMessage } };
      }
      return runHandler(deps.table, channel, request, { transport: 'ipc' }, deps.logger);
    });
  }
  return () => {
    for (const channel of CHANNELS) deps.ipcMain.removeHandler(ipcChannelName(channel));
  };
}

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Forwards bus events to our windows only. */
export function forwardEventsToWindows(bus: EventBus, targets: () => readonly EventTarget[]): () => void {
  return bus.subscribe((event, payload) => {
    for (const target of targets()) {
      if (!target.isDestroyed()) target.send(ipcEventName(event), payload);
    }
  });
}
