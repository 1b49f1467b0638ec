import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  readonly preloadPath: string;
  readonly show: boolean;
  readonly iconPath?: string;
}

/** The one window's options: every Electron security default on, explicitly. */
export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    title: 'Keyhaven',
    show: input.show,
    backgroundColor: '#0f172a',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: process.env.KEYHAVEN_DEVTOOLS === '1',
      safeDialogs: true,
    },
  };
}
