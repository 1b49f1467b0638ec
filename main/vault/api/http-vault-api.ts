import { z } from 'zod';
import { AppError, isErrorCode } from '../../errors/app-error';
import {
  putAppliedSchema,
  remoteRecordSchema,
  vaultSnapshotSchema,
  type CreateVaultRequest,
  type PutRecordsResult,
  type RecordChange,
  type RegisterDeviceKeyRequest,
  type VaultApi,
} from './vault-api';

export interface HttpVaultApiOptions {
  readonly baseUrl: string;
  /** A function lets the caller hand over a refreshed session without rebuilding the api. */
  readonly sessionToken: string | (() => string | Promise<string>);
  readonly fetch: typeof globalThis.fetch;
}

const errorBodySchema = z.object({ error: z.string(), message: z.string() }).loose();
const staleBodySchema = z.object({ error: z.literal('stale_revision'), current: z.array(remoteRecordSchema) }).loose();

export function createHttpVaultApi(options: HttpVaultApiOptions): VaultApi {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const token = typeof options.sessionToken === 'function' ? await options.sessionToken() : options.sessionToken;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new AppError('backend_unreachable', `Could not reach the Keyhaven server at ${base}.`, { cause });
    }
    const text = await response.text();
    let json: unknown = null;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch (cause) {
        throw unexpected(`${method} ${path} answered ${response.status} with a body that is not JSON`, cause);
      }
    }
    return { status: response.status, json };
  }

  function failure(status: number, json: unknown, what: string): AppError {
    const body = errorBodySchema.safeParse(json);
    if (body.success && isErrorCode(body.data.error)) {
      return new AppError(body.data.error, body.data.message, { status });
    }
    return unexpected(`${what} failed with HTTP ${status}`);
  }

  return {
    async getVault(opts = {}) {
      const query = opts.since === undefined ? '' : `?since=${encodeURIComponent(String(opts.since))}`;
      const { status, json } = await request('GET', `/v1/vault${query}`);
      if (status !== 200) throw failure(status, json, 'Reading the vault');
      return parse(vaultSnapshotSchema, json, 'GET /v1/vault');
    },

    async createVault(body: CreateVaultRequest) {
      const { status, json } = await request('POST', '/v1/vault', body);
      if (status < 200 || status > 299) throw failure(status, json, 'Creating the vault');
    },

    async registerDeviceKey(body: RegisterDeviceKeyRequest) {
      const { status, json } = await request('POST', '/v1/vault/keys', body);
      if (status < 200 || status > 299) throw failure(status, json, 'Registering this device');
    },

    async replacePasswordKey(body) {
      const { status, json } = await request('PUT', '/v1/vault/password-key', body);
      if (status !== 200) throw failure(status, json, 'Changing the master password');
    },

    async putRecords(changes: readonly RecordChange[]): Promise<PutRecordsResult> {
      const { status, json } = await request('PUT', '/v1/vault/records', { changes });
      if (status === 409) {
        const stale = staleBodySchema.safeParse(json);
        if (stale.success) return { kind: 'stale', current: stale.data.current };
        throw failure(status, json, 'Saving records');
      }
      if (status !== 200) throw failure(status, json, 'Saving records');
      const applied = parse(putAppliedSchema, json, 'PUT /v1/vault/records');
      return { kind: 'applied', revision: applied.revision, records: applied.records };
    },
  };
}

function parse<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const result = schema.safeParse(json);
  if (!result.success) throw unexpected(`${what} returned an unexpected body`, result.error);
  return result.data;
}

function unexpected(message: string, cause?: unknown): AppError {
  return new AppError('internal', `The Keyhaven server sent an answer this app does not understand (${message}).`, cause === undefined ? undefined : { cause });
}
