import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateSerial, createSelfSignedCertificate } from '../../../main/demo/saml-idp-certificate';

describe('the demo IdP certificate', () => {
  it('keeps every serial a positive, minimally encoded INTEGER, whatever the random bytes', () => {
    for (const first of [0x00, 0x01, 0x3f, 0x7f, 0x80, 0xff]) {
      const serial = certificateSerial(Buffer.from([first, 0x00, 0x12, 0x34]));
      expect(serial[0]! & 0x80).toBe(0);
      expect(serial[0]).not.toBe(0);
      expect(serial.subarray(1)).toEqual(Buffer.from([0x00, 0x12, 0x34]));
    }
  });

  it('is a valid self-signed X.509 certificate that node:crypto parses and verifies', () => {
    const cert = createSelfSignedCertificate({ commonName: 'Test IdP', modulusLength: 1024 });
    const x509 = new X509Certificate(cert.certPem);
    expect(x509.subject).toContain('CN=Test IdP');
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(cert.certPem).toContain(cert.certBase64.slice(0, 64));
  });
});
