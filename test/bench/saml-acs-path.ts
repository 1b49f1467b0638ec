import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchLine } from './bench-line';
import { newUserResponse, nodeSamlBaseline, postToAcs, startSamlBenchBackend } from './saml-acs-tenant';

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

  const first = await child('ours');
  const firstBaseline = await child('baseline');
  return [
    benchLine('saml-acs', perSecond, 'responses/s', baselinePerSecond, 'responses/s node-saml'),
    benchLine('saml-acs-first', first, 'ms', firstBaseline, 'ms node-saml first validation'),
  ];
}

function child(mode: 'ours' | 'baseline'): Promise<number> {
  const script = fileURLToPath(new URL('./saml-acs-first-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', script, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${mode} first-call child exited with ${code}`));
      resolve((JSON.parse(out.trim().split('\n').pop() ?? '{}') as { ms: number }).ms);
    });
  });
}
