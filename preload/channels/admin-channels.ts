import { z } from 'zod';
import type { AdminPermission } from '../../main/policy/enforcement-policy';
import type { AdminEvent } from '../../main/backend/admin/admin-events-query';
import type { AdminUserRow } from '../../main/backend/admin/admin-users-query';
import type { ConnectionView } from '../../main/backend/admin/connections-view';
import type { ConfigFileCheck } from '../../main/backend/admin/config-file-check';
import type { RolloutNode, Funnel, StuckPerson } from '../../main/backend/admin/rollout-query';
import type { RolloutStage } from '../../main/backend/admin/user-facts';
import type { DeviceView } from '../../main/backend/devices/device-store';
import type { UserStatus } from '../../main/backend/store/store';
import type { WebhookStatusView } from '../../main/backend/webhooks/webhook-status';
import type { ConnectionTestReport } from '../../main/backend/admin/connection-test-report';
import type { SyslogStatusView } from '../../main/backend/syslog/syslog-status';
import { channel, id, none, typed, type Wire } from './wire';

/**
 * The admin area's channels. Requests are untrusted input like every other channel's, strict;
 * results are the backend's own types, defined once in main/backend/admin/.
 */

export type { AdminEvent, AdminPermission, AdminUserRow, ConnectionView, DeviceView, Funnel, RolloutNode, RolloutStage, StuckPerson, SyslogStatusView, UserStatus, WebhookStatusView };

