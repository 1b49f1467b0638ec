import { expect, test } from './support/fixture';
import { demoPassword, openApp } from './support/keyhaven';
import {
  continueWithEmail,
  expectLoopbackSuccess,
  nextLoopbackRequest,
  openIdpAndFill,
  samlAcsPort,
  samlLoopbackAcsUrl,
  samlSpEntityId,
  submitIdpLogin,
} from './support/sso';

/** SAML 2.0 against the independent demo SAML IdP: each test signs someone in, so each has its own host (the fixture's). */

const bob = 'bob@saml.demo.keyhaven.test';
const dave = 'dave@saml.demo.keyhaven.test';

test('a new employee signs in with SAML (SP-initiated) and is provisioned into the right node and role', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  const idpUrl = await continueWithEmail(page, keyhaven, bob);
  await expect(page.getByText(/sign-in page \(SAML\)/)).toBeVisible();
  // HTTP-Redirect binding to the IdP's SSO URL; RelayState carries the transaction.
  const authn = new URL(idpUrl);
  expect(authn.pathname).toBe('/sso');
  expect(authn.searchParams.get('SAMLRequest')).toBeTruthy();
  expect(authn.searchParams.get('RelayState')).toBeTruthy();

  const browser = await openIdpAndFill(context, idpUrl, bob, demoPassword(bob));
  const posted = nextLoopbackRequest(browser);
  await submitIdpLogin(browser);
  // The IdP posted the response to the app's own loopback ACS, not to the backend.
  const acs = await posted;
  expect(acs.method()).toBe('POST');
  expect(acs.url()).toBe(samlLoopbackAcsUrl(keyhaven, 'demo-saml'));
  await expectLoopbackSuccess(browser);

  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${bob}` })).toBeVisible();
  expect(await keyhaven.scimUsers()).toEqual([{ userName: bob, node: 'Engineering', role: 'Engineer' }]);
});

test('an IdP-initiated SAML sign-in reaches the running app and provisions the employee', async ({ page, context, keyhaven }) => {
  await openApp(page, keyhaven);
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  const idp = keyhaven.idps.samlIdp;
  if (!idp) throw new Error('the demo SAML IdP is not running');
  // The ACS listens before any sign-in starts, so the IdP can post to it unasked.
  expect(samlAcsPort(keyhaven)).toBeGreaterThan(0);

  const url = idp.idpInitiatedUrl(samlSpEntityId(keyhaven, 'demo-saml'), samlLoopbackAcsUrl(keyhaven, 'demo-saml'));
  const browser = await openIdpAndFill(context, url, dave, demoPassword(dave));
  await submitIdpLogin(browser);
  await expectLoopbackSuccess(browser);

  // Nobody pressed Continue in the app: it follows the sign-in by itself.
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${dave}` })).toBeVisible();
  expect(keyhaven.host.openedUrls).toEqual([]);
  expect(await keyhaven.scimUsers()).toEqual([{ userName: dave, node: 'Engineering', role: 'Engineer' }]);
});
