import { randomUUID } from 'node:crypto';
import type { ScimGroupRow } from '../store/repos/scim-repos';
import type { Repositories } from '../store/store';
import { invalidValue, ScimError, uniqueness } from './scim-error';
import { applyPatch, parsePatchBody } from './scim-patch';
import { project } from './scim-projection';
import { groupQueryFrom, NOTHING, paging, type ListParams } from './scim-query';
import { normalizeResource, type ScimObject } from './scim-resource';
import { GROUP_RESOURCE, GROUP_SCHEMA } from './scim-schemas';
import { SCIM_LIST_SCHEMA } from './scim-user';
import type { Actor, ScimDeps } from './scim-users';
import { changedAttributes } from './scim-users';
import { syncPlacement } from './sync-placement';
import { isForeignKeyViolation, isUniqueViolation } from './unique-violation';

const notFound = (id: string) => new ScimError(404, null, `No group with id "${id.slice(0, 128)}".`);
/** Member ids named in audit events, at most this many per list (counts are always complete). */
const AUDITED_IDS = 100;

function wantsMembers(p: ListParams): boolean {
  const has = (list: string | undefined) => (list ?? '').split(',').some((a) => /^(urn:.*:)?members(\..*)?$/i.test(a.trim()));
  if (p.attributes !== undefined && p.attributes.trim() !== '') return has(p.attributes);
  return !has(p.excludedAttributes);
}

