import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { startVaultSyncFixture, type VaultSyncFixture } from '../../support/vault-sync-fixture';

/**
 * A sync costs the same number of SQL statements whatever the vault holds: no statement per
 * record (an N+1 would make a 50,000-record first sync 50,000 round trips on PostgreSQL).
 */
describe.each([sqliteTarget(), postgresTarget()])('GET /v1/vault on $name', (target) => {
  let fixture: VaultSyncFixture;
  let statements: string[] = [];

  beforeAll(async () => {
    await target.setup();
    fixture = await startVaultSyncFixture({ db: await target.fresh(), onQuery: (sql) => statements.push(sql) });
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
    await target.teardown();
  });

  const sync = async (since?: number): Promise<{ records: number; statements: string[] }> => {
    statements = [];
    const res = await fetch(`${fixture.url}/v1/vault${since === undefined ? '' : `?since=${since}`}`, { headers: { authorization: `Bearer ${fixture.session}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { records: unknown[] };
    return { records: body.records.length, statements: [...statements] };
  };
  const add = (from: number, count: number) => fixture.addRecords(Array.from({ length: count }, (_, i) => ({ id: `rec-${from + i}`, envelope: `ZW52ZWxvcGU${from + i}` })));

  it('sends as many statements for 1,201 records as for none, 1 or 200, first sync or incremental', async () => {
    const empty = await sync();
    expect(empty.records).toBe(0);
    expect(empty.statements.length).toBeGreaterThan(0);
    await add(0, 1);
    const one = await sync();
    await add(1, 199);
    const two = await sync();
    await add(200, 1001);
    const many = await sync();
    const incremental = await sync(2);
    expect([one.records, two.records, many.records, incremental.records]).toEqual([1, 200, 1201, 1001]);
    // The same statements (the access checks run side by side, so in any order).
    for (const s of [one, two, many, incremental]) expect([...s.statements].sort()).toEqual([...empty.statements].sort());
    // One of them reads the records, and it is a single SELECT over the user's rows.
    expect(many.statements.filter((sql) => /from "vault_records"/.test(sql))).toHaveLength(1);
  }, 120_000);
});
