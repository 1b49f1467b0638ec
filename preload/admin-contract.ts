/**
 * The admin area's channels (merged into `Channels` in contract.ts). Wire shapes are the
 * backend's own types, defined once in main/backend/admin/.
 */
import type { AdminPermission } from '../main/policy/enforcement-policy';
import type { AdminEvent } from '../main/backend/admin/admin-events-query';
import type { AdminUserRow, UserSource } from '../main/backend/admin/admin-users-query';
import type { ConnectionView } from '../main/backend/admin/connections-view';
import type { RolloutNode, Funnel, StuckPerson } from '../main/backend/admin/rollout-query';
import type { RolloutStage } from '../main/backend/admin/user-facts';
import type { DeviceView } from '../main/backend/devices/device-store';
import type { UserStatus } from '../main/backend/store/store';

export type { AdminEvent, AdminPermission, AdminUserRow, ConnectionView, DeviceView, Funnel, RolloutNode, RolloutStage, StuckPerson, UserSource, UserStatus };

export interface AdminScope {
  readonly actor: string;
  /** The node the role administers (with its descendants); null = every node (admin token). */
  readonly scope: string | null;
  readonly nodes: readonly string[];
  readonly permissions: readonly AdminPermission[];
  /** Every role of the tenant, for "change role". */
  readonly roles: readonly string[];
}

export interface AdminUserFilter {
  readonly q: string;
  readonly status: UserStatus | null;
  readonly node: string | null;
  readonly stage: RolloutStage | null;
}

export interface AdminEventFilter {
  readonly type: string | null;
  /** A user id or an email. */
  readonly user: string | null;
  readonly outcome: 'success' | 'failure' | null;
  /** ISO dates (inclusive from, exclusive to). */
  readonly from: string | null;
  readonly to: string | null;
}

export interface AdminUserPage {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly users: readonly AdminUserRow[];
}

export interface AdminUserDetail {
  readonly user: AdminUserRow;
  readonly devices: readonly DeviceView[];
  /** Null when the role lacks the audit permission. */
  readonly recentEvents: readonly AdminEvent[] | null;
}

export type AdminUserAction = 'deactivate' | 'reactivate' | 'reset_second_factor';

export interface AdminChannels {
  adminScope: { request: Record<string, never>; result: AdminScope };
  adminRollout: { request: Record<string, never>; result: { readonly total: Funnel; readonly nodes: readonly RolloutNode[] } };
  adminStuck: {
    request: { stage: Exclude<RolloutStage, 'finished'> | null; node: string | null; offset: number; limit: number };
    result: { readonly total: number; readonly people: readonly StuckPerson[] };
  };
  adminListUsers: { request: { filter: AdminUserFilter; offset: number; limit: number }; result: AdminUserPage };
  adminGetUser: { request: { id: string }; result: AdminUserDetail };
  adminUserAction: { request: { id: string; action: AdminUserAction }; result: AdminUserRow };
  adminPlaceUser: { request: { id: string; node: string | null; role: string | null }; result: AdminUserRow };
  adminRemoveDevice: { request: { id: string; deviceId: string }; result: { readonly devices: readonly DeviceView[] } };
  adminListEvents: {
    request: { filter: AdminEventFilter; before: number | null; limit: number };
    result: { readonly events: readonly AdminEvent[]; readonly nextBefore: number | null };
  };
  /** The filtered audit log as CSV text, for the page to save. */
  adminExportEvents: { request: { filter: AdminEventFilter }; result: { readonly fileName: string; readonly csv: string } };
  adminConnections: { request: Record<string, never>; result: { readonly connections: readonly ConnectionView[] } };
}

export const ADMIN_CHANNELS = [
  'adminScope',
  'adminRollout',
  'adminStuck',
  'adminListUsers',
  'adminGetUser',
  'adminUserAction',
  'adminPlaceUser',
  'adminRemoveDevice',
  'adminListEvents',
  'adminExportEvents',
  'adminConnections',
] as const satisfies readonly (keyof AdminChannels)[];
