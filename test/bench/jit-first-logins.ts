import { postgresTarget, sqliteTarget, type StoreTarget } from '../support/store-targets';
import { benchLine } from './bench-line';
import { CONNECTION, newUserResponse, startSamlBenchBackend } from './saml-acs-tenant';

export interface FirstLoginFigures {
  readonly perSecond: number;
  /** SQL statements sent per sign-in (BEGIN and COMMIT counted), this process's CPU per sign-in. */
  readonly statementsPerLogin: number;
  readonly cpuMsPerLogin: number;
}

/**
 * First sign-ins of new people (IdP-initiated SAML relayed as the app does through
 * `POST /v1/sso/complete`: every SAML check, the replay cache, JIT, device, session, audit),
 * `concurrency` at a time, on one backend instance. The responses are signed beforehand: the
 * IdP's work is not the backend's.
 */
export async function measureFirstLogins(target: StoreTarget, n: number, concurrency: number): Promise<FirstLoginFigures> {
  await target.setup();
  let statements = 0;
  const { backend, idp } = await startSamlBenchBackend({ db: await target.fresh(), onQuery: () => (statements += 1) });
  try {
    const responses = Array.from({ length: n + concurrency }, (_, i) => newUserResponse(idp, i));
    const complete = async (samlResponse: string, i: number) => {
      const res = await backend.app.inject({
        method: 'POST',
        url: '/v1/sso/complete',
        payload: { connectionId: CONNECTION, samlResponse, device: { id: `bench-device-${i}`, name: 'Bench', platform: 'linux' } },
      });
      if (res.statusCode !== 200) throw new Error(`sign-in refused: ${res.statusCode} ${res.body}`);
    };
    // Warm-up: the first of each concurrent lane (SP set-up, connection pool, JIT paths).
    await Promise.all(responses.slice(0, concurrency).map((r, i) => complete(r, i)));
    const queue = responses.slice(concurrency).map((r, i) => [r, i + concurrency] as const);
    statements = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) await complete(...next);
      }),
    );
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { perSecond: (n * 1000) / ms, statementsPerLogin: statements / n, cpuMsPerLogin: (used.user + used.system) / 1000 / n };
  } finally {
    await backend.close();
    await target.teardown();
  }
}

/** `jit-first-logins`: first sign-ins per second at concurrency 100, PostgreSQL against SQLite embedded. */
export async function benchJitFirstLogins(n = 600, concurrency = 100): Promise<string[]> {
  const sqlite = await measureFirstLogins(sqliteTarget(), n, concurrency);
  const postgres = await measureFirstLogins(postgresTarget(), n, concurrency);
  const detail = (name: string, f: FirstLoginFigures) => `${name} ${f.statementsPerLogin.toFixed(1)} SQL statements and ${f.cpuMsPerLogin.toFixed(1)} ms backend CPU per sign-in`;
  return [
    `${benchLine('jit-first-logins', postgres.perSecond, 'sign-ins/s PostgreSQL', sqlite.perSecond, 'sign-ins/s SQLite embedded')}; ${detail('PostgreSQL', postgres)}; ${detail('SQLite', sqlite)}`,
  ];
}
