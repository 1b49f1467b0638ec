import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID, createSamlTestKit } from '../../unit/backend/saml/saml-sp-fixture';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { nodeBundleOptions } from '../../../scripts/node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCHEMA_FILES = ['saml-schema-protocol-2.0.xsd', 'saml-schema-assertion-2.0.xsd', 'xmldsig-core-schema.xsd', 'xenc-schema.xsd', 'exc-c14n.xsd'];

/**
 * Runs the bundled validator in a plain Node process, from another working directory, on each
 * document given on stdin: what it says is `ok`, or the refusal's message.
 */
function checkWithBundle(bundle: string, documents: string[]): { outcomes?: string[]; failure?: string } {
  const script = `
    import { readFileSync } from 'node:fs';
    const { loadSamlSchemaCheck } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
    const documents = JSON.parse(readFileSync(0, 'utf8'));
    try {
      const check = await loadSamlSchemaCheck();
      const outcomes = documents.map((xml) => { try { check(xml); return 'ok'; } catch (err) { return err.message; } });
      console.log(JSON.stringify({ outcomes }));
    } catch (err) {
      console.log(JSON.stringify({ failure: err.message }));
    }`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: os.tmpdir(),
    input: JSON.stringify(documents),
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { outcomes?: string[]; failure?: string };
}

/** The SAML schemas as scripts/build.mjs ships them: .xsd files beside the main bundle. */
describe('SAML schemas in the main-process bundle', () => {
  let outDir = '';
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  beforeAll(async () => {
    // Beside the sources so the bundles resolve their packages from this project's node_modules.
    outDir = mkdtempSync(path.join(root, 'dist-test-saml-'));
  });

  it('copies every schema, byte for byte, beside the Electron main bundle', async () => {
    const outfile = path.join(outDir, 'app', 'main.mjs');
    await build({ ...nodeBundleOptions(root, 'main/app/main.ts', outfile), logLevel: 'silent' });
    for (const name of SCHEMA_FILES) {
      expect(readFileSync(path.join(outDir, 'app', 'schemas', name))).toEqual(readFileSync(path.join(root, 'main/backend/saml/schemas', name)));
    }
  });

  it('a bundled validator finds its schemas, accepts a signed response and refuses a schema-invalid one', async () => {
    const outfile = path.join(outDir, 'validator', 'validator.mjs');
    await build({ ...nodeBundleOptions(root, 'main/backend/saml/saml-schema-validator.ts', outfile), logLevel: 'silent' });
    const kit = createSamlTestKit();
    const valid = kit.responseXml(REQUEST_ID);
    const invalid = kit.responseXml(REQUEST_ID, { mutateXml: (x) => x.replace('Version="2.0"', 'Version="2.0" Unexpected="1"') });
    const { outcomes } = checkWithBundle(outfile, [valid, invalid]);
    expect(outcomes?.[0]).toBe('ok');
    expect(outcomes?.[1]).toMatch(/^schema: the response does not match the SAML 2\.0 protocol schema/);
  });

  it('a bundle without its schemas fails naming the missing file', async () => {
    const outfile = path.join(outDir, 'bare', 'validator.mjs');
    await build({ ...nodeBundleOptions(root, 'main/backend/saml/saml-schema-validator.ts', outfile), logLevel: 'silent' });
    rmSync(path.join(outDir, 'bare', 'schemas'), { recursive: true });
    expect(existsSync(path.join(outDir, 'bare', 'schemas'))).toBe(false);
    const { failure } = checkWithBundle(outfile, []);
    expect(failure).toMatch(/^SAML schema file saml-schema-protocol-2\.0\.xsd could not be read from .*bare/);
  });
});
