import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../../../support/refusal';
import { unwrapWithPassword, wrapWithPassword } from '../../../../main/vault/crypto/password-wrap';

const secret = randomBytes(32);

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return errorCode(error);
  }
}

describe('master-password wrapping', () => {
  it('round-trips and stores iterations and salt in the envelope', async () => {
    const envelope = await wrapWithPassword(secret, 'Sturdy-Password-42');
    const [version, alg, iterations, salt] = envelope.split('.');
    expect([version, alg, iterations]).toEqual(['kh1', 'pbkdf2-sha256-a256gcm', '600000']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect((await unwrapWithPassword(envelope, 'Sturdy-Password-42')).equals(secret)).toBe(true);
  });

  it('says wrong_master_password for a wrong password', async () => {
    const envelope = await wrapWithPassword(secret, 'Sturdy-Password-42');
    expect(await codeOf(() => unwrapWithPassword(envelope, 'Sturdy-Password-43'))).toBe('wrong_master_password');
  });

  it('accepts a higher iteration count written by a later version', async () => {
    const envelope = await wrapWithPassword(secret, 'pw', { iterations: 700_000 });
    expect((await unwrapWithPassword(envelope, 'pw')).equals(secret)).toBe(true);
  });

  it('refuses an envelope whose iteration count was lowered, before deriving anything', async () => {
    const envelope = await wrapWithPassword(secret, 'pw');
    const lowered = envelope.replace('.600000.', '.1000.');
    expect(await codeOf(() => unwrapWithPassword(lowered, 'pw'))).toBe('tampered');
  });

  it('reports a damaged structure as tampered, not as a wrong password', async () => {
    const envelope = await wrapWithPassword(secret, 'pw');
    expect(await codeOf(() => unwrapWithPassword(envelope.replace('kh1.', 'kh2.'), 'pw'))).toBe('tampered');
    expect(await codeOf(() => unwrapWithPassword(`${envelope}x`, 'pw'))).toBe('tampered');
    const parts = envelope.split('.');
    parts[4] = parts[4]!.slice(2);
    expect(await codeOf(() => unwrapWithPassword(parts.join('.'), 'pw'))).toBe('tampered');
  });

  it('treats a changed salt as a failed unlock, never as success', async () => {
    const envelope = await wrapWithPassword(secret, 'pw');
    const parts = envelope.split('.');
    parts[3] = randomBytes(16).toString('base64url');
    expect(await codeOf(() => unwrapWithPassword(parts.join('.'), 'pw'))).toBe('wrong_master_password');
  });
});
