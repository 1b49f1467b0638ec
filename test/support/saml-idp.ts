/** What tests need of the independent SAML IdP (main/demo): the HTTP server and the response builder. */
export { startDemoSamlIdp, type DemoSamlIdp } from '../../main/demo/saml-idp';
export { createSamlIdentityProvider, type BuildResponseOptions, type SamlIdentityProvider } from '../../main/demo/saml-response-builder';
export { parseRedirectAuthnRequest } from '../../main/demo/saml-authn-request';
