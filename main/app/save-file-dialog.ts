import type { BaseWindow, Dialog, SaveDialogOptions } from 'electron';
import type { SaveTextFile } from '../platform/save-text-file';

interface SaveFileDialogDeps {
  readonly dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The window the dialog belongs to (modal to it), if one is open. */
  readonly window: () => BaseWindow | null;
  readonly defaultDir: string;
  readonly join: (dir: string, name: string) => string;
  /** Writes with mode 0600: an export or a diagnostics bundle is the person's alone. */
  readonly writeFile: (path: string, text: string) => Promise<void>;
}

/** Electron's save dialog, then the file written where the person chose; nothing when cancelled. */
export function createSaveFileDialog(deps: SaveFileDialogDeps): SaveTextFile {
  return async (request) => {
    const options: SaveDialogOptions = {
      title: request.title,
      defaultPath: deps.join(deps.defaultDir, request.suggestedName),
      filters: [{ name: request.filter.name, extensions: [...request.filter.extensions] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const window = deps.window();
    const choice = window ? await deps.dialog.showSaveDialog(window, options) : await deps.dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { kind: 'cancelled' };
    await deps.writeFile(choice.filePath, request.text);
    return { kind: 'saved', path: choice.filePath };
  };
}
