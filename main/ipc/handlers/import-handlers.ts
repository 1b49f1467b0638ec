import type { HandlerTable } from '../../../preload/contract';
import type { RuntimeServices } from '../runtime-services';

export function importHandlers(s: RuntimeServices): Pick<HandlerTable, 'previewImport' | 'runImport' | 'cancelImport'> {
  return {
    previewImport: ({ dataBase64, format, password, mapping }) => s.importer.preview({ dataBase64, format, password, mapping }),
    runImport: (request) => s.importer.run(request),
    cancelImport: async ({ importId }) => ({ cancelled: s.importer.cancel(importId) }),
  };
}
