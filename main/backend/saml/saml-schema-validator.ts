import {
  ParseOption,
  XmlBufferInputProvider,
  XmlDocument,
  XmlValidateError,
  XsdValidator,
  xmlRegisterInputProvider,
} from 'libxml2-wasm';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { samlCheckFailed } from './saml-check-error';

/**
 * XSD validation of SAML protocol messages against the OASIS SAML 2.0 protocol schema (which
 * imports the assertion, XML Signature and XML Encryption schemas), with libxml2 compiled to
 * WebAssembly.
 *
 * Why this and not @authenio/samlify-node-xmllint: that one recompiles all four schemas on every
 * call (~17 ms each, plus 1–4 s on the first). Here the schema is compiled once per process and the
 * compiled validator is reused; a check then costs a parse and a validation pass (well under 1 ms).
 *
 * Module-level state, the one place the backend keeps any: the compiled schema and the input
 * provider registration. Both are immutable after creation and hold no request data, so every
 * SAML connection and every backend instance in the process can share them; registering the
 * provider twice would only add a duplicate to libxml2's global list, hence the single promise.
 */

/**
 * The schema files, read from `schemas/` next to this module: the sources when run from source,
 * `dist/main/schemas/` in the Electron main bundle (scripts/node-bundle.mjs copies them there).
 * Each name is the schemaLocation the others import it by.
 */
const SCHEMA_FILES = [
  'saml-schema-protocol-2.0.xsd',
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
  'exc-c14n.xsd',
] as const;

/** A URL prefix only this module answers; schema imports resolve here, never on disk or network. */
const SCHEMA_BASE = 'keyhaven-saml-xsd:///';

/**
 * The compiled root: the SAML protocol schema plus the exclusive-c14n one, which nothing imports
 * but signatures use (InclusiveNamespaces). A namespace-less schema of two imports does both.
 */
const ROOT_XSD = `<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:oasis:names:tc:SAML:2.0:protocol" schemaLocation="saml-schema-protocol-2.0.xsd"/>
  <xs:import namespace="http://www.w3.org/2001/10/xml-exc-c14n#" schemaLocation="exc-c14n.xsd"/>
</xs:schema>`;

/** Our parse flags for untrusted input: no network, no external entities, no DTD loading. */
const UNTRUSTED_PARSE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

export type SamlSchemaCheck = (xml: string) => void;

let compiled: Promise<SamlSchemaCheck> | undefined;

/** The shared schema check; the first call compiles the schema (≈ 40–60 ms), later calls reuse it. */
export function loadSamlSchemaCheck(): Promise<SamlSchemaCheck> {
  compiled ??= Promise.resolve().then(compileSamlSchema);
  return compiled;
}

function compileSamlSchema(): SamlSchemaCheck {
  xmlRegisterInputProvider(
    new XmlBufferInputProvider(Object.fromEntries(SCHEMA_FILES.map((name) => [`${SCHEMA_BASE}${name}`, readSchemaFile(name)]))),
  );
  const schemaDoc = XmlDocument.fromString(ROOT_XSD, {
    url: `${SCHEMA_BASE}keyhaven-saml-root.xsd`,
    option: UNTRUSTED_PARSE,
  });
  // The validator keeps what it needs from the schema document; it lives as long as the process.
  const validator = XsdValidator.fromDoc(schemaDoc);
  schemaDoc.dispose();

  return (xml: string): void => {
    let doc: XmlDocument;
    try {
      doc = XmlDocument.fromString(xml, { option: UNTRUSTED_PARSE });
    } catch {
      throw samlCheckFailed('xml', 'the response is not well-formed XML');
    }
    try {
      validator.validate(doc);
    } catch (err) {
      const detail = err instanceof XmlValidateError ? firstLine(err.message) : 'it does not match the SAML 2.0 schema';
      throw samlCheckFailed('schema', `the response does not match the SAML 2.0 protocol schema (${detail})`);
    } finally {
      doc.dispose();
    }
  };
}

function readSchemaFile(name: string): Uint8Array {
  const file = fileURLToPath(new URL(`./schemas/${name}`, import.meta.url));
  try {
    return readFileSync(file);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`SAML schema file ${name} could not be read from ${file} (${reason}); a bundle needs main/backend/saml/schemas/*.xsd copied beside it as schemas/`);
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').trim().slice(0, 200);
}
