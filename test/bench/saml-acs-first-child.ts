// Runs in a fresh process: the first SAML response through a just-started backend's whole ACS
// path ("ours"), or through a just-made @node-saml/node-saml instance ("baseline").
import { createRequire } from 'node:module';
import { createSamlIdentityProvider } from '../../main/demo/saml-response-builder';
import { newUserResponse, nodeSamlBaseline, postToAcs, startSamlBenchBackend } from './saml-acs-tenant';

const mode = process.argv[2];
if (mode === 'ours') {
  const { backend, idp } = await startSamlBenchBackend();
  const response = newUserResponse(idp, 0);
  // The bench posts through Fastify's inject (light-my-request), which Fastify loads at its first
  // use: a cost of this harness, not of the ACS path a real backend serves over HTTP. Loaded here
  // (the very module Fastify will use), so the figure holds only the backend's own first response.
  const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
  fromFastify('light-my-request');
  const start = performance.now();
  const status = await postToAcs(backend, response);
  const ms = performance.now() - start;
  await backend.close();
  if (status >= 400) throw new Error(`first response refused: ${status}`);
  console.log(JSON.stringify({ ms }));
} else {
  const idp = createSamlIdentityProvider({ entityId: 'https://idp.bench.test/saml' });
  const saml = nodeSamlBaseline(idp);
  const response = newUserResponse(idp, 0);
  const start = performance.now();
  const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: response });
  const ms = performance.now() - start;
  if (!profile) throw new Error('baseline refused');
  console.log(JSON.stringify({ ms }));
}
