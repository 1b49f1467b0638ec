import { createHash, timingSafeEqual } from 'node:crypto';
import type { TwoFactorContext } from './two-factor-context';

/**
 * "Remember this device": after a proven second factor the server issues a random 256-bit
 * secret, keeps only its SHA-256 (with user, device and expiry) and hands the secret out once;
 * the app keeps it in the OS keychain. A later session skips the second factor only by showing
 * that secret for its own user and device. The device id alone is no proof: it is not secret
 * (audit events, support screenshots), so anyone with the SSO password could claim it.
 */
const SECRET_BYTES = 32;
const DAY_MS = 24 * 60 * 60 * 1000;

export function hashRememberSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Returns the secret to hand to the device, or null when the policy remembers nothing (days ≤ 0). */
export async function rememberDevice(ctx: TwoFactorContext, userId: string, deviceId: string, days: number): Promise<string | null> {
  if (days <= 0 || deviceId === '') return null;
  const secret = ctx.random(SECRET_BYTES).toString('base64url');
  await ctx.repository.rememberDevice(userId, deviceId, hashRememberSecret(secret), new Date(ctx.clock().getTime() + days * DAY_MS));
  return secret;
}

/** True when `secret` is the live one issued to this user's device; compared in constant time. */
export async function rememberedDeviceMatches(ctx: TwoFactorContext, userId: string, deviceId: string, secret: string): Promise<boolean> {
  const row = await ctx.repository.rememberedDevice(userId, deviceId);
  if (row === undefined || row.secretHash === null || row.until <= ctx.clock()) return false;
  const expected = Buffer.from(row.secretHash, 'hex');
  const given = Buffer.from(hashRememberSecret(secret), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
