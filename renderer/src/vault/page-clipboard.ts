/**
 * The page's clipboard, for the web host: there main is a server process, so the text has to be
 * written (and later cleared) by the page itself, the way main does it in Electron.
 */
export interface PageClipboard {
  /** Writes `text`; after `clearAfterSeconds` (0: never) clears it if it still holds `text`. */
  copy(text: string, clearAfterSeconds: number, onCleared: () => void): Promise<boolean>;
}

export function createPageClipboard(clipboard: Pick<Clipboard, 'writeText' | 'readText'> | undefined, win: Pick<Window, 'addEventListener' | 'removeEventListener' | 'setTimeout' | 'clearTimeout'>): PageClipboard {
  let pending: { timer: number; cancel: () => void } | null = null;

  async function clearIfStill(text: string): Promise<boolean> {
    if (!clipboard) return true;
    let current: string | null;
    try {
      current = await clipboard.readText();
    } catch {
      // Reading may be refused: clear anyway, a password left behind is worse than a lost copy.
      current = null;
    }
    if (current !== null && current !== text) return true;
    try {
      await clipboard.writeText('');
      return true;
    } catch {
      // Chromium refuses clipboard writes while the page is not focused.
      return false;
    }
  }

  return {
    async copy(text, clearAfterSeconds, onCleared) {
      if (!clipboard) return false;
      pending?.cancel();
      pending = null;
      try {
        await clipboard.writeText(text);
      } catch {
        return false;
      }
      if (clearAfterSeconds <= 0) return true;
      const attempt = async () => {
        if (await clearIfStill(text)) {
          pending?.cancel();
          pending = null;
          onCleared();
          return;
        }
        // Try again as soon as the window has focus again.
        win.addEventListener('focus', retry, { once: true });
      };
      const retry = () => void attempt();
      const timer = win.setTimeout(retry, clearAfterSeconds * 1000);
      pending = {
        timer,
        cancel: () => {
          win.clearTimeout(timer);
          win.removeEventListener('focus', retry);
        },
      };
      return true;
    },
  };
}
