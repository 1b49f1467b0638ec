import { beforeAll, describe, expect, it } from 'vitest';
import { parseRedirectAuthnRequest } from '../../../support/saml-idp';
import { ACS_URL, IDP_ENTITY_ID, LOOPBACK_ACS_URL, NOW, REQUEST_ID, SP_ENTITY_ID, SSO_URL, createSamlTestKit, type SamlTestKit } from './saml-sp-fixture';

let kit: SamlTestKit;
beforeAll(() => {
  kit = createSamlTestKit();
});

describe('SAML SP accepts honest responses', () => {
  it('accepts a response where both the Response and the Assertion are signed', async () => {
    const sp = await kit.sp();
    const identity = await sp.validateResponse({ samlResponse: kit.response(REQUEST_ID), expectedRequestId: REQUEST_ID });
    expect(identity).toMatchObject({
      nameId: 'alice@acme.test',
      email: 'alice@acme.test',
      inResponseTo: REQUEST_ID,
      issuer: IDP_ENTITY_ID,
      attributes: { name: 'Alice Liddell', groups: ['engineering', 'admins'] },
    });
    expect(identity.assertionId).toMatch(/^_[0-9a-f]{40}$/);
    // Earliest NotOnOrAfter (5 min after NOW) plus the 60 s skew: how long a replay cache must remember it.
    expect(identity.notOnOrAfter.toISOString()).toBe(new Date(NOW.getTime() + 6 * 60_000).toISOString());
  });

  it('accepts a response where only the Response is signed', async () => {
    const sp = await kit.sp();
    const identity = await sp.validateResponse({ samlResponse: kit.response(REQUEST_ID, { signAssertion: false }), expectedRequestId: REQUEST_ID });
    expect(identity.email).toBe('alice@acme.test');
  });

  it('accepts a response where only the Assertion is signed', async () => {
    const sp = await kit.sp();
    const identity = await sp.validateResponse({ samlResponse: kit.response(REQUEST_ID, { signResponse: false }), expectedRequestId: REQUEST_ID });
    expect(identity.email).toBe('alice@acme.test');
  });

  it('accepts RSA-SHA512 signatures and signatures without KeyInfo (key from metadata)', async () => {
    const sp = await kit.sp();
    const samlResponse = kit.response(REQUEST_ID, { signatureAlgorithm: 'sha512', includeKeyInfo: false });
    await expect(sp.validateResponse({ samlResponse, expectedRequestId: REQUEST_ID })).resolves.toMatchObject({ email: 'alice@acme.test' });
  });

  it('accepts exclusive c14n with an InclusiveNamespaces PrefixList (as ADFS and Shibboleth sign)', async () => {
    const sp = await kit.sp();
    const samlResponse = kit.response(REQUEST_ID, { inclusiveNamespacesPrefixList: 'xs xsi saml' });
    expect(Buffer.from(samlResponse, 'base64').toString()).toContain('PrefixList="xs xsi saml"');
    await expect(sp.validateResponse({ samlResponse, expectedRequestId: REQUEST_ID })).resolves.toMatchObject({ email: 'alice@acme.test' });
  });

  it('lower-cases the email and takes it from an attribute when NameID is not an email', async () => {
    const sp = await kit.sp();
    const samlResponse = kit.response(REQUEST_ID, {
      nameId: 'u-8842',
      nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      attributes: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'Bob.Smith@Acme.TEST' },
    });
    const identity = await sp.validateResponse({ samlResponse, expectedRequestId: REQUEST_ID });
    expect(identity).toMatchObject({ nameId: 'u-8842', email: 'bob.smith@acme.test' });
  });

  it('accepts an IdP-initiated response when the connection allows it', async () => {
    const sp = await kit.sp({ allowIdpInitiated: true });
    const identity = await sp.validateResponse({ samlResponse: kit.response(null), expectedRequestId: null });
    expect(identity.inResponseTo).toBeNull();
  });

  it('accepts a response posted to the second (loopback) ACS URL', async () => {
    const sp = await kit.sp();
    const samlResponse = kit.response(REQUEST_ID, { acsUrl: LOOPBACK_ACS_URL });
    await expect(sp.validateResponse({ samlResponse, expectedRequestId: REQUEST_ID })).resolves.toMatchObject({ email: 'alice@acme.test' });
  });

  it('accepts base64 with line breaks, as some IdPs wrap it', async () => {
    const sp = await kit.sp();
    const wrapped = kit.response(REQUEST_ID).replace(/.{76}/g, '$&\r\n');
    await expect(sp.validateResponse({ samlResponse: wrapped, expectedRequestId: REQUEST_ID })).resolves.toMatchObject({ email: 'alice@acme.test' });
  });
});

describe('SAML SP metadata and AuthnRequest', () => {
  it('publishes metadata with the entityID and every ACS URL (HTTP-POST, indexed, first is default)', async () => {
    const sp = await kit.sp();
    const xml = sp.metadataXml();
    expect(xml).toContain(`entityID="${SP_ENTITY_ID}"`);
    const acs = [...xml.matchAll(/<AssertionConsumerService\b[^>]*>/g)].map((m) => m[0]);
    expect(acs).toHaveLength(2);
    expect(acs[0]).toContain(`Location="${ACS_URL}"`);
    expect(acs[0]).toContain('isDefault="true"');
    expect(acs[0]).toContain('index="0"');
    expect(acs[1]).toContain(`Location="${LOOPBACK_ACS_URL}"`);
    expect(acs[1]).toContain('index="1"');
    for (const a of acs) expect(a).toContain('Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"');
  });

  it('makes an HTTP-Redirect AuthnRequest the independent IdP can read, with RelayState and a fresh ID', async () => {
    const sp = await kit.sp();
    const first = sp.createAuthnRequest({ relayState: 'tx-123' });
    const second = sp.createAuthnRequest({ relayState: 'tx-456', acsUrl: LOOPBACK_ACS_URL });
    expect(first.requestId).not.toBe(second.requestId);

    const url = new URL(first.url);
    expect(`${url.origin}${url.pathname}`).toBe(SSO_URL);
    expect(url.searchParams.get('RelayState')).toBe('tx-123');
    const request = parseRedirectAuthnRequest(url.searchParams.get('SAMLRequest') ?? '');
    expect(request).toMatchObject({
      id: first.requestId,
      issuer: SP_ENTITY_ID,
      destination: SSO_URL,
      acsUrl: ACS_URL,
      protocolBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      issueInstant: NOW.toISOString(),
    });
    const other = parseRedirectAuthnRequest(new URL(second.url).searchParams.get('SAMLRequest') ?? '');
    expect(other.acsUrl).toBe(LOOPBACK_ACS_URL);
  });

  it('refuses to make an AuthnRequest for an ACS URL that is not configured', async () => {
    const sp = await kit.sp();
    expect(() => sp.createAuthnRequest({ relayState: 'x', acsUrl: 'https://evil.test/acs' })).toThrow(/ACS URL/);
  });

  it('refuses IdP metadata without a signing certificate at creation', async () => {
    const metadata = kit.idp.metadataXml(SSO_URL).replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, '');
    await expect(kit.sp({ idpMetadataXml: metadata })).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/signing certificate/) });
  });
});
