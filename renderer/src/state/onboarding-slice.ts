import type { BrowserInfo, ContractError, PasswordCheck, ResultOf, StepId, TotpEnrolment } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

/** What the onboarding screens are waiting for; drives their live status line. */
export type OnboardingTask =
  | 'browsers'
  | 'open-store'
  | 'two-factor'
  | 'totp'
  | 'verify'
  | 'backup-codes'
  | 'security-key'
  | 'vault'
  | 'step';

export type TwoFactorStatus = ResultOf<'getTwoFactor'>;

/**
 * A WebAuthn ceremony run by the screen (it needs the browser's credential API): takes the
 * options main produced, answers the authenticator's response or a ContractError to show.
 */
export type SecurityKeyCeremony = (options: unknown) => Promise<{ ok: true; response: unknown } | { ok: false; error: ContractError }>;

export interface OnboardingSlice {
  readonly browsers: readonly BrowserInfo[] | null;
  readonly twoFactor: TwoFactorStatus | null;
  /** The TOTP secret being enrolled: kept only until the step is left. */
  readonly totpEnrolment: TotpEnrolment | null;
  /** Shown once, then forgotten when the step is left. */
  readonly backupCodes: readonly string[] | null;
  readonly passwordCheck: PasswordCheck | null;
  readonly onboardingBusy: OnboardingTask | null;
  /**
   * A step that keeps the screen although the plan moved on (two-factor just became done but its
   * backup codes are next); locked: nothing may lead away from it. Kept in the store, not in the
   * screen, so it survives the wizard re-rendering or the plan having nothing left.
   */
  readonly onboardingPin: { readonly step: StepId; readonly locked: boolean } | null;
  /** The second factor is set up; the backup codes are the next thing on screen. */
  readonly backupCodesDue: boolean;
  readonly pinStep: (step: StepId, locked: boolean) => void;
  readonly releaseStep: () => void;
  readonly setBackupCodesDue: (due: boolean) => void;
  readonly loadBrowsers: () => Promise<void>;
  readonly openExtensionStore: (browser: BrowserInfo['id']) => Promise<boolean>;
  readonly loadTwoFactor: () => Promise<void>;
  readonly beginTotp: () => Promise<void>;
  readonly confirmTotp: (code: string) => Promise<boolean>;
  readonly createBackupCodes: () => Promise<void>;
  readonly registerSecurityKey: (ceremony: SecurityKeyCeremony) => Promise<boolean>;
  readonly authenticateWithSecurityKey: (ceremony: SecurityKeyCeremony, rememberDevice: boolean) => Promise<boolean>;
  readonly verifySecondFactor: (method: 'totp' | 'backup_code', code: string, rememberDevice: boolean) => Promise<boolean>;
  readonly checkMasterPassword: (password: string) => Promise<void>;
  readonly createVault: (masterPassword: string | null) => Promise<boolean>;
  /**
   * Answers a step after its action succeeded. Fact steps (vault, two-factor) are settled by
   * their facts; the answer only refreshes the plan, and is not sent for a step the plan no
   * longer lists (onboarding off: the step leaves the plan once its requirement is met).
   */
  readonly answerStep: (step: StepId, result: 'done' | 'skipped') => Promise<boolean>;
  readonly forgetTwoFactorSecrets: () => void;
}

