import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * A fresh RSA key pair and a self-signed X.509 v3 certificate for it, for the demo/test SAML IdP.
 *
 * Why hand-written DER instead of a library or `openssl req -x509`: Node has no certificate
 * builder; the only installed one (@peculiar/x509) is an undeclared transitive dependency of
 * @simplewebauthn/server that could vanish on any upgrade, and spawning openssl ties tests to a
 * system binary and costs a process per IdP. A self-signed certificate is a few DER structures
 * (RFC 5280 §4.1), and node:crypto's X509Certificate parses and verifies the result below, so
 * a mistake here fails loudly at creation time.
 */
export interface SelfSignedCertificate {
  readonly certPem: string;
  /** The certificate's DER in base64 without PEM armour, as it appears in <ds:X509Certificate>. */
  readonly certBase64: string;
  readonly privateKeyPem: string;
}

/** The subject of the demo SAML IdP's self-signed certificate. */
export const SAML_IDP_COMMON_NAME = 'Keyhaven demo SAML IdP';

export function createSelfSignedCertificate(o: {
  commonName: string;
  now?: Date;
  days?: number;
  modulusLength?: number;
  /** A key pair made beforehand (off the main thread); a new one otherwise. */
  keyPair?: { readonly publicKey: KeyObject; readonly privateKey: KeyObject };
}): SelfSignedCertificate {
  const { publicKey, privateKey } = o.keyPair ?? generateKeyPairSync('rsa', { modulusLength: o.modulusLength ?? 2048 });
  const notBefore = new Date((o.now ?? new Date()).getTime() - 60_000);
  const notAfter = new Date(notBefore.getTime() + (o.days ?? 365) * 86_400_000);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(o.commonName, 'utf8')))));
  const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), tlv(0x05, Buffer.alloc(0)));
  const serial = certificateSerial(randomBytes(16));
  const basicConstraintsCaFalse = sequence(oid('2.5.29.19'), tlv(0x04, sequence()));
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // [0] EXPLICIT Version v3
    integer(serial),
    sha256WithRsa,
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    spki,
    tlv(0xa3, sequence(basicConstraintsCaFalse)),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const cert = new X509Certificate(der);
  if (!cert.verify(publicKey)) throw new Error('self-signed certificate does not verify');
  const certBase64 = der.toString('base64');
  const certPem = `-----BEGIN CERTIFICATE-----\n${certBase64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  const privateKeyPem = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem, certBase64, privateKeyPem };
}

/**
 * A positive INTEGER in minimal DER (RFC 5280 §4.1.2.2, X.690 §8.3.2): the first byte must not
 * have its high bit set (that would be negative) and must not be zero (that would not be
 * minimal, and OpenSSL refuses the certificate — about one random serial in 128).
 */
export function certificateSerial(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  return serial;
}

export function tlv(tag: number, body: Buffer): Buffer {
  const len = body.length;
  let header: Buffer;
  if (len < 0x80) header = Buffer.from([tag, len]);
  else if (len < 0x100) header = Buffer.from([tag, 0x81, len]);
  else if (len < 0x10000) header = Buffer.from([tag, 0x82, len >> 8, len & 0xff]);
  else throw new Error('DER element too long');
  return Buffer.concat([header, body]);
}

export function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

export function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

export function integer(bytes: Buffer): Buffer {
  return tlv(0x02, bytes);
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [(parts[0] ?? 0) * 40 + (parts[1] ?? 0)];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let v = part >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

export function utcTime(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ → YYMMDDHHMMSSZ (valid until 2049, RFC 5280 §4.1.2.5.1)
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}
