import { generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { certificateSerial, integer, oid, sequence, set, tlv, utcTime } from '../../main/demo/saml-idp-certificate';

/**
 * A certificate authority made in the test (ECDSA P-256) and server certificates it issues, for
 * TLS receivers on loopback. DER is written with the demo IdP's builder (RFC 5280 §4.1);
 * node:crypto parses and verifies each result, so a malformed certificate fails at creation.
 */
export interface TestCertificateAuthority {
  readonly certPem: string;
  /** A server certificate for these names (DNS names or IP addresses in subjectAltName). */
  issue(names: readonly string[]): { readonly certPem: string; readonly keyPem: string };
}

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const TRUE = tlv(0x01, Buffer.from([0xff]));

const commonName = (cn: string) => sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
const extension = (id: string, critical: boolean, value: Buffer) => sequence(oid(id), ...(critical ? [TRUE] : []), tlv(0x04, value));

function toPem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

function certificate(o: { subject: Buffer; issuer: Buffer; publicKey: KeyObject; signer: KeyObject; extensions: Buffer[] }): Buffer {
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + 30 * 86_400_000);
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(certificateSerial(randomBytes(16))),
    ECDSA_WITH_SHA256,
    o.issuer,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    o.subject,
    o.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(...o.extensions)),
  );
  return sequence(tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, o.signer)])));
}

export function createTestCertificateAuthority(name = 'Keyhaven Test CA'): TestCertificateAuthority {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = commonName(name);
  // basicConstraints cA=TRUE, keyUsage keyCertSign + cRLSign, both critical.
  const caDer = certificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    extensions: [extension('2.5.29.19', true, sequence(TRUE)), extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x01, 0x06])))],
  });
  const caCert = new X509Certificate(caDer);
  if (!caCert.verify(ca.publicKey)) throw new Error('test CA certificate does not verify');
  return {
    certPem: toPem(caDer),
    issue(names) {
      const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const altNames = names.map((n) => (isIP(n) === 4 ? tlv(0x87, Buffer.from(n.split('.').map(Number))) : tlv(0x82, Buffer.from(n, 'ascii'))));
      const der = certificate({
        subject: commonName(names[0] ?? 'receiver'),
        issuer: caName,
        publicKey: leaf.publicKey,
        signer: ca.privateKey,
        extensions: [extension('2.5.29.17', false, sequence(...altNames))],
      });
      if (!new X509Certificate(der).checkIssued(caCert)) throw new Error('test server certificate is not issued by the test CA');
      return { certPem: toPem(der), keyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    },
  };
}
