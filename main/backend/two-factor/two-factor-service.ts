import { randomBytes } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { TWO_FACTOR_METHODS, type TwoFactorMethod } from '../../policy/enforcement-policy';
import { createBackupCodes, verifyBackupCode } from './backup-code-service';
import { rememberDevice, rememberedDeviceMatches } from './remembered-device';
import { deriveTwoFactorKeys } from './secret-box';
import { beginTotpEnrolment, confirmTotp, verifyTotp, type TotpEnrolment } from './totp-service';
import { DEFAULT_LIMITS, type TwoFactorContext, type TwoFactorLimits } from './two-factor-context';
import { AppError } from '../../errors/app-error';
import type { AuthenticatorMinimum, AuthenticatorRef, StoredAuthenticator, TwoFactorRepo } from '../store/store';
import {
  verifyWebAuthnAuthentication,
  verifyWebAuthnRegistration,
  webAuthnAuthenticationOptions,
  webAuthnRegistrationOptions,
  type RelyingParty,
} from './webauthn-service';

export interface TwoFactorServiceDeps {
  readonly repository: TwoFactorRepo;
  /** ≥ 256-bit server-side key, kept apart from the database (seals TOTP seeds, keys backup-code MACs). */
  readonly secretKey: Buffer;
  /** The first pair is used when a caller names no origin. */
  readonly relyingParties: readonly RelyingParty[];
  readonly clock?: () => Date;
  readonly random?: (size: number) => Buffer;
  readonly limits?: Partial<TwoFactorLimits>;
}

/** Every method throws AppError: invalid_two_factor_code, challenge_expired, too_many_attempts, bad_request, conflict. */
export interface TwoFactorService {
  /** In TWO_FACTOR_METHODS order; backup codes count while at least one is unused. */
  enrolledMethods(userId: string): Promise<TwoFactorMethod[]>;
  beginTotpEnrolment(userId: string, accountLabel: string): Promise<TotpEnrolment>;
  confirmTotp(userId: string, code: string): Promise<void>;
  verifyTotp(userId: string, code: string): Promise<void>;
  generateBackupCodes(userId: string): Promise<string[]>;
  verifyBackupCode(userId: string, code: string): Promise<void>;
  webAuthnRegistrationOptions(userId: string, userName: string, origin?: string): Promise<PublicKeyCredentialCreationOptionsJSON>;
  verifyWebAuthnRegistration(userId: string, response: RegistrationResponseJSON): Promise<void>;
  webAuthnAuthenticationOptions(userId: string, origin?: string): Promise<PublicKeyCredentialRequestOptionsJSON>;
  verifyWebAuthnAuthentication(userId: string, response: AuthenticationResponseJSON): Promise<void>;
  /** The authenticator app and security keys, oldest first (Settings → My security). */
  authenticators(userId: string): Promise<StoredAuthenticator[]>;
  /** Throws not_found, or two_factor_minimum when fewer than the role requires would remain. */
  removeAuthenticator(userId: string, target: AuthenticatorRef, keep: AuthenticatorMinimum): Promise<void>;
  /** Issues the device's remember secret (returned once, stored hashed); null when days ≤ 0 (the policy switched the feature off). */
  rememberDevice(userId: string, deviceId: string, days: number): Promise<string | null>;
  /** True when `secret` is the unexpired one issued to this user's device (remembered-device.ts). */
  rememberedDeviceMatches(userId: string, deviceId: string, secret: string): Promise<boolean>;
}

export function createTwoFactorService(deps: TwoFactorServiceDeps): TwoFactorService {
  if (deps.relyingParties.length === 0) throw new RangeError('at least one WebAuthn relying party is needed');
  const ctx: TwoFactorContext = {
    repository: deps.repository,
    keys: deriveTwoFactorKeys(deps.secretKey),
    clock: deps.clock ?? (() => new Date()),
    random: deps.random ?? randomBytes,
    limits: { ...DEFAULT_LIMITS, ...deps.limits },
  };
  const repo = deps.repository;
  const parties = deps.relyingParties;

  return {
    async enrolledMethods(userId) {
      const [totp, keys, codes] = await Promise.all([
        repo.getTotp(userId),
        repo.listWebAuthnCredentials(userId),
        repo.remainingBackupCodes(userId),
      ]);
      const has: Record<TwoFactorMethod, boolean> = { totp: totp !== undefined, webauthn: keys.length > 0, backup_codes: codes > 0 };
      return TWO_FACTOR_METHODS.filter((m) => has[m]);
    },
    beginTotpEnrolment: (userId, accountLabel) => beginTotpEnrolment(ctx, userId, accountLabel),
    confirmTotp: (userId, code) => confirmTotp(ctx, userId, code),
    verifyTotp: (userId, code) => verifyTotp(ctx, userId, code),
    generateBackupCodes: (userId) => createBackupCodes(ctx, userId),
    verifyBackupCode: (userId, code) => verifyBackupCode(ctx, userId, code),
    webAuthnRegistrationOptions: (userId, userName, origin) => webAuthnRegistrationOptions(ctx, parties, userId, userName, origin),
    verifyWebAuthnRegistration: (userId, response) => verifyWebAuthnRegistration(ctx, userId, response),
    webAuthnAuthenticationOptions: (userId, origin) => webAuthnAuthenticationOptions(ctx, parties, userId, origin),
    verifyWebAuthnAuthentication: (userId, response) => verifyWebAuthnAuthentication(ctx, userId, response),
    authenticators: (userId) => repo.listAuthenticators(userId),
    async removeAuthenticator(userId, target, keep) {
      const outcome = await repo.removeAuthenticator(userId, target, keep);
      if (outcome === 'not_found') throw new AppError('not_found', target.kind === 'totp' ? 'You have no authenticator app set up.' : 'That security key is not registered to you.');
      if (outcome === 'too_few_left') {
        throw new AppError('two_factor_minimum', 'Your role requires a second factor: add another authenticator app or security key before removing this one.');
      }
    },
    rememberDevice: (userId, deviceId, days) => rememberDevice(ctx, userId, deviceId, days),
    rememberedDeviceMatches: (userId, deviceId, secret) => rememberedDeviceMatches(ctx, userId, deviceId, secret),
  };
}
