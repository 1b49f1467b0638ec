import type { Kysely, Selectable } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { AuditEventsTable, Database, LoginTransactionsTable } from '../database-schema';
import type { AuditEventInput, AuditEventRow, AuditRepo, DeviceInfo, LoginTransactionRow, LoginTransactionsRepo, OnboardingRepo, SamlReplayRepo } from '../store';
import { enqueueWebhookDeliveries } from '../../webhooks/webhook-outbox';
import type { OutboxSubscribers } from '../../webhooks/outbox-subscribers';

const toTransaction = (r: Selectable<LoginTransactionsTable>): LoginTransactionRow => ({
  id: r.id,
  connectionId: r.connection_id,
  kind: r.kind,
  email: r.email,
  state: r.state,
  nonce: r.nonce,
  pkceVerifier: r.pkce_verifier,
  samlRequestId: r.saml_request_id,
  redirectUri: r.redirect_uri,
  device: r.device_json === null ? null : (JSON.parse(r.device_json) as DeviceInfo),
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  consumedAt: r.consumed_at === null ? null : new Date(r.consumed_at),
});

const toEvent = (r: Selectable<AuditEventsTable>): AuditEventRow => ({
  id: r.id,
  type: r.type,
  at: new Date(r.at),
  userId: r.user_id,
  connectionId: r.connection_id,
  reason: r.reason,
  details: r.details_json === null ? null : (JSON.parse(r.details_json) as Record<string, unknown>),
  email: r.email,
  ip: r.ip,
});

export function createLoginTransactionsRepo(db: Kysely<Database>): LoginTransactionsRepo {
  return {
    async create(t) {
      await db
        .insertInto('login_transactions')
        .values({
          id: t.id,
          connection_id: t.connectionId,
          kind: t.kind,
          email: t.email,
          state: t.state,
          nonce: t.nonce,
          pkce_verifier: t.pkceVerifier,
          saml_request_id: t.samlRequestId,
          redirect_uri: t.redirectUri,
          device_json: t.device === null ? null : JSON.stringify(t.device),
          created_at: t.createdAt.toISOString(),
          expires_at: t.expiresAt.toISOString(),
          consumed_at: null,
        })
        .execute();
    },
    async find(id) {
      const r = await db.selectFrom('login_transactions').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toTransaction(r);
    },
    async consume(id, now) {
      // Conditional update = single use even when two instances race on the same id.
      const r = await db
        .updateTable('login_transactions')
        .set({ consumed_at: now.toISOString() })
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return r && toTransaction(r);
    },
    async deleteExpired(before) {
      const r = await db.deleteFrom('login_transactions').where('expires_at', '<', before.toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function createSamlReplayRepo(db: Kysely<Database>): SamlReplayRepo {
  return {
    async remember(assertionId, connectionId, expiresAt) {
      const r = await db
        .insertInto('saml_replay')
        .values({ assertion_id: assertionId, connection_id: connectionId, expires_at: expiresAt.toISOString() })
        .onConflict((oc) => oc.column('assertion_id').doNothing())
        .returning('assertion_id')
        .executeTakeFirst();
      return r !== undefined;
    },
    async deleteExpired(before) {
      const r = await db.deleteFrom('saml_replay').where('expires_at', '<', before.toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

/**
 * `subscribers` (the store's) lets an event nobody forwards skip the outbox statement. Features
 * that audit inside their own transaction get this repo from `store.transaction`, so every audit
 * row, whichever path writes it, goes through the same filter.
 */
export function createAuditRepo(db: Kysely<Database>, subscribers: OutboxSubscribers): AuditRepo {
  const repo: AuditRepo = {
    async append(e) {
      const row = auditRow(e);
      // No destination forwards this type: the event alone, one statement.
      if (!subscribers.wants(row.type)) {
        await db.insertInto('audit_events').values(row).execute();
        return toEvent({ ...row, seq: 0 });
      }
      // The event and its outbox rows commit together (main/backend/webhooks/).
      const write = async (tx: Kysely<Database>) => {
        await tx.insertInto('audit_events').values(row).execute();
        await enqueueWebhookDeliveries(tx, {
          id: row.id,
          type: row.type,
          at: row.at,
          userId: row.user_id,
          connectionId: row.connection_id,
          reason: row.reason,
          email: row.email,
          ip: row.ip,
          details: e.details ?? null,
        });
      };
      await (db.isTransaction ? write(db) : db.transaction().execute(write));
      return toEvent({ ...row, seq: 0 });
    },
    async appendAll(events) {
      // Events no destination forwards go in as one multi-row INSERT; any other takes append's path.
      if (events.some((e) => subscribers.wants(e.type))) {
        const out: AuditEventRow[] = [];
        for (const e of events) out.push(await repo.append(e));
        return out;
      }
      const rows = events.map(auditRow);
      if (rows.length > 0) await db.insertInto('audit_events').values(rows).execute();
      return rows.map((row) => toEvent({ ...row, seq: 0 }));
    },
    async listNewestFirst(o) {
      let q = db.selectFrom('audit_events').selectAll();
      if (o.type !== undefined) q = q.where('type', '=', o.type);
      if (o.userId !== undefined) q = q.where('user_id', '=', o.userId);
      const rows = await q.orderBy('seq', 'desc').limit(o.limit).execute();
      return rows.map(toEvent);
    },
  };
  return repo;
}

function auditRow(e: AuditEventInput): Omit<Selectable<AuditEventsTable>, 'seq'> {
  return {
    id: randomUUID(),
    type: e.type,
    at: e.at.toISOString(),
    user_id: e.userId ?? null,
    connection_id: e.connectionId ?? null,
    reason: e.reason ?? null,
    details_json: e.details == null ? null : JSON.stringify(e.details),
    email: e.email ?? null,
    ip: e.ip ?? null,
  };
}

export function createOnboardingRepo(db: Kysely<Database>): OnboardingRepo {
  return {
    async list(userId) {
      const rows = await db.selectFrom('onboarding_progress').selectAll().where('user_id', '=', userId).orderBy('updated_at').execute();
      return rows.map((r) => ({ step: r.step, status: r.status, updatedAt: new Date(r.updated_at) }));
    },
    async set(userId, step, status, now) {
      await db
        .insertInto('onboarding_progress')
        .values({ user_id: userId, step, status, updated_at: now.toISOString() })
        .onConflict((oc) => oc.columns(['user_id', 'step']).doUpdateSet({ status, updated_at: now.toISOString() }))
        .execute();
    },
  };
}
