import { z } from 'zod';
import type { EnforcementPolicy } from '../../main/policy/enforcement-policy';
import type { OnboardingPlan } from '../../main/policy/onboarding-steps';
import { channel, contractErrorSchema, email, none, typed, type Wire } from './wire';

/** Sign-in and the session: who is signed in, with which policy, how far onboarding got. */

export const appInfoSchema = z.object({
  name: z.literal('Keyhaven'),
  version: z.string(),
  host: z.enum(['electron', 'web']),
  platform: z.string(),
  demo: z.boolean(),
  /** A problem with the organisation's managed configuration, worded for the user. */
  managedBanner: z.string().nullable(),
  lastEmail: z.string().nullable(),
  /** Pre-set by the organisation: sign-in needs no typing. */
  presetSsoDomain: z.string().nullable(),
});

export const ssoRouteSchema = z.object({ connectionId: z.string(), type: z.enum(['saml', 'oidc']), node: z.string() });

export const signedInUserSchema = z.object({ id: z.string(), email: z.string(), node: z.string(), role: z.string() });

export const sessionViewSchema = z.discriminatedUnion('kind', [
  /** reason: why the server ended the session of this running app (deactivated, device removed). */
  z.object({ kind: z.literal('signed-out'), reason: contractErrorSchema.optional() }),
  z.object({
    kind: z.literal('signed-in'),
    user: signedInUserSchema,
    policy: typed<EnforcementPolicy>(),
    vaultExists: z.boolean(),
    vaultUnlocked: z.boolean(),
    secondFactor: z.enum(['not-needed', 'required', 'verified']),
    onboarding: typed<OnboardingPlan>(),
    /** Present while the backend cannot be reached and the vault runs on its offline copy. */
    offline: z.object({ since: z.string(), pendingChanges: z.number().int().nonnegative() }).optional(),
  }),
]);
export type SessionView = Wire<z.infer<typeof sessionViewSchema>>;

export const signInStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle') }),
  z.object({
    kind: z.literal('waiting'),
    email: z.string(),
    connectionType: z.enum(['saml', 'oidc']),
    authorizationUrl: z.string(),
    expiresAt: z.string(),
    /** Whether the system browser was opened: 'unknown' where the host cannot tell. */
    browser: z.enum(['opened', 'failed', 'unknown']),
  }),
  z.object({ kind: z.literal('signed-in'), session: sessionViewSchema }),
  z.object({ kind: z.literal('failed'), error: contractErrorSchema }),
  /**
   * A sign-in Keyhaven did not start (an IdP dashboard tile, a keyhaven:// link, or a response
   * posted while signed in or waiting) is only taken once the person confirms the account.
   */
  z.object({ kind: z.literal('confirm'), email: z.string(), source: z.enum(['identity-provider', 'link']), expiresAt: z.string() }),
]);

export const SESSION_CHANNELS = {
  getAppInfo: channel(none, appInfoSchema),
  lookupSso: channel(z.object({ email }).strict(), ssoRouteSchema),
  startSignIn: channel(z.object({ email }).strict(), signInStateSchema),
  reopenSignInPage: channel(none, z.object({ opened: z.boolean() })),
  cancelSignIn: channel(none, signInStateSchema),
  confirmSignIn: channel(z.object({ accept: z.boolean() }).strict(), signInStateSchema),
  getSignInState: channel(none, signInStateSchema),
  getSession: channel(none, sessionViewSchema),
  signOut: channel(none, sessionViewSchema),
};
