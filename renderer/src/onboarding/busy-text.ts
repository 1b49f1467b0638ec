import type { OnboardingTask } from '../state/onboarding-slice';

/** What the live status line says while an onboarding call is in flight. */
export const BUSY_TEXT: Readonly<Record<OnboardingTask, string>> = {
  browsers: 'Looking for browsers on this computer…',
  'open-store': 'Opening the extension page in your browser…',
  'two-factor': 'Checking your two-factor methods…',
  totp: 'Preparing your authenticator app setup…',
  verify: 'Checking the code…',
  'backup-codes': 'Creating your backup codes…',
  'security-key': 'Follow your browser’s prompt to use your security key…',
  vault: 'Creating your vault…',
  step: 'Saving…',
};

export function busyText(task: OnboardingTask | null): string {
  return task === null ? '' : BUSY_TEXT[task];
}
