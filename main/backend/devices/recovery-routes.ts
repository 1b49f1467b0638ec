import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API } from '../../api/api';
import { AppError } from '../../errors/app-error';
import { createAdminAccess } from '../admin/admin-auth';
import type { AdminPrincipal } from '../admin/admin-scope';
import type { AccessGate } from '../http/access-gate';
import type { createAuthenticate } from '../http/authenticate';
import type { BackendContext } from '../http/backend-context';
import { bodyOf, paramsOf, route } from '../http/route';
import { pendingRequestForAdmin, pendingRequestsInScope, resetVault } from './admin-approval-store';
import { decideApprovalRequest } from './approval-store';
import { isTrustedDevice } from './device-store';
import { checkDevicePublicKey } from './public-key';
import {
  createRecoveryKey,
  enrolVaultForRecovery,
  grantRecoveryKey,
  myRecoveryGrant,
  recoveryAdmins,
  recoveryKey,
  recoveryRequired,
  requireRecoveryKey,
  vaultRecoveryOf,
} from './recovery-store';

/**
 * Account recovery (`/v1/recovery/key`, `/v1/vault/recovery`) and the administrator's side of
 * it (`/v1/admin/recovery*`, `/v1/admin/approvals*`, `/v1/admin/users/:id/reset-vault`). The
 * backend stores sealed envelopes only; approving needs an administrator's device holding the
 * recovery private key, so the admin token (automation) can list requests but not approve.
 */
export function registerRecoveryRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, gate: AccessGate): void {
  const db = ctx.store.kysely;
  const E = API.recovery;
  const access = createAdminAccess({ config: ctx.config, authenticate, gate });

  async function signedIn(req: FastifyRequest) {
    const auth = await authenticate(req);
    await gate.requireSecondFactor(auth, req.ip);
    return auth;
  }

  /** An administrator in person (not the admin token), on a device of their own. */
  async function adminInPerson(req: FastifyRequest): Promise<{ principal: AdminPrincipal & { actorUserId: string }; deviceId: string }> {
    const principal = await access(req, 'devices');
    if (principal.kind !== 'session' || principal.actorUserId === null) {
      throw new AppError('forbidden', 'Account recovery needs an administrator signed in on their own device; the admin token holds no key.');
    }
    const { session } = await authenticate(req);
    if (session.deviceId === null) throw new AppError('forbidden', 'This session has no device record; sign in again from the app.');
    return { principal: { ...principal, actorUserId: principal.actorUserId }, deviceId: session.deviceId };
  }

  route(app, E.key, async (req) => {
    await signedIn(req);
    const key = await requireRecoveryKey(db, ctx.config);
    return { publicKey: key.publicKey, fingerprint: key.fingerprint, pinned: key.pinned };
  });

  route(app, E.vaultStatus, async (req) => {
    const { user } = await signedIn(req);
    const enrolment = await vaultRecoveryOf(db, user.id);
    return { required: recoveryRequired(ctx.config, user.role), enrolled: enrolment !== null, fingerprint: enrolment?.fingerprint ?? null };
  });

  route(app, E.enrolVault, async (req) => {
    const { user, session } = await signedIn(req);
    if (!(await isTrustedDevice(db, user.id, session.deviceId))) throw new AppError('device_not_trusted', 'Only a device that can open your vault can enrol it for recovery.');
    const body = bodyOf(E.enrolVault, req);
    await enrolVaultForRecovery(ctx.store, ctx.config, { userId: user.id, ...body, at: ctx.now() });
    return { ok: true };
  });

  route(app, E.adminStatus, async (req) => {
    const { principal } = await adminInPerson(req);
    const key = await recoveryKey(db, ctx.config);
    return {
      key,
      myGrant: key === null ? null : await myRecoveryGrant(db, principal.actorUserId, key.fingerprint),
      me: principal.actorUserId,
      admins: await recoveryAdmins(db, ctx.config),
    };
  });

  route(app, E.createKey, async (req) => {
    const { principal } = await adminInPerson(req);
    const body = bodyOf(E.createKey, req);
    checkDevicePublicKey(body.publicKey, 'body.publicKey');
    const key = await createRecoveryKey(ctx.store, ctx.config, { ...body, admin: principal, at: ctx.now() });
    return key;
  });

  route(app, E.grant, async (req) => {
    const { principal } = await adminInPerson(req);
    const body = bodyOf(E.grant, req);
    await grantRecoveryKey(ctx.store, ctx.config, { toUserId: body.userId, wrappedPrivateKey: body.wrappedPrivateKey, admin: principal, at: ctx.now() });
    return { admins: await recoveryAdmins(db, ctx.config) };
  });

  route(app, E.approvals, async (req) => {
    const principal = await access(req, 'devices');
    return { requests: await pendingRequestsInScope(db, principal, ctx.now()) };
  });

  route(app, E.approval, async (req) => {
    const { principal } = await adminInPerson(req);
    const { id } = paramsOf(E.approval, req);
    const request = await pendingRequestForAdmin(db, principal, id, ctx.now());
    if (request.recovery === null) throw new AppError('recovery_not_enrolled', `The vault of ${request.email} is not enrolled for account recovery; an administrator cannot approve this device.`);
    const key = await requireRecoveryKey(db, ctx.config);
    if (request.recovery.fingerprint !== key.fingerprint) throw new AppError('recovery_not_enrolled', `The vault of ${request.email} is enrolled to an earlier recovery key.`);
    const myGrant = await myRecoveryGrant(db, principal.actorUserId, key.fingerprint);
    if (myGrant === null) throw new AppError('recovery_key_not_granted', 'You hold no copy of the recovery key yet; an administrator who holds it can give you one in Approvals.');
    return { request: { ...request, recovery: undefined }, key: { publicKey: key.publicKey, fingerprint: key.fingerprint }, recoveryWrappedDataKey: request.recovery.wrappedDataKey, myGrant };
  });

  route(app, E.approve, async (req) => {
    const { principal, deviceId } = await adminInPerson(req);
    const { id } = paramsOf(E.approve, req);
    const { approval } = bodyOf(E.approve, req);
    const request = await pendingRequestForAdmin(db, principal, id, ctx.now());
    const admin = { userId: principal.actorUserId, actor: principal.actor, userEmail: request.email };
    await decideApprovalRequest(ctx.store, { id, userId: request.userId, byDeviceId: deviceId, at: ctx.now(), admin, decision: 'approved', approval });
    return { ok: true };
  });

  route(app, E.deny, async (req) => {
    const { principal, deviceId } = await adminInPerson(req);
    const { id } = paramsOf(E.deny, req);
    const { reason } = bodyOf(E.deny, req);
    const request = await pendingRequestForAdmin(db, principal, id, ctx.now());
    const admin = { userId: principal.actorUserId, actor: principal.actor, userEmail: request.email };
    await decideApprovalRequest(ctx.store, { id, userId: request.userId, byDeviceId: deviceId, at: ctx.now(), admin, decision: 'denied', reason });
    return { ok: true };
  });

  route(app, E.resetVault, async (req) => {
    const principal = await access(req, 'devices');
    const { id } = paramsOf(E.resetVault, req);
    const { confirmEmail } = bodyOf(E.resetVault, req);
    return resetVault(ctx.store, { userId: id, confirmEmail, principal, at: ctx.now() });
  });
}
