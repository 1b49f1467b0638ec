import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API } from '../../api/api';
import { AppError } from '../../errors/app-error';
import type { AccessGate } from '../http/access-gate';
import type { createAuthenticate, SessionAuth } from '../http/authenticate';
import type { BackendContext } from '../http/backend-context';
import { bodyOf, paramsOf, route } from '../http/route';
import {
  createApprovalRequest,
  decideApprovalRequest,
  markApprovalRequestSeen,
  pendingApprovalRequests,
  readOwnApprovalRequest,
} from './approval-store';
import { isTrustedDevice, listDevices, removeDevice, setDevicePublicKey } from './device-store';
import { checkDevicePublicKey } from './public-key';
import { recoveryApprovalPossible } from './recovery-store';
import { rotateVaultKey } from './rotation-store';

/**
 * Devices and approval requests (`/v1/devices*`). Every call needs a session that passed its
 * second factor; approving, denying and removing need a trusted device (one the vault holds a
 * wrapped data key for). Nothing here sees a key that opens the vault.
 */
export function registerDeviceRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, gate: AccessGate): void {
  const db = ctx.store.kysely;

  async function signedIn(req: FastifyRequest): Promise<SessionAuth> {
    const auth = await authenticate(req);
    await gate.requireSecondFactor(auth, req.ip);
    return auth;
  }

  async function trusted(req: FastifyRequest): Promise<SessionAuth & { deviceId: string }> {
    const auth = await signedIn(req);
    const deviceId = auth.session.deviceId;
    if (deviceId === null || !(await isTrustedDevice(db, auth.user.id, deviceId))) {
      throw new AppError('device_not_trusted', 'Only a device that can open your vault can do this.');
    }
    return { ...auth, deviceId };
  }

  route(app, API.devices.list, async (req) => {
    const { user, session } = await signedIn(req);
    const devices = await listDevices(db, user.id);
    return { devices: devices.map((d) => ({ ...d, current: d.id === session.deviceId })) };
  });

  route(app, API.devices.setPublicKey, async (req) => {
    const { user, session } = await signedIn(req);
    const { publicKey } = bodyOf(API.devices.setPublicKey, req);
    checkDevicePublicKey(publicKey, 'body.publicKey');
    if (session.deviceId === null || !(await setDevicePublicKey(db, user.id, session.deviceId, publicKey))) {
      throw new AppError('not_found', 'This session has no device record; sign in again.');
    }
    return { ok: true };
  });

  route(app, API.devices.remove, async (req) => {
    const { user, deviceId } = await trusted(req);
    const { id } = paramsOf(API.devices.remove, req);
    if (id === deviceId) throw new AppError('conflict', 'This is the device you are using; sign out instead.');
    await removeDevice(ctx.store, { userId: user.id, deviceId: id, byDeviceId: deviceId, at: ctx.now() });
    return { ok: true };
  });

  // Key rotation (after removing a device): one atomic change, see rotation-store.ts.
  route(app, API.vault.rotate, async (req) => {
    const { user, deviceId } = await trusted(req);
    const body = bodyOf(API.vault.rotate, req);
    return rotateVaultKey(ctx.store, { ...body, userId: user.id, byDeviceId: deviceId, at: ctx.now() });
  });

  route(app, API.devices.requestApproval, async (req) => {
    const { user, session } = await signedIn(req);
    const { publicKey } = bodyOf(API.devices.requestApproval, req);
    checkDevicePublicKey(publicKey, 'body.publicKey');
    const device = session.deviceId === null ? undefined : await ctx.store.devices.findById(session.deviceId);
    if (!device || device.userId !== user.id) throw new AppError('not_found', 'This session has no device record; sign in again.');
    if (await isTrustedDevice(db, user.id, device.id)) throw new AppError('conflict', 'This device can already open the vault.');
    if (!(await ctx.store.vault.get(user.id))) throw new AppError('vault_not_found', 'There is no vault to approve this device for yet.');
    await setDevicePublicKey(db, user.id, device.id, publicKey);
    const request = await createApprovalRequest(ctx.store, {
      userId: user.id,
      deviceId: device.id,
      deviceName: device.name,
      platform: device.platform,
      publicKey,
      ip: req.ip,
      at: ctx.now(),
    });
    // Who can answer: the user's trusted devices (names only), so the new device can say so.
    const approvers = (await listDevices(db, user.id)).filter((d) => d.trusted).map((d) => ({ name: d.name, platform: d.platform, lastSeenAt: d.lastSeenAt }));
    // The other ways in, so the device can say plainly when nobody is left to approve it.
    const masterPassword = (await ctx.store.vault.listKeys(user.id)).some((k) => k.passwordWrappedDataKey !== null);
    const recovery = await recoveryApprovalPossible(db, ctx.config, user);
    return { ...request, approvers, masterPassword, recovery };
  });

  route(app, API.devices.pendingApprovals, async (req) => {
    const { user } = await trusted(req);
    return { requests: await pendingApprovalRequests(db, user.id, ctx.now()) };
  });

  route(app, API.devices.approvalOutcome, async (req) => {
    const { user, session } = await signedIn(req);
    const { id } = paramsOf(API.devices.approvalOutcome, req);
    return readOwnApprovalRequest(db, { id, userId: user.id, deviceId: session.deviceId, at: ctx.now() });
  });

  route(app, API.devices.markApprovalSeen, async (req) => {
    const { user } = await trusted(req);
    const { id } = paramsOf(API.devices.markApprovalSeen, req);
    await markApprovalRequestSeen(db, { id, userId: user.id, at: ctx.now() });
    return { ok: true };
  });

  route(app, API.devices.approve, async (req) => {
    const { user, deviceId } = await trusted(req);
    const { id } = paramsOf(API.devices.approve, req);
    const { approval } = bodyOf(API.devices.approve, req);
    await decideApprovalRequest(ctx.store, { id, userId: user.id, byDeviceId: deviceId, at: ctx.now(), decision: 'approved', approval });
    return { ok: true };
  });

  route(app, API.devices.deny, async (req) => {
    const { user, deviceId } = await trusted(req);
    const { id } = paramsOf(API.devices.deny, req);
    const { reason } = bodyOf(API.devices.deny, req);
    await decideApprovalRequest(ctx.store, { id, userId: user.id, byDeviceId: deviceId, at: ctx.now(), decision: 'denied', reason });
    return { ok: true };
  });
}
