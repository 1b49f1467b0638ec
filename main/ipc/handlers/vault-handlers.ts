import type { HandlerTable, VaultRecord as ContractRecord } from '../../../preload/contract';
import { AppError } from '../../errors/app-error';
import { RECORD_PAGE_SIZE } from '../../shared/record-limits';
import { folderTreeChanges } from '../../vault/folder-changes';
import { checkMasterPassword } from '../../vault/passwords/master-password-rules';
import { generatePassword } from '../../vault/passwords/password-generator';
import { estimateStrength } from '../../vault/passwords/password-strength';
import { totpCode, totpSecondsRemaining } from '../../vault/totp/totp';
import type { VaultRecord } from '../../vault/record';
import type { RuntimeServices } from '../runtime-services';

type VaultChannels =
  | 'checkMasterPassword'
  | 'createVault'
  | 'unlockVault'
  | 'lockVault'
  | 'listRecords'
  | 'saveRecord'
  | 'deleteRecord'
  | 'restoreRecord'
  | 'setFolders'
  | 'moveFolder'
  | 'generatePassword'
  | 'copyToClipboard'
  | 'noteActivity'
  | 'totpCode'
  | 'listDamagedRecords';

function toContract(record: VaultRecord): ContractRecord {
  return record;
}

export function vaultHandlers(s: RuntimeServices): Pick<HandlerTable, VaultChannels> {
  function record(id: string): VaultRecord {
    const found = s.sessions.active().vault.get(id);
    if (!found) throw new AppError('not_found', 'That item is not in your vault any more.');
    return found;
  }

  return {
    async checkMasterPassword({ password }) {
      const { policy } = s.sessions.active();
      const unmet = checkMasterPassword(password, policy.masterPassword);
      const strength = estimateStrength(password);
      return { ok: unmet.length === 0, unmet: unmet.map((u) => u.message), score: strength.score, label: strength.label };
    },
    async createVault({ masterPassword }) {
      const { vault, policy, deviceId } = s.sessions.active();
      if (policy.requireMasterPassword && !masterPassword) {
        throw new AppError('weak_master_password', 'Your role requires a master password for the vault.');
      }
      await s.devices.beforeVaultCreate();
      await vault.create({
        deviceId,
        ...(masterPassword ? { masterPassword } : {}),
        rules: policy.masterPassword,
        requireMasterPassword: policy.requireMasterPassword,
      });
      await vault.unlock({ deviceId });
      await s.devices.afterVaultOpen();
      return s.sessions.refresh();
    },
    async unlockVault({ masterPassword }) {
      const { vault, deviceId, policy } = s.sessions.active();
      // What opens a locked vault is the policy's `unlock`; a new sign-in (sso) opens it by itself.
      if (policy.unlock === 'sso') throw new AppError('reauthentication_required', 'Your organisation asks you to sign in again at its sign-in page to unlock.');
      if (policy.unlock === 'masterPassword' && !masterPassword) throw new AppError('reauthentication_required', 'Your organisation asks for your master password to unlock.');
      if (masterPassword) await vault.unlockWithPassword(masterPassword, { deviceId });
      else await vault.unlock({ deviceId });
      await s.devices.afterVaultOpen();
      return s.sessions.refresh();
    },
    async lockVault() {
      // Not refresh(): that would open the vault again from the keychain.
      s.sessions.active();
      return s.sessions.lock('user');
    },
    async noteActivity() {
      s.sessions.touch();
      return { noted: true };
    },
    async listDamagedRecords() {
      return s.sessions.active().vault.damaged().map((d) => ({ id: d.id, message: d.message }));
    },
    async listRecords({ query, filter, offset, limit, selectedId }) {
      return s.sessions.active().vault.page({
        query,
        filter: filter ?? { kind: 'all' },
        offset: offset ?? 0,
        limit: limit ?? RECORD_PAGE_SIZE.default,
        selectedId: selectedId ?? null,
      });
    },
    async saveRecord({ record: draft }) {
      return toContract(await s.sessions.active().vault.save({ ...draft, urls: [...draft.urls], fields: draft.fields.map((f) => ({ ...f })) }));
    },
    async deleteRecord({ id }) {
      await s.sessions.active().vault.remove(id);
      return { id };
    },
    async restoreRecord({ id }) {
      return toContract(await s.sessions.active().vault.restore(id));
    },
    async setFolders({ changes }) {
      const { vault } = s.sessions.active();
      // Every item is checked before anything is written: one unknown id changes nothing.
      const moved = changes.map(({ id, folder }) => ({ ...record(id), folder }));
      const changed = moved.filter((r) => r.folder !== vault.get(r.id)?.folder);
      if (changed.length > 0) await vault.saveMany(changed, { batchSize: Math.max(changed.length, 1) });
      return { saved: changed.length };
    },
    async moveFolder({ from, to }) {
      const { vault } = s.sessions.active();
      const changed = folderTreeChanges(vault.list(), from, to);
      if (changed.length > 0) await vault.saveMany(changed, { batchSize: changed.length });
      return { saved: changed.length };
    },
    async generatePassword() {
      return { password: generatePassword(s.sessions.active().policy.passwordGenerator) };
    },
    async copyToClipboard({ recordId, field }, context) {
      const item = record(recordId);
      let text: string;
      if (field === 'totp') {
        if (!item.totp) throw new AppError('bad_request', 'This item has no one-time code.');
        text = totpCode(item.totp, new Date());
      } else {
        text = field === 'username' ? item.username : item.password;
      }
      const seconds = await s.clipboardClearSeconds();
      // The web host's main process is a server: the person's clipboard is the page's.
      if (context.transport === 'web') return { clearsInSeconds: seconds, text };
      s.clipboard.writeText(text);
      if (seconds <= 0) return { clearsInSeconds: seconds, text: null };
      const timer = setTimeout(() => {
        // Clear only if it still holds what we put there: never wipe something the user copied since.
        void Promise.resolve(s.clipboard.readText()).then((current) => {
          if (current !== text) return;
          s.clipboard.clear();
          s.bus.emit('clipboardCleared', { field });
        });
      }, seconds * 1000);
      timer.unref?.();
      return { clearsInSeconds: seconds, text: null };
    },
    async totpCode({ recordId }) {
      const item = record(recordId);
      if (!item.totp) throw new AppError('bad_request', 'This item has no one-time code.');
      const now = new Date();
      return { code: totpCode(item.totp, now), secondsLeft: totpSecondsRemaining(item.totp, now) };
    },
  };
}
