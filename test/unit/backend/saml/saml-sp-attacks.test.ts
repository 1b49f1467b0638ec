import { beforeAll, describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import type { SamlSp } from '../../../../main/backend/saml/saml-sp';
import { LOOPBACK_ACS_URL, REQUEST_ID, base64, createSamlTestKit, expectRefused, type SamlTestKit } from './saml-sp-fixture';

/** Forged and tampered responses: each must be refused, and none may yield another identity. */
let kit: SamlTestKit;
let sp: SamlSp;
beforeAll(async () => {
  kit = createSamlTestKit();
  sp = await kit.sp();
});
const validate = (samlResponse: string, expectedRequestId: string | null = REQUEST_ID) => sp.validateResponse({ samlResponse, expectedRequestId });
const ASSERTION = /<saml:Assertion[\s\S]*<\/saml:Assertion>/;
const assertionOf = (xml: string): string => ASSERTION.exec(xml)?.[0] ?? '';
const certBody = (pem: string): string => pem.replace(/-----[^-]+-----|\s/g, '');

/** An unsigned assertion saying the attacker's words, as wrapping attacks insert it. */
function evilAssertion(): string {
  return assertionOf(kit.responseXml(REQUEST_ID, { email: 'mallory@evil.test', signAssertion: false, signResponse: false })).replace(/ID="_/, 'ID="_evil');
}

describe('SAML SP refuses forged signatures', () => {
  it('refuses a response signed by another key', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { signingKey: kit.forger.signingKey })), 'signature');
  });

  it('refuses another key even when KeyInfo claims the IdP certificate (keys come from metadata only)', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      signingKey: kit.forger.signingKey,
      mutateXml: (x) => x.replaceAll(certBody(kit.forger.certPem), certBody(kit.idp.certPem)),
    });
    await expectRefused(validate(samlResponse), 'signature');
  });

  it('refuses a response whose signatures were stripped', async () => {
    const samlResponse = kit.response(REQUEST_ID, { mutateXml: (x) => x.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '') });
    await expectRefused(validate(samlResponse), 'signature');
  });

  it('refuses a tampered SignatureValue', async () => {
    const samlResponse = kit.response(REQUEST_ID, { mutateXml: (x) => x.replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`) });
    await expectRefused(validate(samlResponse), 'signature');
  });

  it('refuses an attribute changed after signing', async () => {
    const samlResponse = kit.response(REQUEST_ID, { mutateXml: (x) => x.replace('>engineering<', '>domain-admins<') });
    await expectRefused(validate(samlResponse), 'signature');
  });

  it('refuses a NameID changed after signing (assertion-only signed)', async () => {
    const samlResponse = kit.response(REQUEST_ID, { signResponse: false, mutateXml: (x) => x.replace('>alice@acme.test<', '>mallory@evil.test<') });
    await expectRefused(validate(samlResponse), 'signature');
  });

  it('refuses when the Response signature is valid but the Assertion signature inside it is not', async () => {
    // Tamper with the assertion signature, then sign the Response over it honestly: samlify's
    // flow would accept this (it stops at the first valid signature); every signature must verify.
    const broken = kit.responseXml(REQUEST_ID, { signResponse: false }).replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    const responseId = /<samlp:Response[^>]* ID="([^"]+)"/.exec(broken)?.[1] ?? '';
    const sig = new SignedXml({
      privateKey: kit.idp.signingKey.privateKeyPem,
      publicCert: kit.idp.signingKey.certPem,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
      idAttribute: 'ID',
    });
    sig.addReference({
      xpath: `/*[@ID='${responseId}']`,
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    sig.computeSignature(broken, { prefix: 'ds', location: { reference: "/*/*[local-name(.)='Issuer']", action: 'after' } });
    await expectRefused(validate(base64(sig.getSignedXml())), 'signature');
  });

  it('refuses a Response signature that references the Assertion instead of the Response', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      mutateXml: (x) => {
        const assertionId = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(x)?.[1] ?? '';
        return x.replace(/(<ds:Reference URI=")#[^"]+(")/, `$1#${assertionId}$2`);
      },
    });
    await expectRefused(validate(samlResponse), 'signature');
  });
});

