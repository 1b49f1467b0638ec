import { afterAll, beforeAll } from 'vitest';
import type { DemoOidcIdp } from '../../main/demo/oidc-idp';
import type { StoreTarget } from './store-targets';
import { startTestBackend, type TestBackend } from './test-backend';

export interface IdpAndBackend {
  readonly idp: DemoOidcIdp;
  readonly b: TestBackend;
}

/**
 * One IdP and one backend of the file's tenant for a whole describe block, started in
 * `beforeAll` and closed in `afterAll`. With `target`, the backend runs on a fresh database of
 * that store (SQLite file or PostgreSQL), which is set up and torn down with them.
 */
export function useIdpAndBackend(o: { startIdp: () => Promise<DemoOidcIdp>; yaml: (issuer: string) => string; target?: StoreTarget }): IdpAndBackend {
  let idp: DemoOidcIdp | undefined;
  let b: TestBackend | undefined;
  beforeAll(async () => {
    await o.target?.setup();
    idp = await o.startIdp();
    b = await startTestBackend({ yaml: o.yaml(idp.issuer), ...(o.target === undefined ? {} : { db: await o.target.fresh() }) });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await idp?.close();
    await o.target?.teardown();
  });
  return {
    get idp() {
      if (idp === undefined) throw new Error('the IdP has not started');
      return idp;
    },
    get b() {
      if (b === undefined) throw new Error('the backend has not started');
      return b;
    },
  };
}
