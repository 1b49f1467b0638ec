import type { ContractError, Result } from '../../../preload/contract';
import type { ExportFormat, ExportResult, SessionInfoView } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

/** Settings → My security. Errors go back to the screen that asked, which shows them in place. */
export interface SecuritySlice {
  readonly sessions: readonly SessionInfoView[] | null;
  readonly loadSessions: () => Promise<ContractError | null>;
  readonly removeAuthenticator: (target: { kind: 'totp' } | { kind: 'webauthn'; id: string }) => Promise<ContractError | null>;
  readonly changeMasterPassword: (current: string, next: string) => Promise<ContractError | null>;
  readonly exportVault: (request: { format: ExportFormat; masterPassword: string | null; filePassword: string | null }) => Promise<Result<ExportResult>>;
}

export const createSecuritySlice: SliceCreator<SecuritySlice> = (set, _get, api) => ({
  sessions: null,
  async loadSessions() {
    const result = await api.listSessions({});
    if (!result.ok) return result.error;
    set({ sessions: result.value });
    return null;
  },
  async removeAuthenticator(target) {
    const result = await api.removeAuthenticator(target);
    if (!result.ok) return result.error;
    set({ twoFactor: result.value });
    return null;
  },
  async changeMasterPassword(current, next) {
    const result = await api.changeMasterPassword({ current, next });
    return result.ok ? null : result.error;
  },
  exportVault: (request) => api.exportVault(request),
});
