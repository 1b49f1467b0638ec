import { API } from '../../api/api';
import type { ApiClient } from '../../api/api-client';
import type { CreateVaultRequest, PutRecordsResult, RecordChange, RegisterDeviceKeyRequest, VaultApi } from './vault-api';

export interface HttpVaultApiOptions {
  readonly client: ApiClient;
  /** A function lets the caller hand over a refreshed session without rebuilding the api. */
  readonly sessionToken: string | (() => string | Promise<string>);
}

/** The vault storage over the backend's `/v1/vault*` endpoints, through the app's one client. */
export function createHttpVaultApi(options: HttpVaultApiOptions): VaultApi {
  const { client } = options;
  const token = async () => (typeof options.sessionToken === 'function' ? await options.sessionToken() : options.sessionToken);

  return {
    async getVault(opts = {}) {
      return client.call(API.vault.get, { token: await token(), query: { since: opts.since } });
    },

    async createVault(body: CreateVaultRequest) {
      await client.call(API.vault.create, { token: await token(), body });
    },

    async registerDeviceKey(body: RegisterDeviceKeyRequest) {
      await client.call(API.vault.registerDeviceKey, { token: await token(), body });
    },

    async replacePasswordKey(body) {
      await client.call(API.vault.replacePasswordKey, { token: await token(), body });
    },

    async putRecords(changes: readonly RecordChange[]): Promise<PutRecordsResult> {
      const outcome = await client.attempt(API.vault.putRecords, { token: await token(), body: { changes: [...changes] } });
      if (outcome.kind === 'refused') return { kind: 'stale', current: outcome.body.current };
      return { kind: 'applied', revision: outcome.value.revision, records: outcome.value.records };
    },
  };
}
