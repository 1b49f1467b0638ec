import path from 'node:path';
import type { BaseWindow, Dialog, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import { describe, expect, it } from 'vitest';
import { createSaveFileDialog } from '../../../main/app/save-file-dialog';

/** Electron's dialog.showSaveDialog as its types describe it (with and without a parent window). */
function fakeDialog(answer: SaveDialogReturnValue) {
  const calls: { window: BaseWindow | null; options: SaveDialogOptions }[] = [];
  const showSaveDialog = (async (a: BaseWindow | SaveDialogOptions, b?: SaveDialogOptions) => {
    if (b === undefined) calls.push({ window: null, options: a as SaveDialogOptions });
    else calls.push({ window: a as BaseWindow, options: b });
    return answer;
  }) as Dialog['showSaveDialog'];
  return { dialog: { showSaveDialog }, calls };
}

const REQUEST = { title: 'Export vault', suggestedName: 'keyhaven-export.json', text: '{"a":1}', filter: { name: 'Keyhaven export', extensions: ['json'] } };

describe('createSaveFileDialog', () => {
  it('asks where to save, modal to the window, and writes the text there', async () => {
    const { dialog, calls } = fakeDialog({ canceled: false, filePath: '/home/p/Downloads/mine.json' });
    const window = {} as BaseWindow;
    const written: [string, string][] = [];
    const save = createSaveFileDialog({ dialog, window: () => window, defaultDir: '/home/p/Downloads', join: path.posix.join, writeFile: async (p, t) => void written.push([p, t]) });
    expect(await save(REQUEST)).toEqual({ kind: 'saved', path: '/home/p/Downloads/mine.json' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.window).toBe(window);
    expect(calls[0]?.options).toMatchObject({ title: 'Export vault', defaultPath: '/home/p/Downloads/keyhaven-export.json', filters: [{ name: 'Keyhaven export', extensions: ['json'] }] });
    expect(calls[0]?.options.properties).toContain('showOverwriteConfirmation');
    expect(written).toEqual([['/home/p/Downloads/mine.json', '{"a":1}']]);
  });

  it('writes nothing when the person cancels', async () => {
    const { dialog } = fakeDialog({ canceled: true, filePath: '' });
    const written: string[] = [];
    const save = createSaveFileDialog({ dialog, window: () => null, defaultDir: '/tmp', join: path.posix.join, writeFile: async (p) => void written.push(p) });
    expect(await save(REQUEST)).toEqual({ kind: 'cancelled' });
    expect(written).toEqual([]);
  });

  it('without a window the dialog is not modal to anything', async () => {
    const { dialog, calls } = fakeDialog({ canceled: false, filePath: '/tmp/x.csv' });
    const save = createSaveFileDialog({ dialog, window: () => null, defaultDir: '/tmp', join: path.posix.join, writeFile: async () => undefined });
    await save({ ...REQUEST, suggestedName: 'x.csv' });
    expect(calls[0]?.window).toBeNull();
  });
});
