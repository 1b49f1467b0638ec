import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAML_RESPONSE_BASE64_LENGTH } from '../../../../main/backend/saml/decode-saml-response';
import type { SamlSp } from '../../../../main/backend/saml/saml-sp';
import { ACS_URL, NOW, REQUEST_ID, SP_ENTITY_ID, base64, createSamlTestKit, expectRefused, type SamlTestKit } from './saml-sp-fixture';

/** One refusal per named check; each test also shows the message names that check. */
let kit: SamlTestKit;
let sp: SamlSp;
beforeAll(async () => {
  kit = createSamlTestKit();
  sp = await kit.sp();
});
const minutes = (n: number): Date => new Date(NOW.getTime() + n * 60_000);
const validate = (samlResponse: string, expectedRequestId: string | null = REQUEST_ID) => sp.validateResponse({ samlResponse, expectedRequestId });

describe('SAML SP refuses input no parser should see', () => {
  it('size: refuses a SAMLResponse over the size cap before decoding it', async () => {
    await expectRefused(validate('A'.repeat(MAX_SAML_RESPONSE_BASE64_LENGTH + 4)), 'size');
  });

  it('encoding: refuses a SAMLResponse with characters outside base64', async () => {
    await expectRefused(validate(`${kit.response(REQUEST_ID).slice(0, 40)}*!$${kit.response(REQUEST_ID).slice(40)}`), 'encoding');
  });

  it('encoding: refuses bytes that are not UTF-8 and declared non-UTF-8 encodings', async () => {
    await expectRefused(validate(Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e, 0x00]).toString('base64')), 'encoding');
    await expectRefused(validate(base64(`<?xml version="1.0" encoding="ISO-8859-1"?>${kit.responseXml(REQUEST_ID)}`)), 'encoding');
  });

  it('dtd: refuses a DOCTYPE before any parser sees it', async () => {
    await expectRefused(validate(base64(`<!DOCTYPE Response [<!ENTITY x "y">]>${kit.responseXml(REQUEST_ID)}`)), 'dtd');
  });

  it('xml: refuses a document that is not well-formed', async () => {
    await expectRefused(validate(base64(kit.responseXml(REQUEST_ID).slice(0, -20))), 'xml');
  });

  it('schema: refuses a response that breaks the SAML 2.0 protocol schema', async () => {
    const xml = kit.responseXml(REQUEST_ID, { mutateXml: (x) => x.replace('Version="2.0"', 'Version="2.0" Unexpected="1"') });
    await expectRefused(validate(base64(xml)), 'schema');
  });
});

