import { z } from 'zod';
import { STEP_IDS, STEP_RESULTS } from '../../main/shared/onboarding-step-ids';
import { twoFactorViewSchema } from './security-channels';
import { sessionViewSchema } from './session-channels';
import { channel, none } from './wire';

/** The onboarding wizard's steps and the second factor (enrolment and proof). */

const BROWSER_IDS = ['chrome', 'chromium', 'edge', 'firefox', 'brave', 'vivaldi', 'safari'] as const;

export const browserInfoSchema = z.object({ id: z.enum(BROWSER_IDS), name: z.string(), installed: z.boolean(), storeUrl: z.string() });

export const totpEnrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });

const webauthnOptions = z.object({ options: z.unknown() });
const rememberDevice = z.boolean();

export const ONBOARDING_CHANNELS = {
  completeOnboardingStep: channel(z.object({ step: z.enum(STEP_IDS), result: z.enum(STEP_RESULTS) }).strict(), sessionViewSchema),
  listBrowsers: channel(none, z.array(browserInfoSchema)),
  openExtensionStore: channel(z.object({ browser: z.enum(BROWSER_IDS) }).strict(), z.object({ opened: z.boolean() })),

  getTwoFactor: channel(none, twoFactorViewSchema),
  beginTotp: channel(none, totpEnrolmentSchema),
  confirmTotp: channel(z.object({ code: z.string().max(20) }).strict(), sessionViewSchema),
  createBackupCodes: channel(none, z.object({ codes: z.array(z.string()) })),
  webauthnRegisterOptions: channel(none, webauthnOptions),
  webauthnRegisterVerify: channel(z.object({ response: z.unknown() }).strict(), sessionViewSchema),
  webauthnAuthenticateOptions: channel(none, webauthnOptions),
  webauthnAuthenticateVerify: channel(z.object({ response: z.unknown(), rememberDevice }).strict(), sessionViewSchema),
  verifySecondFactor: channel(
    z.object({ method: z.enum(['totp', 'backup_code']), code: z.string().max(40), rememberDevice }).strict(),
    sessionViewSchema,
  ),
};
