import type { ContractError, ImportPreview, ImportProgress, ImportSummary } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

export type ImportPhase =
  | { readonly kind: 'pick' }
  | { readonly kind: 'reading' }
  | { readonly kind: 'preview'; readonly preview: ImportPreview; readonly fileName: string; readonly dataBase64: string }
  | { readonly kind: 'running'; readonly preview: ImportPreview; readonly progress: ImportProgress }
  | { readonly kind: 'finished'; readonly summary: ImportSummary };

export interface ImportSlice {
  readonly importPhase: ImportPhase;
  readonly importError: ContractError | null;
  readonly previewFile: (input: {
    fileName: string;
    dataBase64: string;
    format: string | null;
    password: string | null;
    mapping: Readonly<Record<string, string | null>> | null;
  }) => Promise<void>;
  readonly runImport: (duplicates: 'skip' | 'import') => Promise<ImportSummary | null>;
  readonly cancelImport: () => Promise<void>;
  readonly receiveImportProgress: (progress: ImportProgress) => void;
  readonly resetImport: () => void;
  /** The flow's screen went away: forget the file and preview, but let a running import finish. */
  readonly leaveImport: () => void;
}

export const createImportSlice: SliceCreator<ImportSlice> = (set, get, api) => ({
  importPhase: { kind: 'pick' },
  importError: null,
  async previewFile(input) {
    set({ importPhase: { kind: 'reading' }, importError: null });
    const result = await api.previewImport(input);
    if (!result.ok) {
      set({ importPhase: { kind: 'pick' }, importError: result.error });
      return;
    }
    set({ importPhase: { kind: 'preview', preview: result.value, fileName: input.fileName, dataBase64: input.dataBase64 } });
  },
  async runImport(duplicates) {
    const phase = get().importPhase;
    if (phase.kind !== 'preview') return null;
    const total = phase.preview.rows;
    set({ importPhase: { kind: 'running', preview: phase.preview, progress: { importId: phase.preview.importId, done: 0, total } } });
    const result = await api.runImport({ importId: phase.preview.importId, duplicates });
    if (!result.ok) {
      set({ importPhase: { kind: 'pick' }, importError: result.error });
      return null;
    }
    set({ importPhase: { kind: 'finished', summary: result.value } });
    await get().loadRecords();
    return result.value;
  },
  async cancelImport() {
    const phase = get().importPhase;
    if (phase.kind === 'running') await api.cancelImport({ importId: phase.preview.importId });
  },
  receiveImportProgress(progress) {
    const phase = get().importPhase;
    if (phase.kind === 'running' && phase.preview.importId === progress.importId) {
      set({ importPhase: { ...phase, progress } });
    }
  },
  resetImport() {
    set({ importPhase: { kind: 'pick' }, importError: null });
  },
  leaveImport() {
    if (get().importPhase.kind !== 'running') get().resetImport();
  },
});
