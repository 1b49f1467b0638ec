/** What tests need of the independent SAML IdP (main/demo): the HTTP server and the response builder. */
export { startDemoSamlIdp, type DemoSamlIdp, type DemoSamlIdpOptions } from '../../main/demo/saml-idp';
export {
  createSamlIdentityProvider,
  BEARER,
  NAMEID_EMAIL,
  NAMEID_PERSISTENT,
  STATUS_SUCCESS,
  type BuildResponseOptions,
  type SamlIdentityProvider,
  type SamlSignatureAlgorithm,
  type SamlSigningKey,
} from '../../main/demo/saml-response-builder';
export { parseRedirectAuthnRequest, type ParsedAuthnRequest } from '../../main/demo/saml-authn-request';
