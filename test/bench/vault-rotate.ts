import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AppError } from '../../main/errors/app-error';
import { DEFAULT_POLICY } from '../../main/policy/enforcement-policy';
import { createApiClient } from '../../main/api/api-client';
import { createHttpVaultApi } from '../../main/vault/api/http-vault-api';
import { keychainAccountPrefix } from '../../main/vault/keychain/keychain';
import { createMemoryKeychainForTests } from '../support/memory-keychain';
import { createVaultService } from '../../main/vault/vault-service';
import { devicesTenantYaml, signIn, startIdp, USERS } from '../integration/devices/device-fixture';
import { startTestBackend } from '../support/test-backend';
import { median, round, type VaultBenchFigure } from './vault-bench-figure';
import { benchRecords } from './vault-records-for-bench';

const RECORDS = 10_000;
const RUNS = 3;

/**
 * vault-rotate-10k: the whole key rotation of a 10,000-record vault — re-wrap every record key
 * on the device, one atomic POST, the server's transaction (SQLite), reopening the vault — against
 * bare node:crypto re-wrapping of 10,000 keys (AES-256-GCM open + seal of 32 bytes) in the same run.
 */
export async function benchVaultRotate(): Promise<VaultBenchFigure> {
  const idp = await startIdp();
  const b = await startTestBackend({ yaml: devicesTenantYaml(idp.issuer) });
  try {
    const a = await signIn(b, USERS[0], randomUUID());
    const vault = createVaultService({
      api: createHttpVaultApi({ client: createApiClient({ baseUrl: b.url }), sessionToken: a.token }),
      keychain: createMemoryKeychainForTests(),
      accountPrefix: keychainAccountPrefix(b.url, a.userId),
    });
    await vault.create({ deviceId: a.deviceId, rules: DEFAULT_POLICY.masterPassword });
    await vault.saveMany(benchRecords(RECORDS), { batchSize: 500 });
    const post = async (change: unknown) => {
      const res = await b.api('POST', '/v1/vault/rotate', { token: a.token, body: change });
      if (res.status !== 200) throw new AppError(res.body.error, res.body.message);
    };

    const oldKey = randomBytes(32);
    const wrapped = Array.from({ length: RECORDS }, () => seal(oldKey, randomBytes(32)));
    const bare = (): number => {
      const newKey = randomBytes(32);
      const start = performance.now();
      for (const w of wrapped) seal(newKey, open(oldKey, w));
      return performance.now() - start;
    };

    const oursMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const start = performance.now();
      const { records } = await vault.rotateKey({ otherDevices: [], post });
      oursMs.push(performance.now() - start);
      if (records !== RECORDS) throw new Error('bench: not every record was re-keyed');
      bareMs.push(bare());
    }
    return {
      name: 'vault-rotate-10k',
      figure: round(median(oursMs), 1),
      unit: 'ms',
      baseline: round(median(bareMs), 1),
      baselineUnit: 'ms bare node:crypto re-wrap of 10,000 keys',
    };
  } finally {
    await b.close();
    await idp.close();
  }
}

interface Sealed {
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

function seal(key: Buffer, plaintext: Buffer): Sealed {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  return { nonce, ciphertext, tag: c.getAuthTag() };
}

function open(key: Buffer, s: Sealed): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, s.nonce);
  d.setAuthTag(s.tag);
  return Buffer.concat([d.update(s.ciphertext), d.final()]);
}
