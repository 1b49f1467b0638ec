import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import type { AccessGate } from '../http/access-gate';
import type { createAuthenticate, SessionAuth } from '../http/authenticate';
import type { BackendContext } from '../http/backend-context';
import { parseInput } from '../http/parse-input';
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

const idParams = z.object({ id: z.string().min(1).max(128).regex(/^[\w.:-]+$/) }).strict();
const publicKeyBody = z.object({ publicKey: z.string().min(1).max(512) }).strict();
// The approval is the data key wrapped to the request's public key (main/vault/crypto/device-approval.ts).
const approveBody = z.object({ approval: z.string().min(1).max(2048).regex(/^[\x20-\x7e]+$/) }).strict();
const denyBody = z.object({ reason: z.enum(['denied', 'wrong_phrase']).default('denied') }).strict();
const envelopeText = (max: number) => z.string().min(1).max(max).regex(/^[\x20-\x7e]+$/);
const MAX_ROTATED_RECORDS = 100_000;
const rotateBody = z
  .object({
    fromRevision: z.number().int().min(0),
    recordKeys: z.array(z.object({ id: z.string().min(1).max(128), wrappedKey: envelopeText(512) }).strict()).max(MAX_ROTATED_RECORDS),
    deviceKeys: z.array(z.object({ deviceId: z.string().min(1).max(128), wrappedDataKey: envelopeText(2048) }).strict()).min(1).max(1_000),
    wrappedPrivateKey: envelopeText(8192),
    passwordWrappedDataKey: envelopeText(4096).nullable(),
    recoveryWrappedDataKey: envelopeText(2048).optional(),
  })
  .strict();

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

  app.get('/v1/devices', async (req) => {
    const { user, session } = await signedIn(req);
    const devices = await listDevices(db, user.id);
    return { devices: devices.map((d) => ({ ...d, current: d.id === session.deviceId })) };
  });

  app.put('/v1/devices/current/public-key', async (req) => {
    const { user, session } = await signedIn(req);
    const { publicKey } = parseInput(publicKeyBody, req.body, 'body');
    checkDevicePublicKey(publicKey, 'body.publicKey');
    if (session.deviceId === null || !(await setDevicePublicKey(db, user.id, session.deviceId, publicKey))) {
      throw new AppError('not_found', 'This session has no device record; sign in again.');
    }
    return { ok: true };
  });

  app.delete('/v1/devices/:id', async (req) => {
    const { user, deviceId } = await trusted(req);
    const { id } = parseInput(idParams, req.params, 'path');
    if (id === deviceId) throw new AppError('conflict', 'This is the device you are using; sign out instead.');
    await removeDevice(db, { userId: user.id, deviceId: id, byDeviceId: deviceId, at: ctx.now() });
    return { ok: true };
  });

  // Key rotation (after removing a device): one atomic change, see rotation-store.ts.
  app.post('/v1/vault/rotate', { bodyLimit: 64 * 1024 * 1024 }, async (req) => {
    const { user, deviceId } = await trusted(req);
    const body = parseInput(rotateBody, req.body, 'body');
    return rotateVaultKey(db, { ...body, userId: user.id, byDeviceId: deviceId, at: ctx.now() });
  });

  app.post('/v1/devices/approval-requests', async (req, reply) => {
    const { user, session } = await signedIn(req);
    const { publicKey } = parseInput(publicKeyBody, req.body, 'body');
    checkDevicePublicKey(publicKey, 'body.publicKey');
    const device = session.deviceId === null ? undefined : await ctx.store.devices.findById(session.deviceId);
    if (!device || device.userId !== user.id) throw new AppError('not_found', 'This session has no device record; sign in again.');
    if (await isTrustedDevice(db, user.id, device.id)) throw new AppError('conflict', 'This device can already open the vault.');
    if (!(await ctx.store.vault.get(user.id))) throw new AppError('vault_not_found', 'There is no vault to approve this device for yet.');
    await setDevicePublicKey(db, user.id, device.id, publicKey);
    const request = await createApprovalRequest(db, {
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
    return reply.status(201).send({ ...request, approvers, masterPassword, recovery });
  });

  app.get('/v1/devices/approval-requests', async (req) => {
    const { user } = await trusted(req);
    return { requests: await pendingApprovalRequests(db, user.id, ctx.now()) };
  });

  app.get('/v1/devices/approval-requests/:id', async (req) => {
    const { user, session } = await signedIn(req);
    const { id } = parseInput(idParams, req.params, 'path');
    return readOwnApprovalRequest(db, { id, userId: user.id, deviceId: session.deviceId, at: ctx.now() });
  });

  app.post('/v1/devices/approval-requests/:id/seen', async (req) => {
    const { user } = await trusted(req);
    const { id } = parseInput(idParams, req.params, 'path');
    await markApprovalRequestSeen(db, { id, userId: user.id, at: ctx.now() });
    return { ok: true };
  });

  app.post('/v1/devices/approval-requests/:id/approve', async (req) => {
    const { user, deviceId } = await trusted(req);
    const { id } = parseInput(idParams, req.params, 'path');
    const { approval } = parseInput(approveBody, req.body, 'body');
    await decideApprovalRequest(db, { id, userId: user.id, byDeviceId: deviceId, at: ctx.now(), decision: 'approved', approval });
    return { ok: true };
  });

  app.post('/v1/devices/approval-requests/:id/deny', async (req) => {
    const { user, deviceId } = await trusted(req);
    const { id } = parseInput(idParams, req.params, 'path');
    const { reason } = parseInput(denyBody, req.body, 'body');
    await decideApprovalRequest(db, { id, userId: user.id, byDeviceId: deviceId, at: ctx.now(), decision: 'denied', reason });
    return { ok: true };
  });
}
