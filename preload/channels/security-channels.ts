import { z } from 'zod';
import type { TwoFactorMethod } from '../../main/policy/enforcement-policy';
import { channel, none, typed, type Wire } from './wire';

/** Settings → My security: second factors, master password, sessions and export. */

/** An authenticator app or a security key the person can remove (backup codes are replaced instead). */
const authenticatorViewSchema = z.object({
  kind: z.enum(['totp', 'webauthn']),
  /** 'totp', or the security key's credential id. */
  id: z.string(),
  addedAt: z.string(),
});
export type AuthenticatorView = Wire<z.infer<typeof authenticatorViewSchema>>;

export const twoFactorViewSchema = z.object({
  enrolled: z.array(typed<TwoFactorMethod>()),
  allowed: z.array(typed<TwoFactorMethod>()),
  /** The role requires a second factor: the last authenticator cannot be removed. */
  required: z.boolean(),
  authenticators: z.array(authenticatorViewSchema),
});
export type TwoFactorView = Wire<z.infer<typeof twoFactorViewSchema>>;

/** One live session of the person (a signed-in app on one of their devices). */
const sessionInfoViewSchema = z.object({
  deviceId: z.string().nullable(),
  deviceName: z.string(),
  platform: z.string(),
  startedAt: z.string(),
  expiresAt: z.string(),
  secondFactorVerified: z.boolean(),
  /** This app's own session. */
  current: z.boolean(),
});
export type SessionInfoView = Wire<z.infer<typeof sessionInfoViewSchema>>;

const EXPORT_FORMATS = ['encrypted-json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Saved where the person chose (Electron), cancelled, or handed to the page to download (web host). */
const exportResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string(), items: z.number() }),
  z.object({ kind: z.literal('cancelled') }),
  z.object({ kind: z.literal('download'), fileName: z.string(), text: z.string(), items: z.number() }),
]);
export type ExportResult = Wire<z.infer<typeof exportResultSchema>>;

const password = z.string().max(1_000);

export const SECURITY_CHANNELS = {
  removeAuthenticator: channel(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('totp') }).strict(),
      z.object({ kind: z.literal('webauthn'), id: z.string().min(1).max(1_024).regex(/^[A-Za-z0-9_-]+$/) }).strict(),
    ]),
    twoFactorViewSchema,
  ),
  /** Re-wraps the vault's data key under a new master password; records are not re-encrypted. */
  changeMasterPassword: channel(z.object({ current: password, next: password }).strict(), z.object({ changed: z.literal(true) })),
  listSessions: channel(none, z.array(sessionInfoViewSchema)),
  /**
   * Where the role allows it, after re-authentication: the vault's master password
   * (`masterPassword`), or else a sign-in at the identity provider in the last five minutes.
   * `filePassword` encrypts the JSON file (null for CSV).
   */
  exportVault: channel(
    z.object({ format: z.enum(EXPORT_FORMATS), masterPassword: password.nullable(), filePassword: password.nullable() }).strict(),
    exportResultSchema,
  ),
};
