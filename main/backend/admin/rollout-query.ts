import { FUNNEL_STEPS } from '../../api/endpoints/admin';
import { sql, type Kysely } from 'kysely';
import type { TenantConfig } from '../config/tenant-config';
import type { Database } from '../store/database-schema';
import type { AdminPrincipal } from './admin-scope';
import { scopedUsers } from './admin-users-query';
import { countIf, userFacts, type RolloutStage } from './user-facts';

export type FunnelStep = (typeof FUNNEL_STEPS)[number];
export type Funnel = Readonly<Record<FunnelStep, number>>;

export interface RolloutNode {
  readonly node: string;
  readonly funnel: Funnel;
}

/** Per node in scope (deactivated people left out): how far the rollout got. One grouped query. */
export async function rolloutByNode(db: Kysely<Database>, config: TenantConfig, principal: AdminPrincipal): Promise<{ total: Funnel; nodes: RolloutNode[] }> {
  const f = userFacts(config);
  const rows = await scopedUsers(db, principal)
    .where('u.status', '<>', 'deactivated')
    .select([
      'u.node',
      sql<number>`count(*)`.as('provisioned'),
      countIf(f.signedIn).as('signedIn'),
      countIf(f.vaultCreated).as('vaultCreated'),
      countIf(f.onboardingFinished).as('onboardingFinished'),
      countIf(f.secondFactorEnrolled).as('secondFactorEnrolled'),
      countIf(f.passwordsImported).as('passwordsImported'),
    ])
    .groupBy('u.node')
    .execute();
  const byNode = new Map(rows.map((r) => [r.node, r]));
  const visible = principal.nodes ?? config.nodes.map((n) => n.name);
  const nodes = visible.map((node) => {
    const r = byNode.get(node);
    const funnel = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, Number(r?.[s] ?? 0)])) as Record<FunnelStep, number>;
    return { node, funnel };
  });
  const total = Object.fromEntries(FUNNEL_STEPS.map((s) => [s, nodes.reduce((sum, n) => sum + n.funnel[s], 0)])) as Record<FunnelStep, number>;
  return { total, nodes };
}

export interface StuckPerson {
  readonly id: string;
  readonly email: string;
  readonly node: string;
  readonly role: string;
  readonly stage: Exclude<RolloutStage, 'finished'>;
  /** When they last moved: latest onboarding answer, else last sign-in, else provisioning. */
  readonly since: string;
}

/** People in scope who have not finished, oldest progress first, optionally at one stage/node. */
export async function stuckPeople(
  db: Kysely<Database>,
  config: TenantConfig,
  principal: AdminPrincipal,
  o: { stage?: Exclude<RolloutStage, 'finished'> | undefined; node?: string | undefined; offset: number; limit: number },
): Promise<{ total: number; people: StuckPerson[] }> {
  const f = userFacts(config);
  let q = scopedUsers(db, principal).where('u.status', '<>', 'deactivated').where(sql<boolean>`${f.stage} <> 'finished'`);
  if (o.stage !== undefined) q = q.where(sql<boolean>`${f.stage} = ${o.stage}`);
  if (o.node !== undefined) q = q.where('u.node', '=', o.node);
  const since = sql<string>`coalesce((select max(o.updated_at) from onboarding_progress o where o.user_id = u.id), u.last_sign_in_at, u.created_at)`;
  const [count, rows] = await Promise.all([
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    q
      .select(['u.id', 'u.email', 'u.node', 'u.role', f.stage.as('stage'), since.as('since')])
      .orderBy(since)
      .orderBy('u.email')
      .offset(o.offset)
      .limit(o.limit)
      .execute(),
  ]);
  return {
    total: Number((count as { n: number | string }).n),
    people: rows.map((r) => ({ id: r.id, email: r.email, node: r.node, role: r.role, stage: r.stage as StuckPerson['stage'], since: r.since })),
  };
}
