import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/errors/app-error';
import { resolvePolicy, type PolicyInput } from '../../../main/policy/enforcement-policy';
import { applyStepResult, planOnboarding, requiredStepsComplete } from '../../../main/policy/onboarding-planner';
import type { OnboardingFacts, OnboardingProgress } from '../../../main/policy/onboarding-steps';

const fresh: OnboardingFacts = { vaultExists: false, enrolledMethods: [] };

/** The three roles of issue 6. */
const roles = {
  everythingRequired: resolvePolicy({
    onboarding: true,
    requireTwoFactor: true,
    twoFactorMethods: ['totp', 'webauthn', 'backup_codes'],
    allowImport: true,
    promptBrowserExtension: true,
    requireMasterPassword: true,
  }),
  onboardingOff: resolvePolicy({ onboarding: false, requireTwoFactor: false, allowImport: true }),
  optionalTwoFactorNoImport: resolvePolicy({
    onboarding: true,
    requireTwoFactor: false,
    twoFactorMethods: ['totp'],
    allowImport: false,
    promptBrowserExtension: true,
  }),
};

function shape(policy: PolicyInput, progress: OnboardingProgress = {}, facts: OnboardingFacts = fresh) {
  const plan = planOnboarding(resolvePolicy(policy), progress, facts);
  return plan.steps.map((s) => `${s.id}:${s.required ? 'required' : 'optional'}:${s.status}`);
}

describe('planOnboarding for the roles of issue 6', () => {
  it('walks every step in order when the role requires everything', () => {
    const plan = planOnboarding(roles.everythingRequired, {}, fresh);
    expect(plan.enabled).toBe(true);
    expect(plan.steps.map((s) => s.id)).toEqual(['welcome', 'vault', 'import', 'extension', 'two_factor', 'done']);
    expect(plan.steps.find((s) => s.id === 'two_factor')).toEqual({
      id: 'two_factor',
      required: true,
      status: 'pending',
      methods: ['totp', 'webauthn', 'backup_codes'],
    });
    expect(plan.steps.find((s) => s.id === 'vault')).toEqual({ id: 'vault', required: true, status: 'pending', masterPassword: 'required' });
    expect(plan.steps.find((s) => s.id === 'welcome')?.required).toBe(false);
    expect(plan.current).toBe('welcome');
    expect(requiredStepsComplete(plan)).toBe(false);
  });

  it('plans nothing when onboarding is off and the role has no security requirement left', () => {
    expect(planOnboarding(roles.onboardingOff, {}, fresh)).toEqual({ enabled: false, steps: [], current: null });
  });

  it('keeps the two-factor step when onboarding is off but two-factor is required and nothing is enrolled', () => {
    const policy = resolvePolicy({ onboarding: false, requireTwoFactor: true, twoFactorMethods: ['webauthn'] });
    const plan = planOnboarding(policy, {}, fresh);
    expect(plan).toEqual({
      enabled: false,
      steps: [{ id: 'two_factor', required: true, status: 'pending', methods: ['webauthn'] }],
      current: 'two_factor',
    });
    expect(requiredStepsComplete(plan)).toBe(false);
    expect(() => applyStepResult(policy, {}, fresh, 'two_factor', 'skipped')).toThrowError(
      'The two-factor step is required by your role and cannot be skipped',
    );
  });

  it('drops the two-factor step with onboarding off once an allowed method is enrolled', () => {
    const policy = resolvePolicy({ onboarding: false, requireTwoFactor: true });
    const plan = planOnboarding(policy, {}, { vaultExists: true, enrolledMethods: ['totp'] });
    expect(plan).toEqual({ enabled: false, steps: [], current: null });
    expect(requiredStepsComplete(plan)).toBe(true);
  });

  it('keeps the vault step with onboarding off when the role requires a master password', () => {
    expect(shape({ onboarding: false, requireMasterPassword: true })).toEqual(['vault:required:pending']);
  });

  it('offers optional two-factor with only the allowed methods and no import step', () => {
    const plan = planOnboarding(roles.optionalTwoFactorNoImport, {}, fresh);
    expect(plan.steps.map((s) => s.id)).toEqual(['welcome', 'vault', 'extension', 'two_factor', 'done']);
    expect(plan.steps.find((s) => s.id === 'two_factor')).toEqual({ id: 'two_factor', required: false, status: 'pending', methods: ['totp'] });
    expect(plan.steps.find((s) => s.id === 'vault')?.masterPassword).toBe('off');
  });

  it('lets the optional-two-factor role finish with two-factor skipped', () => {
    let state = { progress: {} as OnboardingProgress, plan: planOnboarding(roles.optionalTwoFactorNoImport, {}, fresh) };
    const facts = { vaultExists: true, enrolledMethods: [] };
    for (const [step, result] of [['welcome', 'done'], ['vault', 'done'], ['extension', 'skipped'], ['two_factor', 'skipped']] as const) {
      state = applyStepResult(roles.optionalTwoFactorNoImport, state.progress, facts, step, result);
    }
    expect(state.plan.current).toBe('done');
    expect(requiredStepsComplete(state.plan)).toBe(true);
  });

  it('omits the extension step where the role does not prompt for it', () => {
    expect(shape({ promptBrowserExtension: false, allowImport: false })).toEqual([
      'welcome:optional:pending',
      'vault:required:pending',
      'two_factor:optional:pending',
      'done:optional:pending',
    ]);
  });

  it('offers an optional master password where the role grants offline access', () => {
    const plan = planOnboarding(resolvePolicy({ offlineAccess: true }), {}, fresh);
    expect(plan.steps.find((s) => s.id === 'vault')?.masterPassword).toBe('optional');
  });
});

