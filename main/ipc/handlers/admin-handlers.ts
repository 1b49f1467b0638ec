import type { AdminChannel, AdminEventFilter, AdminUserAction } from '../../../preload/channels/admin-channels';
import type { HandlerTable } from '../../../preload/contract';
import { API } from '../../api/api';
import { approvalPrompt, recoveryView } from '../../devices/account-recovery';
import type { RuntimeServices } from '../runtime-services';

const E = API.admin;

const ACTIONS = {
  deactivate: E.deactivate,
  reactivate: E.activate,
  reset_second_factor: E.resetSecondFactor,
} as const satisfies Readonly<Record<AdminUserAction, unknown>>;

const eventQuery = (f: AdminEventFilter) => ({ type: f.type, user: f.user, outcome: f.outcome, from: f.from, to: f.to });

/**
 * The admin area relays to the backend with the signed-in person's session: the backend alone
 * decides what this person may see and do (role grant, scope, second factor). Main adds nothing
 * and keeps nothing.
 */
export function adminHandlers(s: RuntimeServices): Pick<HandlerTable, AdminChannel> {
  const token = () => s.sessions.active().token;
  return {
    adminScope: () => s.backend.call(E.me, { token: token() }),
    adminRollout: () => s.backend.call(E.rollout, { token: token() }),
    adminStuck: (r) => s.backend.call(E.stuck, { token: token(), query: r }),
    adminListUsers: ({ filter, offset, limit }) => s.backend.call(E.users, { token: token(), query: { ...filter, offset, limit } }),
    adminGetUser: ({ id }) => s.backend.call(E.user, { token: token(), params: { id } }),
    adminUserAction: ({ id, action }) => s.backend.call(ACTIONS[action], { token: token(), params: { id } }),
    adminPlaceUser: ({ id, node, role }) =>
      s.backend.call(E.placeUser, { token: token(), params: { id }, body: { ...(node === null ? {} : { node }), ...(role === null ? {} : { role }) } }),
    adminRemoveDevice: ({ id, deviceId }) => s.backend.call(E.removeDevice, { token: token(), params: { id, deviceId } }),
    adminListEvents: ({ filter, before, limit }) => s.backend.call(E.events, { token: token(), query: { ...eventQuery(filter), before, limit } }),
    async adminExportEvents({ filter }) {
      const csv = await s.backend.call(E.eventsCsv, { token: token(), query: eventQuery(filter) });
      return { fileName: 'keyhaven-audit.csv', csv };
    },
    adminConnections: () => s.backend.call(E.connections, { token: token() }),
    async adminSpMetadata({ connectionId }) {
      const xml = await s.backend.call(API.sso.spMetadata, { params: { id: connectionId } });
      return { fileName: `${connectionId}-sp-metadata.xml`, xml };
    },
    adminTestSignIn: ({ connectionId }) => s.connectionTests.start(connectionId, token()),
    adminTestSignInResult: ({ testId }) => s.connectionTests.result(testId),
    adminTestSignInCancel: async ({ testId }) => {
      await s.connectionTests.cancel(testId);
      return { cancelled: true };
    },
    adminWebhooks: () => s.backend.call(E.webhooks, { token: token() }),
    adminSyslog: () => s.backend.call(E.syslog, { token: token() }),
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
    adminConfigCheck: () => s.backend.call(E.config, { token: token() }),
  };
}