/** The Groups endpoint. Membership changes re-place the members through roleMappings. */
export function createScimGroups(deps: ScimDeps) {
  const render = async (repos: Repositories, groups: readonly ScimGroupRow[], withMembers: boolean): Promise<ScimObject[]> => {
    const members = withMembers ? await repos.scim.membersOf(groups.map((g) => g.id)) : new Map<string, { id: string; userName: string }[]>();
    const base = deps.publicUrl();
    return groups.map((g) => ({
      schemas: [GROUP_SCHEMA],
      id: g.id,
      ...(g.externalId === null ? {} : { externalId: g.externalId }),
      displayName: g.displayName,
      ...(withMembers
        ? { members: (members.get(g.id) ?? []).map((m) => ({ value: m.id, display: m.userName, type: 'User', $ref: `${base}/scim/v2/Users/${encodeURIComponent(m.id)}` })) }
        : {}),
      meta: { resourceType: 'Group', created: g.createdAt.toISOString(), lastModified: g.updatedAt.toISOString(), location: `${base}/scim/v2/Groups/${encodeURIComponent(g.id)}` },
    }));
  };

  const writable = async (repos: Repositories, g: ScimGroupRow): Promise<ScimObject> => {
    const members = (await repos.scim.membersOf([g.id])).get(g.id) ?? [];
    return {
      displayName: g.displayName,
      ...(g.externalId === null ? {} : { externalId: g.externalId }),
      ...(members.length === 0 ? {} : { members: members.map((m) => ({ value: m.id })) }),
    };
  };

  const write = async (kind: 'created' | 'replaced' | 'patched', actor: Actor, id: string | null, build: (current: ScimObject | undefined) => ScimObject) => {
    const now = deps.now();
    try {
      return await deps.store.transaction(async (repos) => {
        const existing = id === null ? undefined : await repos.scim.findGroup(id);
        if (id !== null && existing === undefined) throw notFound(id);
        const before = existing === undefined ? undefined : await writable(repos, existing);
        const resource = build(before);
        const displayName = typeof resource.displayName === 'string' ? resource.displayName.trim() : '';
        if (displayName === '') throw invalidValue('displayName is required.');
        const externalId = typeof resource.externalId === 'string' ? resource.externalId : null;
        const wanted = new Set(((resource.members ?? []) as ScimObject[]).map((m) => m.value));
        if ([...wanted].some((v) => typeof v !== 'string')) throw invalidValue('Every member needs a value (a user id).');
        const memberIds = [...wanted] as string[];
        const known = await repos.scim.existingUserIds(memberIds);
        const unknown = memberIds.find((m) => !known.has(m));
        if (unknown !== undefined) throw invalidValue(`members: no user with id "${unknown.slice(0, 128)}".`);
        const [same] = (await repos.scim.listGroups({ displayName }, { offset: 0, limit: 2 })).groups.filter((g) => g.id !== existing?.id);
        if (same !== undefined) throw uniqueness(`A group named "${displayName}" already exists.`);

        const group = existing ?? (await repos.scim.insertGroup({ id: randomUUID(), displayName, externalId }, now));
        if (existing !== undefined) await repos.scim.updateGroup(group.id, { displayName, externalId }, now);
        const had = new Set(((before?.members ?? []) as ScimObject[]).map((m) => m.value as string));
        const added = memberIds.filter((m) => !had.has(m));
        const removed = [...had].filter((m) => !wanted.has(m));
        await repos.scim.addMembers(group.id, added);
        await repos.scim.removeMembers(group.id, removed);

        // A rename or a new externalId can change which mapping applies to every member.
        const renamed = existing !== undefined && (existing.displayName !== displayName || existing.externalId !== externalId);
        const affected = renamed ? [...new Set([...had, ...memberIds])] : [...added, ...removed];
        await resync(repos, affected, now, actor);
        const after: ScimObject = { displayName, ...(externalId === null ? {} : { externalId }), ...(memberIds.length === 0 ? {} : { members: memberIds.map((m) => ({ value: m })) }) };
        await repos.audit.append({
          type: `scim.group.${kind}`,
          at: now,
          details: {
            actor,
            groupId: group.id,
            displayName,
            changed: changedAttributes(before, after),
            membersAdded: added.length,
            membersRemoved: removed.length,
            ...(added.length > 0 ? { addedUserIds: added.slice(0, AUDITED_IDS) } : {}),
            ...(removed.length > 0 ? { removedUserIds: removed.slice(0, AUDITED_IDS) } : {}),
          },
        });
        const fresh = (await repos.scim.findGroup(group.id)) as ScimGroupRow;
        return (await render(repos, [fresh], true))[0] as ScimObject;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw uniqueness('A group with this displayName already exists.');
      // A member deleted (DELETE /Users) between this request's check and its insert: the same
      // answer as a member that never existed, not a 500 (a concurrent write on PostgreSQL).
      if (isForeignKeyViolation(err)) throw invalidValue('members: a user named here was deleted while the request ran.');
      throw err;
    }
  };

  const resync = async (repos: Repositories, userIds: readonly string[], now: Date, actor: Actor) => {
    for (const userId of userIds) {
      const user = await repos.users.findById(userId);
      if (user !== undefined) await syncPlacement(repos, deps.config, user, { now, actor });
    }
  };

  return {
    async list(p: ListParams): Promise<ScimObject> {
      const { startIndex, count } = paging(p);
      const q = groupQueryFrom(p.filter);
      const { total, groups } = q === NOTHING ? { total: 0, groups: [] } : await deps.store.scim.listGroups(q, { offset: startIndex - 1, limit: count });
      const resources = await render(deps.store, groups, wantsMembers(p));
      return { schemas: [SCIM_LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources.map((r) => project(r, GROUP_RESOURCE, p)) };
    },

    async get(id: string, p: ListParams): Promise<ScimObject> {
      const group = await deps.store.scim.findGroup(id);
      if (group === undefined) throw notFound(id);
      return project((await render(deps.store, [group], wantsMembers(p)))[0] as ScimObject, GROUP_RESOURCE, p);
    },

    create: (body: unknown, actor: Actor) => write('created', actor, null, () => normalizeResource(body, GROUP_RESOURCE)),
    replace: (id: string, body: unknown, actor: Actor) => write('replaced', actor, id, () => normalizeResource(body, GROUP_RESOURCE)),
    patch(id: string, body: unknown, actor: Actor) {
      const ops = parsePatchBody(body);
      return write('patched', actor, id, (current) => normalizeResource(applyPatch(current ?? {}, ops, GROUP_RESOURCE), GROUP_RESOURCE));
    },

    async remove(id: string, actor: Actor): Promise<void> {
      const now = deps.now();
      await deps.store.transaction(async (repos) => {
        const group = await repos.scim.findGroup(id);
        if (group === undefined) throw notFound(id);
        const members = ((await repos.scim.membersOf([id])).get(id) ?? []).map((m) => m.id);
        await repos.scim.deleteGroup(id);
        await resync(repos, members, now, actor);
        await repos.audit.append({ type: 'scim.group.deleted', at: now, details: { actor, groupId: id, displayName: group.displayName, membersRemoved: members.length } });
      });
    },
  };
}
