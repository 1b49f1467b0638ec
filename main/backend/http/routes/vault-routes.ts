import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../errors/app-error';
import { DEFAULT_POLICY } from '../../../policy/enforcement-policy';
import { findRole } from '../../config/tenant-config';
import type { createAuthenticate } from '../authenticate';
import type { AccessGate } from '../access-gate';
import type { BackendContext } from '../backend-context';
import { parseInput } from '../parse-input';
import type { VaultKeysRow } from '../../store/store';
import { replacePasswordKey } from '../../vault/password-key-store';

// Opaque client-side ciphertext: the backend checks shape and size, never content.
const blob = (max: number) => z.string().min(1).max(max).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII (base64 or JSON)');
const MAX_ENVELOPE = 64 * 1024;
const MAX_CHANGES = 500;

const keysBody = z
  .object({
    deviceId: z.string().min(8).max(128).regex(/^[\w.:-]+$/),
    wrappedDataKey: blob(4096),
    passwordWrappedDataKey: blob(4096).nullable().optional(),
    publicKey: blob(4096),
    wrappedPrivateKey: blob(8192),
  })
  .strict();

// A further device of the same user registers only its own wrapped copy of the data key; the
// user's key pair and password-wrapped key are copied from the vault's existing keys.
const deviceKeyBody = z.object({ deviceId: keysBody.shape.deviceId, wrappedDataKey: blob(4096) }).strict();

const recordId = z.string().min(1).max(128).regex(/^[\w.:-]+$/);
const changesBody = z
  .object({
    changes: z
      .array(
        z
          .object({ id: recordId, envelope: blob(MAX_ENVELOPE).optional(), deleted: z.boolean().optional(), baseRevision: z.number().int().min(0).nullable() })
          .strict()
          .refine((c) => c.deleted === true || c.envelope !== undefined, 'a change needs an envelope unless it deletes'),
      )
      .min(1)
      .max(MAX_CHANGES)
      .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'each record may appear once per request'),
  })
  .strict();

const passwordKeyBody = z.object({ expected: blob(4096), next: blob(4096) }).strict();

const exportBody = z
  .object({ format: z.enum(['encrypted-json', 'csv']), items: z.number().int().min(0).max(10_000_000), reauth: z.enum(['master_password', 'sign_in']) })
  .strict();
/** A sign-in this recent counts as re-authentication for an export. */
const REAUTH_WINDOW_MS = 5 * 60_000;

const sinceQuery = z.object({ since: z.coerce.number().int().min(0).default(0) });

const toKeysRow = (b: z.output<typeof keysBody>) => ({
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
export function registerVaultRoutes(app: FastifyInstance, ctx: BackendContext, authenticate: ReturnType<typeof createAuthenticate>, gate: AccessGate): void {
  app.get('/v1/vault', async (req) => {
    const auth = await authenticate(req);
    const { user, session } = auth;
    const access = await gate.requireSecondFactor(auth, req.ip);
    const { since } = parseInput(sinceQuery, req.query, 'query');
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

  app.post('/v1/vault', async (req, reply) => {
    const auth = await authenticate(req);
    const { user } = auth;
    await gate.requireSecondFactor(auth, req.ip);
    const body = parseInput(keysBody, req.body, 'body');
    assertOwnDevice(auth.session.deviceId, body.deviceId);
    const created = await ctx.store.vault.create(user.id, toKeysRow(body), ctx.now());
    if (!created) throw new AppError('vault_exists', 'This account already has a vault.');
    await ctx.store.audit.append({ type: 'vault.created', at: ctx.now(), userId: user.id, details: { deviceId: body.deviceId } });
    return reply.status(201).send({ exists: true, revision: 0 });
  });

  app.post('/v1/vault/keys', async (req) => {
    const auth = await authenticate(req);
    const { user } = auth;
    await gate.requireSecondFactor(auth, req.ip);
    const full = keysBody.safeParse(req.body);
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
  app.put('/v1/vault/password-key', async (req) => {
    const auth = await authenticate(req);
    await gate.requireSecondFactor(auth, req.ip);
    const body = parseInput(passwordKeyBody, req.body, 'body');
    await replacePasswordKey(ctx.store.kysely, { userId: auth.user.id, byDeviceId: auth.session.deviceId ?? '', ...body, at: ctx.now() });
    return { ok: true };
  });

  /**
   * An export, announced before the file is written: the role must allow it, and the person must
   * have re-authenticated. The master password is checked on the device (the server cannot: zero
   * knowledge); a sign-in is checked here — this session must be at most five minutes old. The
   * event names the format and item count, never content.
   */
  app.post('/v1/vault/exports', async (req) => {
    const auth = await authenticate(req);
    const { user, session } = auth;
    await gate.requireSecondFactor(auth, req.ip);
    const body = parseInput(exportBody, req.body, 'body');
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

  app.put('/v1/vault/records', { bodyLimit: MAX_CHANGES * (MAX_ENVELOPE + 512) }, async (req, reply) => {
    const auth = await authenticate(req);
    const { user } = auth;
    const access = await gate.requireSecondFactor(auth, req.ip);
    const body = parseInput(changesBody, req.body, 'body');
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