describe('SAML SP refuses responses that fail a check', () => {
  it('status: names the status code of a non-success response', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
      subStatusCode: 'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
      statusMessage: 'User is locked out',
    });
    await expect(validate(samlResponse)).rejects.toMatchObject({ message: expect.stringMatching(/^status: .*Responder.*AuthnFailed.*locked out/) });
    await expectRefused(validate(samlResponse), 'status');
  });

  it('assertion_count: refuses a success response without an assertion', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { includeAssertion: false })), 'assertion_count');
  });

  it('assertion_count: refuses a response with two assertions', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      signResponse: false,
      mutateXml: (x) => {
        const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(x)?.[0] ?? '';
        return x.replace('</samlp:Response>', `${assertion.replace(/ID="_/, 'ID="_copy')}</samlp:Response>`);
      },
    });
    await expectRefused(validate(samlResponse), 'assertion_count');
  });

  it('encrypted_assertion: refuses an EncryptedAssertion with a clear message', async () => {
    const encrypted =
      '<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">' +
      '<xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>';
    const samlResponse = kit.response(REQUEST_ID, { mutateXml: (x) => x.replace(/<saml:Assertion[\s\S]*<\/saml:Assertion>/, encrypted) });
    await expect(validate(samlResponse)).rejects.toMatchObject({ message: expect.stringMatching(/^encrypted_assertion: encrypted assertions are not supported/) });
  });

  it('comment: refuses XML comments anywhere in the response', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { mutateXml: (x) => x.replace('<samlp:Status>', '<!-- hi --><samlp:Status>') })), 'comment');
  });

  it('signature: refuses a response in which nothing is signed', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { signResponse: false, signAssertion: false })), 'signature');
  });

  it('algorithm: refuses RSA-SHA1 signatures and SHA-1 digests', async () => {
    await expect(validate(kit.response(REQUEST_ID, { signatureAlgorithm: 'sha1' }))).rejects.toMatchObject({
      message: expect.stringMatching(/^algorithm: .*rsa-sha1/),
    });
    await expectRefused(validate(kit.response(REQUEST_ID, { signatureAlgorithm: 'sha1', signResponse: false })), 'algorithm');
  });

  it('issuer: refuses an assertion issued by another entity (even if signed with the IdP key)', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { assertionIssuer: 'https://other-idp.test' })), 'issuer');
  });

  it('issuer: refuses a Response Issuer that is not the IdP', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { issuer: 'https://other-idp.test' })), 'issuer');
  });

  it('destination: refuses a response addressed to another ACS', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { destination: 'https://other-sp.test/acs' })), 'destination');
  });

  it('destination: refuses a signed response without Destination (SAML bindings §3.5.5.2)', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { destination: null })), 'destination');
  });

  it('recipient: refuses a bearer confirmation for another Recipient', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { recipient: 'https://other-sp.test/acs' })), 'recipient');
  });

  it('subject_confirmation: refuses a confirmation method other than bearer', async () => {
    await expectRefused(
      validate(kit.response(REQUEST_ID, { subjectConfirmationMethod: 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key' })),
      'subject_confirmation',
    );
  });

  it('audience: refuses an assertion for another service provider', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { audience: 'https://other-sp.test/metadata' })), 'audience');
  });

  it('not_before: refuses an assertion that is not valid yet, beyond the clock skew', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { notBefore: minutes(5) })), 'not_before');
    // 30 s ahead is inside the 60 s skew.
    await expect(validate(kit.response(REQUEST_ID, { notBefore: new Date(NOW.getTime() + 30_000) }))).resolves.toBeTruthy();
  });

  it('not_on_or_after: refuses expired Conditions and an expired bearer confirmation', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { notBefore: minutes(-10), notOnOrAfter: minutes(-2) })), 'not_on_or_after');
    await expectRefused(validate(kit.response(REQUEST_ID, { subjectNotOnOrAfter: minutes(-2) })), 'not_on_or_after');
    // 30 s past is inside the skew.
    await expect(validate(kit.response(REQUEST_ID, { subjectNotOnOrAfter: new Date(NOW.getTime() - 30_000) }))).resolves.toBeTruthy();
  });

  it('in_response_to: refuses a response to another request', async () => {
    await expectRefused(validate(kit.response('_another-request')), 'in_response_to');
  });

  it('in_response_to: refuses a response without InResponseTo when a request is expected', async () => {
    await expectRefused(validate(kit.response(null)), 'in_response_to');
  });

  it('in_response_to: refuses when only the signed SubjectConfirmationData answers another request', async () => {
    await expectRefused(validate(kit.response(REQUEST_ID, { subjectInResponseTo: '_another-request' })), 'in_response_to');
  });

  it('idp_initiated: refuses an unsolicited response when the connection does not allow it', async () => {
    await expectRefused(validate(kit.response(null), null), 'idp_initiated');
  });

  it('in_response_to: refuses an "unsolicited" response that answers some request', async () => {
    const open = await kit.sp({ allowIdpInitiated: true });
    await expectRefused(open.validateResponse({ samlResponse: kit.response(REQUEST_ID), expectedRequestId: null }), 'in_response_to');
  });

  it('email: refuses an assertion that carries no email', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      nameId: 'u-8842',
      nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      attributes: { name: 'Alice' },
    });
    await expectRefused(validate(samlResponse), 'email');
  });

  it('email: refuses an email attribute with several values', async () => {
    const samlResponse = kit.response(REQUEST_ID, {
      nameId: 'u-8842',
      nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      attributes: { email: ['alice@acme.test', 'mallory@evil.test'] },
    });
    await expectRefused(validate(samlResponse), 'email');
  });

  it('checks the SP entityID and ACS URLs it was configured with, not constants', async () => {
    expect(SP_ENTITY_ID).not.toBe(ACS_URL);
    const other = await kit.sp({ spEntityId: 'https://keyhaven.example/other', acsUrls: ['https://keyhaven.example/acs'] });
    await expectRefused(other.validateResponse({ samlResponse: kit.response(REQUEST_ID), expectedRequestId: REQUEST_ID }), 'destination');
  });
});
