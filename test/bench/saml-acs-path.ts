import { fileURLToPath } from 'node:url';
import { benchLine } from './bench-line';
import { median } from './vault-bench-figure';
import { newUserResponse, nodeSamlBaseline, postToAcs, startSamlBenchBackend } from './saml-acs-tenant';
import { inFreshProcess } from './fresh-process';

/**
 * `saml-acs`: responses per second through the backend's whole ACS path (body parse, strict
 * base64, schema, signatures, every check, replay cache, JIT of a new user, session, audit),
 * against @node-saml/node-saml's validatePostResponseAsync on the same responses (validation only:
 * no schema, no store) as the baseline. `saml-acs-first`: ms for the first response in a freshly
 * started backend, against node-saml's first validation in a fresh process.
 */
export async function benchSamlAcs(n = 300): Promise<string[]> {
  const { backend, idp } = await startSamlBenchBackend();
  const responses = Array.from({ length: n + 1 }, (_, i) => newUserResponse(idp, i));
  const [warmUp, ...measured] = responses;
  if ((await postToAcs(backend, warmUp!)) >= 400) throw new Error('warm-up response refused');
  let start = performance.now();
  for (const r of measured) {
    const status = await postToAcs(backend, r);
    if (status >= 400) throw new Error(`response refused: ${status}`);
  }
  const perSecond = (measured.length * 1000) / (performance.now() - start);
  await backend.close();

  const baseline = nodeSamlBaseline(idp);
  await baseline.validatePostResponseAsync({ SAMLResponse: warmUp! });
  start = performance.now();
  for (const r of measured) {
    const { profile } = await baseline.validatePostResponseAsync({ SAMLResponse: r });
    if (!profile) throw new Error('baseline refused a valid response');
  }
  const baselinePerSecond = (measured.length * 1000) / (performance.now() - start);

  // One first response per fresh process is a single sample that moved 0.6x-1.3x between runs
  // on a quiet machine: several processes per side, the side that starts first alternating.
  const firsts: number[] = [];
  const firstBaselines: number[] = [];
  for (let round = 0; round < FIRST_ROUNDS; round++) {
    if (round % 2 === 0) {
      firsts.push(await child('ours'));
      firstBaselines.push(await child('baseline'));
    } else {
      firstBaselines.push(await child('baseline'));
      firsts.push(await child('ours'));
    }
  }
  return [
    benchLine('saml-acs', perSecond, 'responses/s', baselinePerSecond, 'responses/s node-saml'),
    `${benchLine('saml-acs-first', median(firsts), 'ms', median(firstBaselines), 'ms node-saml first validation')}; median of ${FIRST_ROUNDS} fresh processes each`,
  ];
}

const FIRST_ROUNDS = 5;

async function child(mode: 'ours' | 'baseline'): Promise<number> {
  const { ms } = await inFreshProcess<{ ms: number }>(fileURLToPath(new URL('./saml-acs-first-child.ts', import.meta.url)), [mode]);
  return ms;
}
