import { createPrivateKey, generateKeyPair, randomBytes, X509Certificate, type JsonWebKey } from 'node:crypto';
import { chmod, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createSelfSignedCertificate, SAML_IDP_COMMON_NAME, type SelfSignedCertificate } from './saml-idp-certificate';

/** A private RSA JWK for RS256, with its key id: the demo OpenID Provider's signing key. */
export type DemoOidcSigningJwk = JsonWebKey & { readonly kid: string; readonly use: 'sig'; readonly alg: 'RS256' };

/** The signing keys of the demo's two identity providers. */
export interface DemoIdpKeys {
  readonly oidcSigningJwk: DemoOidcSigningJwk;
  readonly samlCertificate: SelfSignedCertificate;
}

const makeRsaKeyPair = promisify(generateKeyPair);

/** A new OpenID Provider signing key, made on libuv's thread pool. */
export async function makeOidcSigningJwk(): Promise<DemoOidcSigningJwk> {
  const { privateKey } = await makeRsaKeyPair('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

/** New keys for both identity providers; the two RSA keys are made side by side on libuv's thread pool. */
export async function makeDemoIdpKeys(now = new Date()): Promise<DemoIdpKeys> {
  const [oidcSigningJwk, samlKeyPair] = await Promise.all([makeOidcSigningJwk(), makeRsaKeyPair('rsa', { modulusLength: 2048 })]);
  return { oidcSigningJwk, samlCertificate: createSelfSignedCertificate({ commonName: SAML_IDP_COMMON_NAME, now, keyPair: samlKeyPair }) };
}

/** A certificate this close to its end is replaced rather than reused. */
const RENEW_BEFORE_MS = 7 * 86_400_000;

/**
 * The demo environment's identity provider keys, kept in `file` (the demo's data folder) so that
 * `npm start` does not make two RSA keys at every start. Only for the demo, whose identity
 * providers and users are made up: a real tenant's keys never go through here. The file is
 * written 0600 (atomically, through a temporary file); it is used only when it is still 0600 (on
 * POSIX), holds two keys that parse and a certificate for its own key valid from now until at least
 * a week ahead; otherwise new keys are made and written in its place.
 */
export async function loadOrMakeDemoIdpKeys(file: string, now = new Date()): Promise<{ readonly keys: DemoIdpKeys; readonly reused: boolean }> {
  const kept = await readKeptKeys(file, now);
  if (kept) return { keys: kept, reused: true };
  const keys = await makeDemoIdpKeys(now);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600); // whatever the umask
    await rename(temporary, file);
  } catch {
    // Not kept (a read-only folder, say): this start uses the new keys all the same.
    await rm(temporary, { force: true });
  }
  return { keys, reused: false };
}

async function readKeptKeys(file: string, now: Date): Promise<DemoIdpKeys | null> {
  try {
    if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) return null;
    const kept = JSON.parse(await readFile(file, 'utf8')) as Partial<DemoIdpKeys>;
    const jwk = kept.oidcSigningJwk;
    const saml = kept.samlCertificate;
    if (!jwk || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || jwk.use !== 'sig' || jwk.alg !== 'RS256') return null;
    if (!saml || typeof saml.certPem !== 'string' || typeof saml.certBase64 !== 'string' || typeof saml.privateKeyPem !== 'string') return null;
    if (createPrivateKey({ key: jwk, format: 'jwk' }).asymmetricKeyType !== 'rsa') return null;
    const certificate = new X509Certificate(saml.certPem);
    if (certificate.raw.toString('base64') !== saml.certBase64) return null;
    if (!certificate.checkPrivateKey(createPrivateKey(saml.privateKeyPem))) return null;
    if (new Date(certificate.validFrom).getTime() > now.getTime()) return null;
    if (new Date(certificate.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return null;
    return { oidcSigningJwk: jwk, samlCertificate: saml };
  } catch {
    return null; // missing, unreadable or damaged: made anew
  }
}
