import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { API } from '../../../api/api';
import { deviceKeyBody, vaultKeysBody } from '../../../api/endpoints/vault';
import { AppError } from '../../../errors/app-error';
import { DEFAULT_POLICY } from '../../../policy/enforcement-policy';
import { findRole } from '../../config/tenant-config';
import type { createAuthenticate } from '../authenticate';
import type { AccessGate } from '../access-gate';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';
import { bodyOf, queryOf, route } from '../route';
import type { VaultKeysRow } from '../../store/store';
import { replacePasswordKey } from '../../vault/password-key-store';

/** A sign-in this recent counts as re-authentication for an export. */
const REAUTH_WINDOW_MS = 5 * 60_000;

const toKeysRow = (b: z.output<typeof vaultKeysBody>) => ({
  deviceId: b.deviceId,
  wrappedDataKey: b.wrappedDataKey,
  passwordWrappedDataKey: b.passwordWrappedDataKey ?? null,
  publicKey: b.publicKey,
  wrappedPrivateKey: b.wrappedPrivateKey,
});

/**
 * A session writes only its own device's key row: a row filed under another device id would
 * replace (and so brick) that device's wrapped data key.
 */
function assertOwnDevice(sessionDeviceId: string | null, deviceId: string): void {
  if (sessionDeviceId === null || sessionDeviceId !== deviceId) {
    throw new AppError('forbidden', 'A device may store only its own key; sign in on the other device to add its key.');
  }
}

/**
 * Every vault call first needs the session's second factor (where the user has one). Reading
 * records also waits for the role's required onboarding steps: until then the app may create the
 * vault and write into it (an import during onboarding) but gets no records back.
 */
const E = API.vault;

export function registerVaultRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, gate: AccessGate): void {
  route(app, E.get, async (req) => {
    const auth = await authenticate(req);
    const { user, session } = auth;
    const access = await gate.requireSecondFactor(auth, req.ip);
    const { since } = queryOf(E.get, req);
    const vault = await ctx.store.vault.get(user.id);
    if (!vault) return { exists: false, revision: 0, keys: null, records: [] };
    let keys: (Omit<VaultKeysRow, 'wrappedDataKey'> & { wrappedDataKey: string | null }) | undefined =
      session.deviceId === null ? undefined : await ctx.store.vault.keysFor(user.id, session.deviceId);
    if (keys === undefined && session.deviceId !== null) {
      // A device with no key of its own yet: it gets the user's keys without a device-wrapped data
      // key, so it can unlock with the master password (if any) and then register its own key.
      const any = (await ctx.store.vault.listKeys(user.id))[0];
      if (any) keys = { ...any, deviceId: session.deviceId, wrappedDataKey: null };
    }
    const records = gate.mayReadVault(access) ? await ctx.store.vault.records(user.id, since) : [];
    return { exists: true, revision: vault.revision, keys: keys ?? null, records };
  });

  route(app, E.create, async (req) => {
    const auth = await authenticate(req);
    const { user } = auth;
    await gate.requireSecondFactor(auth, req.ip);
    const body = bodyOf(E.create, req);
    assertOwnDevice(auth.session.deviceId, body.deviceId);
    const created = await ctx.store.vault.create(user.id, toKeysRow(body), ctx.now());
    if (!created) throw new AppError('vault_exists', 'This account already has a vault.');
    await ctx.store.audit.append({ type: 'vault.created', at: ctx.now(), userId: user.id, details: { deviceId: body.deviceId } });
    return { exists: true, revision: 0 };
  });

  route(app, E.registerDeviceKey, async (req) => {
    const auth = await authenticate(req);
    const { user } = auth;
    await gate.requireSecondFactor(auth, req.ip);
    const full = vaultKeysBody.safeParse(req.body);
    let row: VaultKeysRow;
    if (full.success) row = toKeysRow(full.data);
    else {
      const short = parseInput(deviceKeyBody, req.body, 'body');
      const existing = (await ctx.store.vault.listKeys(user.id))[0];
      if (!existing) throw new AppError('vault_not_found', 'There is no vault yet.');
      row = { ...existing, deviceId: short.deviceId, wrappedDataKey: short.wrappedDataKey };
    }
    assertOwnDevice(auth.session.deviceId, row.deviceId);
    if (!(await ctx.store.vault.putKeys(user.id, row, ctx.now()))) throw new AppError('vault_not_found', 'There is no vault yet.');
    await ctx.store.audit.append({ type: 'vault.device_key_added', at: ctx.now(), userId: user.id, details: { deviceId: row.deviceId } });
    return { ok: true };
  });

  // A new master password: the data key re-wrapped on the device, the copy replaced here.
  route(app, E.replacePasswordKey, async (req) => {
    const auth = await authenticate(req);
    await gate.requireSecondFactor(auth, req.ip);
    const body = bodyOf(E.replacePasswordKey, req);
    await replacePasswordKey(ctx.store, { userId: auth.user.id, byDeviceId: auth.session.deviceId ?? '', ...body, at: ctx.now() });
    return { ok: true };
  });

  /**
   * An export, announced before the file is written: the role must allow it, and the person must
   * have re-authenticated. The master password is checked on the device (the server cannot: zero
   * knowledge); a sign-in is checked here — this session must be at most five minutes old. The
   * event names the format and item count, never content.
   */
  route(app, E.announceExport, async (req) => {
    const auth = await authenticate(req);
    const { user, session } = auth;
    await gate.requireSecondFactor(auth, req.ip);
    const body = bodyOf(E.announceExport, req);
    const policy = findRole(ctx.config, user.role)?.policy ?? DEFAULT_POLICY;
    const audit = (reason?: 'export_not_allowed' | 'reauthentication_required') =>
      ctx.store.audit.append({
        type: reason === undefined ? 'vault.exported' : 'vault.export_refused',
        at: ctx.now(),
        userId: user.id,
        ...(reason === undefined ? {} : { reason }),
        ip: req.ip,
        details: { format: body.format, items: String(body.items), reauth: body.reauth, deviceId: session.deviceId ?? '' },
      });
    if (!policy.allowExport) {
      await audit('export_not_allowed');
      throw new AppError('export_not_allowed', 'Your role’s policy does not allow exporting the vault.');
    }
    if (body.reauth === 'sign_in' && ctx.now().getTime() - session.createdAt.getTime() > REAUTH_WINDOW_MS) {
      await audit('reauthentication_required');
      throw new AppError('reauthentication_required', 'Sign in again at your company’s sign-in page to export (within five minutes of signing in).');
    }
    await audit();
    return { ok: true };
  });

  route(app, E.putRecords, async (req, reply) => {
    const auth = await authenticate(req);
    const { user } = auth;
    const access = await gate.requireSecondFactor(auth, req.ip);
    const body = bodyOf(E.putRecords, req);
    const result = await ctx.store.vault.applyChanges(user.id, body.changes, ctx.now());
    if (result.kind === 'no_vault') throw new AppError('vault_not_found', 'There is no vault yet.');
    if (result.kind === 'stale') {
      return reply.status(409).send({
        error: 'stale_revision',
        message: 'Some records changed on another device; merge and retry.',
        // Until the required steps are done the vault is write-only: no records come back.
        current: gate.mayReadVault(access) ? result.current : [],
      });
    }
    return { revision: result.vaultRevision, records: result.records };
  });
}