describe('fact steps', () => {
  it('marks the vault done from the fact, not from a recorded answer', () => {
    expect(shape({}, { vault: 'done' }, fresh)).toContain('vault:required:pending');
    expect(shape({}, {}, { vaultExists: true, enrolledMethods: [] })).toContain('vault:required:done');
  });

  it('counts only enrolled methods the policy allows', () => {
    const policy: PolicyInput = { requireTwoFactor: true, twoFactorMethods: ['webauthn'] };
    expect(shape(policy, {}, { vaultExists: true, enrolledMethods: ['totp'] })).toContain('two_factor:required:pending');
    expect(shape(policy, {}, { vaultExists: true, enrolledMethods: ['webauthn'] })).toContain('two_factor:required:done');
  });

  it('makes current the first pending step and null when all are answered', () => {
    const facts = { vaultExists: true, enrolledMethods: ['totp'] } as const;
    const policy = roles.everythingRequired;
    expect(planOnboarding(policy, { welcome: 'done' }, facts).current).toBe('import');
    const all: OnboardingProgress = { welcome: 'done', import: 'skipped', extension: 'done', done: 'done' };
    const plan = planOnboarding(policy, all, facts);
    expect(plan.current).toBeNull();
    expect(requiredStepsComplete(plan)).toBe(true);
  });
});

