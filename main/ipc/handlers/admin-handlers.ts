import type { AdminChannel, AdminEventFilter, AdminUserAction } from '../../../preload/channels/admin-channels';
import type { HandlerTable } from '../../../preload/contract';
import { approvalPrompt, recoveryView } from '../../devices/account-recovery';
import type { RuntimeServices } from '../runtime-services';

const ACTION_PATHS: Readonly<Record<AdminUserAction, string>> = {
  deactivate: 'deactivate',
  reactivate: 'activate',
  reset_second_factor: 'reset-second-factor',
};

/** Query string of the set values only. */
function query(values: Readonly<Record<string, string | number | null | undefined>>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

const eventQuery = (f: AdminEventFilter) => ({ type: f.type, user: f.user, outcome: f.outcome, from: f.from, to: f.to });

/**
 * The admin area relays to the backend with the signed-in person's session: the backend alone
 * decides what this person may see and do (role grant, scope, second factor). Main adds nothing
 * and keeps nothing.
 */
export function adminHandlers(s: RuntimeServices): Pick<HandlerTable, AdminChannel> {
  const token = () => s.sessions.active().token;
  const get = <T>(path: string) => s.backend.call<T>('GET', path, token());
  const userPath = (id: string) => `/v1/admin/users/${encodeURIComponent(id)}`;
  return {
    adminScope: () => get('/v1/admin/me'),
    adminRollout: () => get('/v1/admin/rollout'),
    adminStuck: (r) => get(`/v1/admin/rollout/stuck${query(r)}`),
    adminListUsers: ({ filter, offset, limit }) => get(`/v1/admin/users${query({ ...filter, offset, limit })}`),
    adminGetUser: ({ id }) => get(userPath(id)),
    adminUserAction: ({ id, action }) => s.backend.call('POST', `${userPath(id)}/${ACTION_PATHS[action]}`, token(), {}),
    adminPlaceUser: ({ id, node, role }) =>
      s.backend.call('PATCH', userPath(id), token(), { ...(node === null ? {} : { node }), ...(role === null ? {} : { role }) }),
    adminRemoveDevice: ({ id, deviceId }) => s.backend.call('DELETE', `${userPath(id)}/devices/${encodeURIComponent(deviceId)}`, token()),
    adminListEvents: ({ filter, before, limit }) => get(`/v1/admin/events${query({ ...eventQuery(filter), before, limit })}`),
    async adminExportEvents({ filter }) {
      const csv = await s.backend.text(`/v1/admin/events.csv${query(eventQuery(filter))}`, token());
      return { fileName: 'keyhaven-audit.csv', csv };
    },
    adminConnections: () => get('/v1/admin/connections'),
    async adminSpMetadata({ connectionId }) {
      const xml = await s.backend.text(`/sso/saml/${encodeURIComponent(connectionId)}/metadata`, token());
      return { fileName: `${connectionId}-sp-metadata.xml`, xml };
    },
    adminWebhooks: () => get('/v1/admin/webhooks'),
    adminRecovery: async () => recoveryView(await s.devices.recoveryAdmin.status(), s.devices.recoveryPin),
    adminRecoverySetUp: async () => {
      const active = s.sessions.active();
      return recoveryView(await s.devices.recoveryAdmin.setUp(active.vault, active.user.id), s.devices.recoveryPin);
    },
    adminRecoveryGrant: async ({ userId }) => recoveryView(await s.devices.recoveryAdmin.grant(s.sessions.active().vault, userId), s.devices.recoveryPin),
    adminApprovals: async () => ({ requests: (await s.devices.recoveryAdmin.requests()).map(approvalPrompt) }),
    adminAnswerApproval: ({ requestId, answer }) => s.devices.recoveryAdmin.answer(s.sessions.active().vault, requestId, answer),
    adminResetVault: async ({ id, confirmEmail }) => {
      const { records, purgeAfter } = await s.devices.recoveryAdmin.resetVault(id, confirmEmail);
      return { records, purgeAfter };
    },
    adminConfigCheck: () => get('/v1/admin/config'),
  };
}
