import { isAppUrl } from './app-origin';

export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/**
 * IPC is answered only for our window's top frame showing our own page: a sub-frame or a page
 * from anywhere else (should one ever load) gets nothing.
 */
export function isTrustedFrame(frame: FrameLike | null | undefined, ourMainFrame: () => FrameLike | null): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  if (frame !== ourMainFrame()) return false;
  return isAppUrl(frame.url);
}