describe('SAML SP refuses XML signature wrapping', () => {
  it('refuses an evil unsigned assertion inserted before the signed one', async () => {
    const samlResponse = kit.response(REQUEST_ID, { signResponse: false, mutateXml: (x) => x.replace('<saml:Assertion', `${evilAssertion()}<saml:Assertion`) });
    await expectRefused(validate(samlResponse), 'assertion_count');
  });

  it('refuses an evil unsigned assertion inserted after the signed one', async () => {
    const samlResponse = kit.response(REQUEST_ID, { signResponse: false, mutateXml: (x) => x.replace('</samlp:Response>', `${evilAssertion()}</samlp:Response>`) });
    await expectRefused(validate(samlResponse), 'assertion_count');
  });

  it('refuses the signed assertion moved into Extensions with an evil one in its place', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      signResponse: false,
      mutateXml: (x) => {
        const signed = assertionOf(x);
        return x.replace(signed, evilAssertion()).replace('<samlp:Status>', `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
      },
    });
    await expectRefused(validate(samlResponse), 'assertion_count');
  });

  it('refuses an evil assertion carrying the signed assertion\'s ID', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      signResponse: false,
      mutateXml: (x) => {
        const id = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(x)?.[1] ?? '';
        return x.replace('<saml:Assertion', `${evilAssertion().replace(/ID="[^"]+"/, `ID="${id}"`)}<saml:Assertion`);
      },
    });
    // xs:ID values must be unique, so the schema check is the first to object.
    await expectRefused(validate(samlResponse), 'schema');
  });

  it('refuses a signed Response wrapped inside an evil Response', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      signAssertion: false,
      mutateXml: (x) => {
        const evil = kit.responseXml(REQUEST_ID, { email: 'mallory@evil.test', signAssertion: false, signResponse: false });
        return evil.replace('<samlp:Status>', `<samlp:Extensions>${x}</samlp:Extensions><samlp:Status>`);
      },
    });
    // Extensions may only hold foreign-namespace content, so the schema check objects first.
    await expectRefused(validate(samlResponse), 'schema');
  });

  it('refuses a signed Response hidden in a foreign element that the schema lets through laxly', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      signAssertion: false,
      mutateXml: (x) => {
        const evil = kit.responseXml(REQUEST_ID, { email: 'mallory@evil.test', signAssertion: false, signResponse: false });
        return evil.replace('<samlp:Status>', `<samlp:Extensions><w:wrap xmlns:w="urn:example:wrap">${x}</w:wrap></samlp:Extensions><samlp:Status>`);
      },
    });
    // The schema validates <w:wrap> laxly, so here the structural rule is what stops it.
    await expectRefused(validate(samlResponse), 'assertion_count');
  });

  it('refuses a comment injected into the NameID (alice@acme.test<!---->.evil.test)', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      email: 'alice@acme.test.evil.test',
      mutateXml: (x) => x.replace('>alice@acme.test.evil.test<', '>alice@acme.test<!---->.evil.test<'),
    });
    // The signature still verifies (c14n drops comments), so the refusal must come from the comment rule.
    await expectRefused(validate(samlResponse), 'comment');
  });

  it('refuses a valid assertion copied into another (unsigned) response for another request', async () => {
    const stolen = assertionOf(kit.responseXml('_victims-request', { signResponse: false }));
    const samlResponse = kit.response(REQUEST_ID, { signResponse: false, mutateXml: (x) => x.replace(ASSERTION, stolen) });
    await expectRefused(validate(samlResponse), 'in_response_to');
  });

  it('refuses a valid assertion for another service provider copied into a response to us', async () => {
    const stolen = assertionOf(kit.responseXml(REQUEST_ID, { signResponse: false, audience: 'https://other-sp.test/metadata', acsUrl: 'https://other-sp.test/acs' }));
    const samlResponse = kit.response(REQUEST_ID, { signResponse: false, mutateXml: (x) => x.replace(ASSERTION, stolen) });
    await expect(validate(samlResponse)).rejects.toMatchObject({ code: 'invalid_response', message: expect.stringMatching(/^(recipient|audience): /) });
  });

  it('refuses a response for one ACS replayed with a rewritten (unsigned) Destination', async () => {
    const samlResponse = kit.response(REQUEST_ID, { signResponse: false, acsUrl: 'https://other-sp.test/acs', destination: LOOPBACK_ACS_URL });
    await expectRefused(validate(samlResponse), 'recipient');
  });
});

describe('SAML SP refuses hostile encodings', () => {
  it('refuses entity expansion (billion laughs) without expanding it', async () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol3;</samlp:Response>';
    await expectRefused(validate(base64(lol)), 'dtd');
  });

  it('refuses an external entity (XXE)', async () => {
    const xxe = `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${kit.responseXml(REQUEST_ID).replace('>alice@acme.test<', '>&xxe;<')}`;
    await expectRefused(validate(base64(xxe)), 'dtd');
  });

  it('refuses an oversize response', async () => {
    const big = kit.response(REQUEST_ID, { attributes: { padding: 'x'.repeat(300 * 1024) } });
    await expectRefused(validate(big), 'size');
  });

  it('refuses invalid base64', async () => {
    await expectRefused(validate('PHNhbWxwOlJlc3BvbnNl%%%'), 'encoding');
  });

  it('refuses a UTF-16 encoded response (which could hide a DOCTYPE from the byte scan)', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(kit.responseXml(REQUEST_ID), 'utf16le')]).toString('base64');
    await expectRefused(validate(utf16), 'encoding');
  });
});
