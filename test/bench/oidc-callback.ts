import Fastify from 'fastify';
import * as client from 'openid-client';
import { startDemoOidcIdp } from '../../main/demo/oidc-idp';
import { authorizeInBrowser } from '../support/oidc-browser';
import { CLIENT_ID, REDIRECT } from '../support/oidc-tenant';
import { startTestBackend } from '../support/test-backend';
import { benchLine } from './bench-line';
import { median } from './vault-bench-figure';

/**
 * `oidc-callback`: sign-in callbacks completed per second by the backend (`POST /v1/sso/complete`:
 * transaction, token exchange with oidc-provider, ID token checks, JIT of a new user, session,
 * audit), against the baseline of bare openid-client `authorizationCodeGrant` calls to the same
 * provider. The browser part (login form) is done beforehand for both and not timed; each side
 * completes one sign-in untimed first (as saml-acs does), so neither pays the other's first-use
 * costs (code loading, the IdP's own warm-up) in its figure.
 *
 * A third side, printed after the line: the bare code grant plus one JSON round trip to a Fastify
 * route that does nothing. Ours is two such HTTP exchanges (the app's call into the backend, the
 * backend's with the IdP) where the baseline is one, so this is the rate no callback answered
 * over HTTP can pass, before any check, transaction or audit row.
 *
 * Measured in rounds: each round signs in `perRound` people through the browser for each side
 * (untimed), then times the sides one after the other, the order rotated from round to round,
 * so that none always follows another's garbage or a grown IdP store. Each figure is the median
 * of its side's per-round rates. The IdP's authorization codes live 60 seconds, which is why
 * callbacks are prepared per round and not all at the start.
 */
export async function benchOidcCallback(rounds = 7, perRound = 30): Promise<string[]> {
  let nextUser = 0;
  const users = Array.from({ length: 3 * (rounds * perRound + 1) }, (_, i) => ({ email: `user${i}@acme.test`, password: `pw-${i}`, name: `User ${i}` }));
  const takeUsers = (count: number) => users.slice(nextUser, (nextUser += count));
  const idp = await startDemoOidcIdp({ users, clientId: CLIENT_ID });
  const backend = await startTestBackend({
    yaml: `
tenant: Bench
admin:
  token: bench-admin-token-0123456789abcdef
nodes:
  - name: Bench
    defaultRole: Employee
roles:
  - name: Employee
sso:
  - id: bench-oidc
    type: oidc
    node: Bench
    domains: [acme.test]
    jit: true
    issuer: ${idp.issuer}
    clientId: ${CLIENT_ID}
`,
  });
  try {
    const config = await client.discovery(new URL(idp.issuer), CLIENT_ID, undefined, client.None(), { execute: [client.allowInsecureRequests] });

    const ours = {
      prepare: async (count: number) => {
        const cases: { transactionId: string; callbackUrl: string }[] = [];
        for (const u of takeUsers(count)) {
          const started = await backend.api('POST', '/v1/sso/start', { body: { email: u.email, redirectUri: REDIRECT } });
          const callbackUrl = await authorizeInBrowser(started.body.authorizationUrl, REDIRECT, { login: u.email, password: u.password });
          cases.push({ transactionId: started.body.transactionId, callbackUrl });
        }
        return cases;
      },
      complete: async (c: { transactionId: string; callbackUrl: string }) => {
        const res = await backend.api('POST', '/v1/sso/complete', { body: c });
        if (res.status !== 200) throw new Error(`callback refused: ${res.status} ${res.text}`);
      },
    };
    const bare = {
      prepare: async (count: number) => {
        const cases: { url: URL; verifier: string; state: string; nonce: string }[] = [];
        for (const u of takeUsers(count)) {
          const verifier = client.randomPKCECodeVerifier();
          const state = client.randomState();
          const nonce = client.randomNonce();
          const url = client.buildAuthorizationUrl(config, {
            redirect_uri: REDIRECT,
            scope: 'openid email profile',
            code_challenge: await client.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
            state,
            nonce,
          });
          const callback = await authorizeInBrowser(url.href, REDIRECT, { login: u.email, password: u.password });
          cases.push({ url: new URL(callback), verifier, state, nonce });
        }
        return cases;
      },
      complete: async (b: { url: URL; verifier: string; state: string; nonce: string }) => {
        await client.authorizationCodeGrant(config, b.url, { pkceCodeVerifier: b.verifier, expectedState: b.state, expectedNonce: b.nonce });
      },
    };

    // The least a callback answered over HTTP can cost: the bare code grant and one JSON round trip
    // to a Fastify route that does nothing (the app's call into the backend is such a hop, on top
    // of the backend's own exchange with the IdP). No check, no transaction, no JIT, no audit.
    const hop = Fastify();
    hop.post('/hop', async (request) => ({ received: typeof request.body }));
    const hopUrl = `${await hop.listen({ host: '127.0.0.1', port: 0 })}/hop`;
    const floor = {
      prepare: bare.prepare,
      complete: async (b: { url: URL; verifier: string; state: string; nonce: string }) => {
        const res = await fetch(hopUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callbackUrl: b.url.href }) });
        if (res.status !== 200) throw new Error(`hop refused: ${res.status}`);
        await res.json();
        await bare.complete(b);
      },
    };

    const timed = async <T>(cases: T[], complete: (c: T) => Promise<void>): Promise<number> => {
      const start = performance.now();
      for (const c of cases) await complete(c);
      return (cases.length * 1000) / (performance.now() - start);
    };

    try {
      for (const c of await ours.prepare(1)) await ours.complete(c);
      for (const c of await bare.prepare(1)) await bare.complete(c);
      for (const c of await floor.prepare(1)) await floor.complete(c);
      // A side's callbacks for one round, prepared (untimed); calling the result times them.
      const prepared = async <T>(side: { prepare(count: number): Promise<T[]>; complete(c: T): Promise<void> }) => {
        const cases = await side.prepare(perRound);
        return () => timed(cases, side.complete);
      };
      const rates: [number[], number[], number[]] = [[], [], []];
      for (let round = 0; round < rounds; round += 1) {
        const runs = [await prepared(ours), await prepared(bare), await prepared(floor)];
        // Each side goes first, second and third in turn.
        for (let k = 0; k < runs.length; k += 1) {
          const side = (round + k) % runs.length;
          rates[side]!.push(await runs[side]!());
        }
      }
      const [oursRate, bareRate, floorRate] = rates.map(median) as [number, number, number];
      const line = benchLine('oidc-callback', oursRate, 'callbacks/s', bareRate, 'bare openid-client code grants/s');
      return [`${line}; a bare code grant plus one bare HTTP round trip ${floorRate.toFixed(0)}/s (${(floorRate / bareRate).toFixed(2)} x)`];
    } finally {
      await hop.close();
    }
  } finally {
    await backend.close();
    await idp.close();
  }
}
