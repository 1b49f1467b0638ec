import { randomUUID } from 'node:crypto';
import type { TenantConfig } from '../config/tenant-config';
import type { Repositories, Store, UserRow } from '../store/store';
import { ScimError, uniqueness } from './scim-error';
import { applyPatch, parsePatchBody } from './scim-patch';
import { project } from './scim-projection';
import { NOTHING, paging, userQueryFrom, type ListParams } from './scim-query';
import { normalizeResource, type ScimObject } from './scim-resource';
import { USER_RESOURCE } from './scim-schemas';
import { SCIM_LIST_SCHEMA, toScimUser, userFieldsFrom, writableUser } from './scim-user';
import { syncPlacement } from './sync-placement';
import { isUniqueViolation } from './unique-violation';
import { afterStatusChange } from './user-access';

export interface ScimDeps {
  readonly store: Store;
  readonly config: TenantConfig;
  readonly now: () => Date;
  readonly publicUrl: () => string;
}

/** Who made a change: the SCIM token's name (shown in audit events). */
export type Actor = string;

const notFound = (id: string) => new ScimError(404, null, `No user with id "${id.slice(0, 128)}".`);

/** The Users endpoint (RFC 7644 §3): list/filter/paging, get, create, replace, patch, delete. */
export function createScimUsers(deps: ScimDeps) {
  const render = async (repos: Repositories, users: readonly UserRow[]) => {
    const groups = users.length === 0 ? new Map<string, never[]>() : await repos.scim.groupsOf(users.map((u) => u.id));
    return users.map((u) => toScimUser(u, groups.get(u.id) ?? [], deps.publicUrl()));
  };

  /** Write path shared by POST, PUT and PATCH: one transaction, uniqueness, status effects, role mappings, audit. */
  const write = async (kind: 'created' | 'replaced' | 'patched', actor: Actor, id: string | null, build: (existing: UserRow | undefined) => ScimObject) => {
    const now = deps.now();
    try {
      return await deps.store.transaction(async (repos) => {
        const existing = id === null ? undefined : await repos.users.findById(id);
        if (id !== null && existing === undefined) throw notFound(id);
        const resource = build(existing);
        const derived = userFieldsFrom(resource, deps.config, existing);
        // An existing user keeps their placement until syncPlacement moves (and audits) them.
        const fields = existing === undefined ? derived : { ...derived, node: existing.node, role: existing.role };
        const sameName = await repos.scim.findUserByUserName(fields.userName);
        if (sameName !== undefined && sameName.id !== existing?.id) throw uniqueness(`A user with userName "${fields.userName}" already exists.`);
        const sameEmail = await repos.users.findByEmail(fields.email);
        if (sameEmail !== undefined && sameEmail.id !== existing?.id) throw uniqueness(`A user with the email "${fields.email}" already exists.`);
        let user = existing === undefined ? await repos.scim.insertUser(randomUUID(), fields, now) : await repos.scim.updateUser(existing.id, fields, now);
        if (user === undefined) throw notFound(id ?? '');
        if (existing !== undefined) await afterStatusChange(repos, existing, user, { now, actor });
        // Only a change of the user's own placement can move them here (groups move them in
        // scim-groups.ts): other attribute updates keep a role the last sign-in's groups claim gave.
        if (existing === undefined || existing.assignedNode !== user.assignedNode || existing.assignedRole !== user.assignedRole) {
          user = await syncPlacement(repos, deps.config, user, { now, actor });
        }
        await repos.audit.append({
          type: `scim.user.${kind}`,
          at: now,
          userId: user.id,
          details: {
            actor,
            userName: user.userName,
            changed: changedAttributes(existing && writableUser(existing), writableUser(user)),
            status: user.status,
            ...(existing === undefined ? { node: user.node, role: user.role } : {}),
          },
        });
        return (await render(repos, [user]))[0] as ScimObject;
      });
    } catch (err) {
      // Two clients creating the same userName at once: the unique index decides.
      if (isUniqueViolation(err)) throw uniqueness('A user with this userName or email already exists.');
      throw err;
    }
  };

  return {
    async list(p: ListParams): Promise<ScimObject> {
      const { startIndex, count } = paging(p);
      const q = userQueryFrom(p.filter);
      const { total, users } = q === NOTHING ? { total: 0, users: [] } : await deps.store.scim.listUsers(q, { offset: startIndex - 1, limit: count });
      const resources = await render(deps.store, users);
      return {
        schemas: [SCIM_LIST_SCHEMA],
        totalResults: total,
        startIndex,
        itemsPerPage: resources.length,
        Resources: resources.map((r) => project(r, USER_RESOURCE, p)),
      };
    },

    async get(id: string, p: ListParams): Promise<ScimObject> {
      const user = await deps.store.users.findById(id);
      if (user === undefined) throw notFound(id);
      return project((await render(deps.store, [user]))[0] as ScimObject, USER_RESOURCE, p);
    },

    create: (body: unknown, actor: Actor) => write('created', actor, null, () => normalizeResource(body, USER_RESOURCE)),

    replace: (id: string, body: unknown, actor: Actor) => write('replaced', actor, id, () => normalizeResource(body, USER_RESOURCE)),

    patch(id: string, body: unknown, actor: Actor) {
      const ops = parsePatchBody(body);
      return write('patched', actor, id, (existing) => normalizeResource(applyPatch(writableUser(existing as UserRow), ops, USER_RESOURCE), USER_RESOURCE));
    },

    /** RFC 7644 §3.6: the user is gone — with their devices, sessions and (encrypted) vault. */
    async remove(id: string, actor: Actor): Promise<void> {
      const now = deps.now();
      await deps.store.transaction(async (repos) => {
        const user = await repos.users.findById(id);
        if (user === undefined) throw notFound(id);
        const revoked = await repos.scim.revokeAccess(id, now);
        await repos.scim.deleteUser(id);
        await repos.audit.append({ type: 'scim.user.deleted', at: now, userId: id, details: { actor, userName: user.userName, sessionsRevoked: revoked.sessions } });
      });
    },
  };
}


/** Names of the top-level attributes that differ (values stay out of the audit log). */
export function changedAttributes(before: ScimObject | undefined, after: ScimObject): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after[k])).sort();
}
