import { z } from 'zod';
import { TWO_FACTOR_METHODS } from '../../policy/enforcement-policy';
import { STEP_IDS, STEP_RESULTS } from '../../shared/onboarding-step-ids';
import { endpoint } from '../endpoint';
import { wirePolicySchema } from './sso';

const stepResult = z.enum(STEP_RESULTS);

/** The onboarding plan the backend computed (main/policy/onboarding-planner.ts, the same code as the app's). */
export const onboardingPlanSchema = z.object({
  enabled: z.boolean(),
  steps: z.array(
    z.object({
      id: z.enum(STEP_IDS),
      required: z.boolean(),
      status: z.enum(['pending', 'done', 'skipped']),
      methods: z.array(z.enum(TWO_FACTOR_METHODS)).optional(),
      masterPassword: z.enum(['required', 'optional', 'off']).optional(),
    }),
  ),
  current: z.enum(STEP_IDS).nullable(),
});

// Steps as stored: a step id a newer or older app wrote must not make the whole answer unreadable.
const progress = z.array(z.object({ step: z.string(), status: stepResult, updatedAt: z.string() }));

/** Who this session is, what the role's policy says, and where onboarding stands. */
export const meAnswer = z.object({
  secondFactor: z.enum(['not-needed', 'required', 'verified']),
  enrolledMethods: z.array(z.enum(TWO_FACTOR_METHODS)),
  onboardingPlan: onboardingPlanSchema,
  user: z.object({ id: z.string(), email: z.string(), node: z.string(), role: z.string() }),
  node: z.string(),
  role: z.string(),
  policy: wirePolicySchema,
  vaultExists: z.boolean(),
  deviceId: z.string().nullable(),
  sessionExpiresAt: z.string(),
  onboarding: progress,
});
export type MeAnswer = z.output<typeof meAnswer>;

const onboardingAnswer = z.object({ progress, plan: onboardingPlanSchema });

/** The session itself and onboarding progress (`/v1/me`, `/v1/sessions/*`, `/v1/onboarding`). */
export const sessionEndpoints = {
  me: endpoint({ method: 'GET', path: '/v1/me', auth: 'session', response: meAnswer, errors: ['unauthorized', 'session_expired'] }),
  /** Settings → My security: this person's live sessions, newest first, with the device each is on. */
  list: endpoint({
    method: 'GET',
    path: '/v1/sessions',
    auth: 'session',
    response: z.object({
      sessions: z.array(
        z.object({
          deviceId: z.string().nullable(),
          deviceName: z.string(),
          platform: z.string(),
          startedAt: z.string(),
          expiresAt: z.string(),
          secondFactorVerified: z.boolean(),
          current: z.boolean(),
        }),
      ),
    }),
    errors: ['unauthorized', 'session_expired', 'two_factor_required', 'ip_not_allowed'],
  }),
  logout: endpoint({ method: 'POST', path: '/v1/sessions/logout', auth: 'session', response: z.object({ ok: z.literal(true) }), errors: ['unauthorized', 'session_expired'] }),
  onboarding: endpoint({ method: 'GET', path: '/v1/onboarding', auth: 'session', response: onboardingAnswer, errors: ['unauthorized', 'session_expired'] }),
  /** Each answer goes through the planner: a required step cannot be skipped, a fact step not claimed early. */
  completeOnboardingStep: endpoint({
    method: 'PUT',
    path: '/v1/onboarding',
    auth: 'session',
    body: z.object({ step: z.enum(STEP_IDS), status: stepResult }).strict(),
    response: onboardingAnswer,
    errors: ['unauthorized', 'session_expired', 'two_factor_required', 'onboarding_incomplete', 'forbidden'],
  }),
} as const;
