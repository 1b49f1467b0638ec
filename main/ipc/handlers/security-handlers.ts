import type { HandlerTable } from '../../../preload/contract';
import { API } from '../../api/api';
import { AppError } from '../../errors/app-error';
import { writeCsvExport } from '../../import/csv-export';
import { writeKeyhavenExport, type ExportItem } from '../../import/formats/keyhaven-json';
import type { VaultRecord } from '../../vault/record';
import type { RuntimeServices } from '../runtime-services';

type Channels = 'removeAuthenticator' | 'changeMasterPassword' | 'listSessions' | 'exportVault';

/** Long enough that the file's encryption is not the weak point of an export. */
const MIN_FILE_PASSWORD = 12;

function exportItem(r: VaultRecord): ExportItem {
  return { type: r.type, title: r.title, username: r.username, password: r.password, urls: r.urls, notes: r.notes, folder: r.folder, totp: r.totp, fields: r.fields, favorite: r.favorite };
}

/**
 * Settings → My security. The backend decides what may be removed (never below the role's
 * requirement) and whether an export is allowed and re-authenticated; the vault re-wraps its
 * key and writes the export on this device.
 */
export function securityHandlers(s: RuntimeServices): Pick<HandlerTable, Channels> {
  const token = () => s.sessions.active().token;

  return {
    async removeAuthenticator(target) {
      const view =
        target.kind === 'totp'
          ? await s.backend.call(API.twoFactor.removeTotp, { token: token() })
          : await s.backend.call(API.twoFactor.removeWebauthn, { token: token(), params: { id: target.id } });
      await s.sessions.refresh();
      return view;
    },
    async changeMasterPassword({ current, next }) {
      const { vault, policy } = s.sessions.active();
      await vault.changeMasterPassword({ current, next, rules: policy.masterPassword });
      return { changed: true };
    },
    async listSessions() {
      return (await s.backend.call(API.session.list, { token: token() })).sessions;
    },
    async exportVault({ format, masterPassword, filePassword }) {
      const { vault, policy } = s.sessions.active();
      if (!policy.allowExport) throw new AppError('export_not_allowed', 'Your role’s policy does not allow exporting the vault.');
      if (format === 'encrypted-json' && (filePassword ?? '').length < MIN_FILE_PASSWORD) {
        throw new AppError('bad_request', `Choose a password of at least ${MIN_FILE_PASSWORD} characters for the export file.`);
      }
      const reauth = await vault.confirmMasterPassword(masterPassword);
      const items = vault.list().map(exportItem);
      // Announced (and audited) before the file exists: a refusal leaves no file behind.
      await s.backend.call(API.vault.announceExport, { token: token(), body: { format, items: items.length, reauth: reauth === 'confirmed' ? 'master_password' : 'sign_in' } });
      const text = format === 'csv' ? writeCsvExport(items) : await writeKeyhavenExport(items, filePassword ?? '');
      const extension = format === 'csv' ? 'csv' : 'json';
      const fileName = `keyhaven-export-${new Date().toISOString().slice(0, 10)}.${extension}`;
      if (!s.saveTextFile) return { kind: 'download', fileName, text, items: items.length };
      const saved = await s.saveTextFile({
        title: 'Export vault',
        suggestedName: fileName,
        text,
        filter: format === 'csv' ? { name: 'CSV (not encrypted)', extensions: ['csv'] } : { name: 'Keyhaven export (encrypted)', extensions: ['json'] },
      });
      return saved.kind === 'saved' ? { ...saved, items: items.length } : saved;
    },
  };
}
