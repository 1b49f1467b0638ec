import type { GroupQuery, UserQuery } from '../store/repos/scim-repos';
import { invalidFilter, invalidValue } from './scim-error';
import { parseFilter, type Comparison } from './scim-path';
import { GROUP_RESOURCE, USER_RESOURCE } from './scim-schemas';

/** The most resources one list answer holds (ServiceProviderConfig filter.maxResults). */
export const MAX_RESULTS = 200;

export interface ListParams {
  readonly filter?: string | undefined;
  readonly startIndex?: string | undefined;
  readonly count?: string | undefined;
  readonly attributes?: string | undefined;
  readonly excludedAttributes?: string | undefined;
}

/** RFC 7644 §3.4.2.4: startIndex < 1 means 1; count < 0 means 0; more than we serve is capped. */
export function paging(p: ListParams): { startIndex: number; count: number } {
  const int = (v: string | undefined, name: string, fallback: number) => {
    if (v === undefined || v === '') return fallback;
    if (!/^-?\d{1,9}$/.test(v.trim())) throw invalidValue(`${name} must be an integer.`);
    return Number(v);
  };
  return { startIndex: Math.max(1, int(p.startIndex, 'startIndex', 1)), count: Math.min(MAX_RESULTS, Math.max(0, int(p.count, 'count', MAX_RESULTS))) };
}

/** A query that can match nothing (two different values for one attribute). */
export const NOTHING = Symbol('nothing');

function put<T extends object>(q: Partial<Record<keyof T, unknown>>, key: keyof T, value: unknown): boolean {
  if (q[key] !== undefined && q[key] !== value) return false;
  q[key] = value;
  return true;
}

function stringValue(c: Comparison): string {
  if (typeof c.value !== 'string') throw invalidFilter(`${c.path.attr} must be compared with a string.`);
  return c.value;
}

const isPlain = (c: Comparison, attr: string) => c.path.schema === null && c.path.filter === null && c.path.attr.toLowerCase() === attr.toLowerCase();

/**
 * The user filters real clients send, each an indexed lookup: `userName eq` (case-insensitive),
 * `externalId eq`, `id eq`, `emails[type eq "work"].value eq` / `emails.value eq` (the sign-in
 * email), `active eq`, joined with `and`.
 */
export function userQueryFrom(filter: string | undefined): UserQuery | typeof NOTHING {
  if (filter === undefined) return {};
  const q: Partial<Record<keyof UserQuery, unknown>> = {};
  for (const c of parseFilter(filter, USER_RESOURCE)) {
    let ok: boolean;
    const emailPath = c.path.schema === null && c.path.attr.toLowerCase() === 'emails';
    if (isPlain(c, 'userName') && c.path.sub === null && c.op === 'eq') ok = put<UserQuery>(q, 'userName', stringValue(c).toLowerCase());
    else if (isPlain(c, 'externalId') && c.path.sub === null && c.op === 'eq') ok = put<UserQuery>(q, 'externalId', stringValue(c));
    else if (isPlain(c, 'id') && c.path.sub === null && c.op === 'eq') ok = put<UserQuery>(q, 'id', stringValue(c));
    else if (isPlain(c, 'active') && c.path.sub === null && c.op === 'eq' && typeof c.value === 'boolean') ok = put<UserQuery>(q, 'active', c.value);
    else if (emailPath && c.op === 'eq' && (c.path.sub === null || c.path.sub.toLowerCase() === 'value') && emailFilterOk(c.path.filter)) {
      ok = put<UserQuery>(q, 'email', stringValue(c).toLowerCase());
    } else if (emailPath && c.op === 'present' && c.path.filter !== null) {
      const value = c.path.filter.find((f) => f.path.attr.toLowerCase() === 'value');
      if (value === undefined || !emailFilterOk(c.path.filter.filter((f) => f !== value))) throw unsupported(filter);
      ok = put<UserQuery>(q, 'email', stringValue(value).toLowerCase());
    } else {
      throw unsupported(filter);
    }
    if (!ok) return NOTHING;
  }
  return q as UserQuery;
}

/** Inside `emails[…]`: only `type eq "…"` / `primary eq true` qualify which email is meant. */
function emailFilterOk(filter: readonly Comparison[] | null): boolean {
  return (filter ?? []).every((f) => f.op === 'eq' && f.path.sub === null && ['type', 'primary'].includes(f.path.attr.toLowerCase()));
}

function unsupported(filter: string) {
  return invalidFilter(
    `Unsupported filter "${filter.slice(0, 200)}": supported are eq on userName, externalId, id, active and emails (e.g. emails[type eq "work"].value), joined with and.`,
  );
}

/** Group filters: `displayName eq` (case-insensitive), `externalId eq`, `id eq`, `members eq` / `members.value eq`, joined with `and`. */
export function groupQueryFrom(filter: string | undefined): GroupQuery | typeof NOTHING {
  if (filter === undefined) return {};
  const q: Partial<Record<keyof GroupQuery, unknown>> = {};
  for (const c of parseFilter(filter, GROUP_RESOURCE)) {
    let ok: boolean;
    const membersPath = c.path.schema === null && c.path.attr.toLowerCase() === 'members';
    if (isPlain(c, 'displayName') && c.path.sub === null && c.op === 'eq') ok = put<GroupQuery>(q, 'displayName', stringValue(c).toLowerCase());
    else if (isPlain(c, 'externalId') && c.path.sub === null && c.op === 'eq') ok = put<GroupQuery>(q, 'externalId', stringValue(c));
    else if (isPlain(c, 'id') && c.path.sub === null && c.op === 'eq') ok = put<GroupQuery>(q, 'id', stringValue(c));
    else if (membersPath && c.op === 'eq' && c.path.filter === null && (c.path.sub === null || c.path.sub.toLowerCase() === 'value')) ok = put<GroupQuery>(q, 'memberId', stringValue(c));
    else if (membersPath && c.op === 'present' && c.path.filter?.length === 1 && c.path.filter[0]?.path.attr.toLowerCase() === 'value') {
      ok = put<GroupQuery>(q, 'memberId', stringValue(c.path.filter[0]));
    } else {
      throw invalidFilter(`Unsupported filter "${filter.slice(0, 200)}": supported are eq on displayName, externalId, id and members, joined with and.`);
    }
    if (!ok) return NOTHING;
  }
  return q as GroupQuery;
}
