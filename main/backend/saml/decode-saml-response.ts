import { samlCheckFailed } from './saml-check-error';

/**
 * Turns the `SAMLResponse` form value into XML text, refusing anything no honest IdP sends
 * before any XML parser sees a byte of it.
 */

/** Real responses are 4–20 KiB; 256 KiB leaves room for big attribute sets and stops memory abuse. */
export const MAX_SAML_RESPONSE_BASE64_LENGTH = 256 * 1024;

const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;
/** XML 1.0 §2.3 white space, which SAML bindings §3.5.4 lets encoders insert (line breaks). */
const XML_WHITESPACE = /[\t\n\r ]+/g;
/**
 * Any markup declaration. SAML core §1.3 and the SAML security considerations (§6.3.1) say
 * messages carry no DTD; a DOCTYPE is how XXE and entity-expansion ("billion laughs") attacks
 * start, so it is refused outright rather than handed to a parser that must be trusted to
 * ignore it.
 */
const MARKUP_DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const XML_DECLARATION_ENCODING = /^<\?xml[^>]*\sencoding\s*=\s*["']([^"']*)["']/;

export function decodeSamlResponse(samlResponse: string): string {
  if (typeof samlResponse !== 'string' || samlResponse.length === 0) {
    throw samlCheckFailed('encoding', 'the SAMLResponse parameter is missing or empty');
  }
  if (samlResponse.length > MAX_SAML_RESPONSE_BASE64_LENGTH) {
    throw samlCheckFailed('size', `the SAMLResponse is larger than ${MAX_SAML_RESPONSE_BASE64_LENGTH / 1024} KiB`);
  }
  // Buffer.from(…, 'base64') silently skips invalid characters, so a strict check comes first:
  // garbage that still decodes to something is a sign of tampering or a broken relay.
  const compact = samlResponse.replace(XML_WHITESPACE, '');
  if (compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) {
    throw samlCheckFailed('encoding', 'the SAMLResponse is not valid base64');
  }
  const bytes = Buffer.from(compact, 'base64');
  // SAML bindings §3.5.4: the POST binding carries the XML as UTF-8. Refusing UTF-16 and other
  // encodings also keeps the DOCTYPE scan below from being dodged by an encoding trick.
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw samlCheckFailed('encoding', 'the SAML response must be UTF-8, not UTF-16');
  }
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw samlCheckFailed('encoding', 'the SAML response is not valid UTF-8');
  }
  const declared = XML_DECLARATION_ENCODING.exec(xml)?.[1];
  if (declared !== undefined && declared.toLowerCase() !== 'utf-8') {
    throw samlCheckFailed('encoding', `the SAML response declares encoding "${declared.slice(0, 40)}"; only UTF-8 is accepted`);
  }
  if (MARKUP_DECLARATION.test(xml)) {
    throw samlCheckFailed('dtd', 'the SAML response contains a DOCTYPE or entity declaration, which SAML forbids');
  }
  return xml;
}