export interface AdminScope {
  readonly actor: string;
  /** The node the role administers (with its descendants); null = every node (admin token). */
  readonly scope: string | null;
  readonly nodes: readonly string[];
  readonly permissions: readonly AdminPermission[];
  /** Every role of the tenant, for "change role". */
  readonly roles: readonly string[];
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

/** A test sign-in that has opened the identity provider's page. */
export interface StartedConnectionTest {
  readonly testId: string;
  readonly protocol: 'saml' | 'oidc';
  readonly authorizationUrl: string;
  readonly expiresAt: string;
  /** Whether the system browser opened the page ('unknown' in the web host: the page shows the link). */
  readonly browser: 'opened' | 'failed' | 'unknown';
}

const USER_ACTIONS = ['deactivate', 'reactivate', 'reset_second_factor'] as const;
export type AdminUserAction = (typeof USER_ACTIONS)[number];

/** Account recovery as Approvals shows it (no envelope reaches the renderer). */
export interface AdminRecoveryView {
  /** The recovery key's fingerprint (64 hex digits) and the tenant config's pin; null before set-up. */
  readonly key: { readonly fingerprint: string; readonly pinned: string | null; readonly createdAt: string } | null;
  /** managed.json's pin on this computer, if any. */
  readonly managedPin: string | null;
  /** This administrator holds a sealed copy of the recovery private key. */
  readonly holdsKey: boolean;
  /** This administrator's key phrase (their user public key + e-mail), for another to compare before giving the key. */
  readonly myPhrase: string | null;
  readonly admins: readonly {
    readonly userId: string;
    readonly email: string;
    readonly granted: boolean;
    /** The phrase of their user public key; null before they made a vault. */
    readonly phrase: string | null;
    readonly me: boolean;
  }[];
}

/** A pending device approval request of a person in scope, with four phrases to pick from. */
export interface AdminApprovalPrompt {
  readonly requestId: string;
  readonly email: string;
  readonly node: string;
  readonly deviceName: string;
  readonly platform: string;
  readonly ip: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly recoveryEnrolled: boolean;
  readonly candidates: readonly string[];
}

const name = z.string().trim().min(1).max(200);
const stage = z.enum(['sign_in', 'vault', 'onboarding', 'second_factor', 'finished']);
const isoDate = z.string().datetime({ offset: true });
const page = { offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(200) };

const userFilter = z
  .object({ q: z.string().max(320), status: z.enum(['invited', 'active', 'deactivated']).nullable(), node: name.nullable(), stage: stage.nullable() })
  .strict();
export type AdminUserFilter = Wire<z.infer<typeof userFilter>>;

const eventFilter = z
  .object({
    type: z.string().max(64).nullable(),
    /** A user id or an email. */
    user: z.string().trim().max(320).nullable(),
    outcome: z.enum(['success', 'failure']).nullable(),
    /** ISO dates (inclusive from, exclusive to). */
    from: isoDate.nullable(),
    to: isoDate.nullable(),
  })
  .strict();
export type AdminEventFilter = Wire<z.infer<typeof eventFilter>>;

export const ADMIN_CHANNELS = {
  adminScope: channel(none, typed<AdminScope>()),
  adminRollout: channel(none, typed<{ readonly total: Funnel; readonly nodes: readonly RolloutNode[] }>()),
  adminStuck: channel(
    z.object({ stage: stage.exclude(['finished']).nullable(), node: name.nullable(), ...page }).strict(),
    typed<{ readonly total: number; readonly people: readonly StuckPerson[] }>(),
  ),
  adminListUsers: channel(z.object({ filter: userFilter, ...page }).strict(), typed<AdminUserPage>()),
  adminGetUser: channel(z.object({ id }).strict(), typed<AdminUserDetail>()),
  adminUserAction: channel(z.object({ id, action: z.enum(USER_ACTIONS) }).strict(), typed<AdminUserRow>()),
  adminPlaceUser: channel(z.object({ id, node: name.nullable(), role: name.nullable() }).strict(), typed<AdminUserRow>()),
  adminRemoveDevice: channel(z.object({ id, deviceId: id }).strict(), typed<{ readonly devices: readonly DeviceView[] }>()),
  adminListEvents: channel(
    z.object({ filter: eventFilter, before: z.number().int().min(1).nullable(), limit: z.number().int().min(1).max(1000) }).strict(),
    typed<{ readonly events: readonly AdminEvent[]; readonly nextBefore: number | null }>(),
  ),
  /** The filtered audit log as CSV text, for the page to save. */
  adminExportEvents: channel(z.object({ filter: eventFilter }).strict(), typed<{ readonly fileName: string; readonly csv: string }>()),
  adminConnections: channel(none, typed<{ readonly connections: readonly ConnectionView[] }>()),
  /** A SAML connection's SP metadata XML, for the page to save. */
  adminSpMetadata: channel(z.object({ connectionId: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(), typed<{ readonly fileName: string; readonly xml: string }>()),
  /** "Test sign-in": a test of the connection in the system browser, with this administrator's session; signs nobody in. */
  adminTestSignIn: channel(z.object({ connectionId: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(), typed<StartedConnectionTest>()),
  /** The test's report (what the IdP sent, each check's result), once the IdP answered. */
  adminTestSignInResult: channel(z.object({ testId: id }).strict(), typed<ConnectionTestReport>()),
  adminTestSignInCancel: channel(z.object({ testId: id }).strict(), typed<{ readonly cancelled: true }>()),
  /** The tenant file on disk, checked as a restart would check it. */
  adminConfigCheck: channel(none, typed<ConfigFileCheck>()),
  /** Delivery status of each webhook of the tenant file. */
  adminWebhooks: channel(none, typed<{ readonly webhooks: readonly WebhookStatusView[] }>()),
  /** Delivery status of each syslog collector of the tenant file. */
  adminSyslog: channel(none, typed<{ readonly syslog: readonly SyslogStatusView[] }>()),
  adminRecovery: channel(none, typed<AdminRecoveryView>()),
  /** The first administrator makes the organisation's recovery key on this device. */
  adminRecoverySetUp: channel(none, typed<AdminRecoveryView>()),
  adminRecoveryGrant: channel(z.object({ userId: id }).strict(), typed<AdminRecoveryView>()),
  adminApprovals: channel(none, typed<{ readonly requests: readonly AdminApprovalPrompt[] }>()),
  adminAnswerApproval: channel(
    z
      .object({
        requestId: id,
        answer: z.discriminatedUnion('kind', [z.object({ kind: z.literal('pick'), phrase: z.string().min(1).max(200) }).strict(), z.object({ kind: z.literal('deny') }).strict()]),
      })
      .strict(),
    typed<{ readonly outcome: 'approved' | 'wrong_phrase' | 'denied' }>(),
  ),
  /** "Reset this user's vault": confirmed by typing the person's e-mail; the old ciphertext is archived. */
  adminResetVault: channel(z.object({ id, confirmEmail: z.string().trim().min(1).max(320) }).strict(), typed<{ readonly records: number; readonly purgeAfter: string }>()),
};

/** The admin area's channel names, for the renderer's admin slice. */
export type AdminChannel = keyof typeof ADMIN_CHANNELS;