describe('applyStepResult', () => {
  it('refuses to skip a required step with onboarding_incomplete', () => {
    const attempt = () => applyStepResult(roles.everythingRequired, {}, fresh, 'two_factor', 'skipped');
    expect(attempt).toThrowError(AppError);
    expect(attempt).toThrowError('The two-factor step is required by your role and cannot be skipped');
    try {
      attempt();
    } catch (err) {
      expect((err as AppError).code).toBe('onboarding_incomplete');
      expect((err as AppError).status).toBe(403);
    }
  });

  it('refuses to skip the vault', () => {
    expect(() => applyStepResult(roles.optionalTwoFactorNoImport, {}, fresh, 'vault', 'skipped')).toThrowError(/vault step is required/);
  });

  it('refuses to mark the vault done before the vault exists', () => {
    expect(() => applyStepResult(roles.everythingRequired, {}, fresh, 'vault', 'done')).toThrowError(/Create your vault/);
    const ok = applyStepResult(roles.everythingRequired, {}, { vaultExists: true, enrolledMethods: [] }, 'vault', 'done');
    expect(ok.progress.vault).toBe('done');
  });

  it('refuses to mark two-factor done until an allowed method is enrolled', () => {
    const policy = roles.optionalTwoFactorNoImport; // allows totp only
    const webauthnOnly = { vaultExists: true, enrolledMethods: ['webauthn'] } as const;
    expect(() => applyStepResult(policy, {}, webauthnOnly, 'two_factor', 'done')).toThrowError(/two-factor methods your role allows/);
    const ok = applyStepResult(policy, {}, { vaultExists: true, enrolledMethods: ['totp'] }, 'two_factor', 'done');
    expect(ok.plan.steps.find((s) => s.id === 'two_factor')?.status).toBe('done');
  });

  it('refuses a step the role does not plan', () => {
    const attempt = () => applyStepResult(roles.optionalTwoFactorNoImport, {}, fresh, 'import', 'done');
    expect(attempt).toThrowError(/not part of your onboarding/);
  });

  it('returns new progress without changing the given one', () => {
    const progress: OnboardingProgress = Object.freeze({});
    const out = applyStepResult(roles.everythingRequired, progress, fresh, 'welcome', 'done');
    expect(out.progress).toEqual({ welcome: 'done' });
    expect(progress).toEqual({});
    expect(out.plan.current).toBe('vault');
  });
});

describe('policy changes', () => {
  const lenient = roles.optionalTwoFactorNoImport;

  it('shows a newly required two-factor step as pending and required after it was skipped', () => {
    const facts = { vaultExists: true, enrolledMethods: [] };
    const answered = applyStepResult(lenient, { welcome: 'done', extension: 'done', done: 'done' }, facts, 'two_factor', 'skipped');
    expect(requiredStepsComplete(answered.plan)).toBe(true);
    expect(answered.plan.current).toBeNull();

    const tightened = resolvePolicy({ ...lenient, requireTwoFactor: true });
    const plan = planOnboarding(tightened, answered.progress, facts);
    expect(plan.steps.find((s) => s.id === 'two_factor')).toMatchObject({ required: true, status: 'pending' });
    expect(plan.current).toBe('two_factor');
    expect(requiredStepsComplete(plan)).toBe(false);
  });

  it('shows the newly required step even when the tightened role has onboarding off', () => {
    const facts = { vaultExists: true, enrolledMethods: [] };
    const tightened = resolvePolicy({ ...lenient, onboarding: false, requireTwoFactor: true });
    const plan = planOnboarding(tightened, { two_factor: 'skipped' }, facts);
    expect(plan.steps.map((s) => s.id)).toEqual(['two_factor']);
    expect(plan.current).toBe('two_factor');
  });

  it('keeps a step done under the old policy done', () => {
    const facts = { vaultExists: true, enrolledMethods: ['totp'] } as const;
    const progress: OnboardingProgress = { welcome: 'done', extension: 'done', two_factor: 'done', done: 'done' };
    const tightened = resolvePolicy({ ...lenient, requireTwoFactor: true, allowImport: true });
    const plan = planOnboarding(tightened, progress, facts);
    expect(plan.steps.find((s) => s.id === 'two_factor')).toMatchObject({ required: true, status: 'done' });
    expect(plan.steps.find((s) => s.id === 'extension')?.status).toBe('done');
    // A newly allowed optional step shows up as pending but blocks nothing.
    expect(plan.current).toBe('import');
    expect(requiredStepsComplete(plan)).toBe(true);
  });

  it('asks again when the only enrolled method is no longer allowed and two-factor is required', () => {
    const facts = { vaultExists: true, enrolledMethods: ['totp'] } as const;
    const tightened = resolvePolicy({ ...lenient, requireTwoFactor: true, twoFactorMethods: ['webauthn'] });
    const plan = planOnboarding(tightened, { two_factor: 'done' }, facts);
    expect(plan.steps.find((s) => s.id === 'two_factor')).toMatchObject({ required: true, status: 'pending', methods: ['webauthn'] });
  });
});
