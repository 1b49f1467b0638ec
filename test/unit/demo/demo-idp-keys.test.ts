import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrMakeDemoIdpKeys } from '../../../main/demo/demo-idp-keys';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keyhaven-demo-keys-'));
  file = path.join(dir, 'demo-idp-keys.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const modeOf = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;
const posix = process.platform !== 'win32';

describe('the demo identity providers’ kept keys', () => {
  it('makes keys that work, keeps them 0600, and gives the same keys at the next start', async () => {
    const first = await loadOrMakeDemoIdpKeys(file);
    expect(first.reused).toBe(false);
    if (posix) expect(await modeOf(file)).toBe(0o600);
    const cert = new X509Certificate(first.keys.samlCertificate.certPem);
    expect(cert.checkPrivateKey(createPrivateKey(first.keys.samlCertificate.privateKeyPem))).toBe(true);
    expect(createPrivateKey({ key: first.keys.oidcSigningJwk, format: 'jwk' }).asymmetricKeyType).toBe('rsa');

    const second = await loadOrMakeDemoIdpKeys(file);
    expect(second.reused).toBe(true);
    expect(second.keys).toEqual(first.keys);
  }, 60_000);

  it('makes new keys in place of a damaged file', async () => {
    const first = await loadOrMakeDemoIdpKeys(file);
    for (const damaged of ['not json', '{}', JSON.stringify({ ...first.keys, samlCertificate: { ...first.keys.samlCertificate, certPem: 'x' } })]) {
      await writeFile(file, damaged, { mode: 0o600 });
      const again = await loadOrMakeDemoIdpKeys(file);
      expect(again.reused).toBe(false);
      expect(again.keys.oidcSigningJwk.kid).not.toBe(first.keys.oidcSigningJwk.kid);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(again.keys);
    }
  }, 120_000);

  it('does not use a certificate that is not its own key’s', async () => {
    const first = await loadOrMakeDemoIdpKeys(file);
    const other = await loadOrMakeDemoIdpKeys(path.join(dir, 'other.json'));
    const mixed = { ...first.keys, samlCertificate: { ...first.keys.samlCertificate, privateKeyPem: other.keys.samlCertificate.privateKeyPem } };
    await writeFile(file, JSON.stringify(mixed), { mode: 0o600 });
    expect((await loadOrMakeDemoIdpKeys(file)).reused).toBe(false);
  }, 120_000);

  it.runIf(posix)('does not use a file others may read, and writes the new one 0600', async () => {
    await loadOrMakeDemoIdpKeys(file);
    await chmod(file, 0o644);
    const again = await loadOrMakeDemoIdpKeys(file);
    expect(again.reused).toBe(false);
    expect(await modeOf(file)).toBe(0o600);
  }, 60_000);

  it('replaces a certificate that ends within a week', async () => {
    const made = new Date(Date.now() - 360 * 86_400_000); // valid 365 days from then
    await loadOrMakeDemoIdpKeys(file, made);
    expect((await loadOrMakeDemoIdpKeys(file, new Date(made.getTime() + 300 * 86_400_000))).reused).toBe(true);
    expect((await loadOrMakeDemoIdpKeys(file)).reused).toBe(false);
  }, 60_000);
});