export const createOnboardingSlice: SliceCreator<OnboardingSlice> = (set, get, api) => {
  // Per store, not per module: a slower strength check must not overwrite a newer one.
  let passwordCheckSeq = 0;

  function fail(error: ContractError): false {
    set({ sessionError: error, onboardingBusy: null });
    return false;
  }

  function begin(task: OnboardingTask): void {
    set({ onboardingBusy: task, sessionError: null });
  }

  return {
    browsers: null,
    twoFactor: null,
    totpEnrolment: null,
    backupCodes: null,
    passwordCheck: null,
    onboardingBusy: null,
    onboardingPin: null,
    backupCodesDue: false,
    pinStep(step, locked) {
      set({ onboardingPin: { step, locked } });
    },
    releaseStep() {
      set({ onboardingPin: null });
    },
    setBackupCodesDue(due) {
      set({ backupCodesDue: due });
    },
    async loadBrowsers() {
      begin('browsers');
      const result = await api.listBrowsers({});
      if (!result.ok) return void fail(result.error);
      set({ browsers: result.value, onboardingBusy: null });
    },
    async openExtensionStore(browser) {
      begin('open-store');
      const result = await api.openExtensionStore({ browser });
      if (!result.ok) return fail(result.error);
      set({ onboardingBusy: null });
      return result.value.opened;
    },
    async loadTwoFactor() {
      begin('two-factor');
      const result = await api.getTwoFactor({});
      if (!result.ok) return void fail(result.error);
      set({ twoFactor: result.value, onboardingBusy: null });
    },
    async beginTotp() {
      // One secret per enrolment: a second mount (React StrictMode) must not race the first.
      if (get().onboardingBusy === 'totp') return;
      begin('totp');
      const result = await api.beginTotp({});
      if (!result.ok) return void fail(result.error);
      set({ totpEnrolment: result.value, onboardingBusy: null });
    },
    async confirmTotp(code) {
      begin('verify');
      const ok = get().applySessionResult(await api.confirmTotp({ code }));
      set(ok ? { onboardingBusy: null, totpEnrolment: null } : { onboardingBusy: null });
      return ok;
    },
    async createBackupCodes() {
      begin('backup-codes');
      const result = await api.createBackupCodes({});
      if (!result.ok) return void fail(result.error);
      set({ backupCodes: result.value.codes, onboardingBusy: null });
    },
    async registerSecurityKey(ceremony) {
      begin('security-key');
      const options = await api.webauthnRegisterOptions({});
      if (!options.ok) return fail(options.error);
      const answer = await ceremony(options.value.options);
      if (!answer.ok) return fail(answer.error);
      const ok = get().applySessionResult(await api.webauthnRegisterVerify({ response: answer.response }));
      set({ onboardingBusy: null });
      return ok;
    },
    async authenticateWithSecurityKey(ceremony, rememberDevice) {
      begin('security-key');
      const options = await api.webauthnAuthenticateOptions({});
      if (!options.ok) return fail(options.error);
      const answer = await ceremony(options.value.options);
      if (!answer.ok) return fail(answer.error);
      const ok = get().applySessionResult(await api.webauthnAuthenticateVerify({ response: answer.response, rememberDevice }));
      set({ onboardingBusy: null });
      return ok;
    },
    async verifySecondFactor(method, code, rememberDevice) {
      begin('verify');
      const ok = get().applySessionResult(await api.verifySecondFactor({ method, code, rememberDevice }));
      set({ onboardingBusy: null });
      return ok;
    },
    async checkMasterPassword(password) {
      const seq = ++passwordCheckSeq;
      const result = await api.checkMasterPassword({ password });
      if (seq !== passwordCheckSeq) return;
      if (result.ok) set({ passwordCheck: result.value });
      else set({ sessionError: result.error });
    },
    async createVault(masterPassword) {
      begin('vault');
      const ok = get().applySessionResult(await api.createVault({ masterPassword }));
      set(ok ? { onboardingBusy: null, passwordCheck: null } : { onboardingBusy: null });
      return ok;
    },
    async answerStep(step, result) {
      const session = get().session;
      if (session?.kind !== 'signed-in' || !session.onboarding.steps.some((s) => s.id === step)) {
        set({ onboardingPin: null, backupCodesDue: false });
        return true;
      }
      begin('step');
      const ok = await get().completeStep(step, result);
      set(ok ? { onboardingBusy: null, onboardingPin: null, backupCodesDue: false } : { onboardingBusy: null });
      return ok;
    },
    forgetTwoFactorSecrets() {
      set({ totpEnrolment: null, backupCodes: null });
    },
  };
};
