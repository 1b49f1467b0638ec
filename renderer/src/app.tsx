import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { AdminGate } from './admin/admin-gate';
import type { SessionView } from '../../preload/contract';
import { ConfirmAccount } from './login/confirm-account';
import { SignInScreen } from './login/sign-in-screen';
import { useAppliedTheme } from './settings/use-applied-theme';
import { useAppStore } from './state/store-context';
import { useActivityReport } from './vault/use-activity-report';

// The first screen (sign-in) is in the initial bundle; the screens after it are chunks of their
// own, fetched from the same origin when first shown (the CSP's script-src 'self' allows them).
const SecondFactorChallenge = lazy(async () => ({ default: (await import('./onboarding/second-factor-challenge')).SecondFactorChallenge }));
const OnboardingWizard = lazy(async () => ({ default: (await import('./onboarding/onboarding-wizard')).OnboardingWizard }));
const UnlockScreen = lazy(async () => ({ default: (await import('./vault/unlock-screen')).UnlockScreen }));
const VaultScreen = lazy(async () => ({ default: (await import('./vault/vault-screen')).VaultScreen }));
const ApprovalPrompts = lazy(async () => ({ default: (await import('./devices/approval-prompts')).ApprovalPrompts }));

type SignedIn = Extract<SessionView, { kind: 'signed-in' }>;

export type Screen = 'loading' | 'sign-in' | 'second-factor' | 'onboarding' | 'unlock' | 'vault';

/**
 * Which screen a session calls for; the backend's policy decides, the renderer only follows.
 * `onboardingPinned`: a wizard step still on screen (backup codes after the second factor).
 */
export function screenFor(session: SessionView | null, onboardingPinned = false): Screen {
  if (session === null) return 'loading';
  if (session.kind === 'signed-out') return 'sign-in';
  if (session.secondFactor === 'required') return 'second-factor';
  if (needsOnboarding(session) || (onboardingPinned && session.onboarding.steps.length > 0)) return 'onboarding';
  if (!session.vaultUnlocked) return 'unlock';
  return 'vault';
}

function needsOnboarding(session: SignedIn): boolean {
  if (!session.vaultExists) return true;
  const current = session.onboarding.current;
  return current !== null;
}

export function App() {
  const session = useAppStore((s) => s.session);
  const loadInfo = useAppStore((s) => s.loadInfo);
  const loadSession = useAppStore((s) => s.loadSession);
  const onboardingPinned = useAppStore((s) => s.onboardingPin !== null);
  const signIn = useAppStore((s) => s.signIn);
  const loadSignInState = useAppStore((s) => s.loadSignInState);
  useActivityReport();
  useAppliedTheme();

  useEffect(() => {
    void loadInfo();
    void loadSession();
    void loadSignInState();
  }, [loadInfo, loadSession, loadSignInState]);

  // Over any screen, signed in or not: the account is only switched once the person confirms.
  if (signIn.kind === 'confirm') return <ConfirmAccount state={signIn} />;
  return <Suspense fallback={<Starting />}>{screen(screenFor(session, onboardingPinned))}</Suspense>;
}

function Starting() {
  return (
    <main className="centered" aria-busy="true">
      <p role="status">Starting Keyhaven…</p>
    </main>
  );
}

function screen(which: Screen): ReactNode {
  switch (which) {
    case 'loading':
      return <Starting />;
    case 'sign-in':
      return <SignInScreen />;
    case 'second-factor':
      return <SecondFactorChallenge />;
    case 'onboarding':
      return (
        <AdminGate>
          <OnboardingWizard />
        </AdminGate>
      );
    case 'unlock':
      return (
        <AdminGate>
          <UnlockScreen />
        </AdminGate>
      );
    case 'vault':
      return (
        <AdminGate>
          <VaultScreen />
          <ApprovalPrompts />
        </AdminGate>
      );
  }
}
