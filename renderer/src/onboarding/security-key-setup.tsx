import { useAppStore } from '../state/store-context';
import { browserSupportsWebAuthn, registerSecurityKeyCeremony } from './security-key-ceremony';

export function SecurityKeySetup({ onEnrolled }: { onEnrolled: () => void }) {
  const busy = useAppStore((s) => s.onboardingBusy);
  const registerSecurityKey = useAppStore((s) => s.registerSecurityKey);
  const supported = browserSupportsWebAuthn();

  async function register() {
    if (await registerSecurityKey(registerSecurityKeyCeremony)) onEnrolled();
  }

  return (
    <section className="method-panel" aria-label="Security key setup">
      {supported ? (
        <p>Insert your security key, then choose “Register security key” and follow your browser’s prompt.</p>
      ) : (
        <p>This window cannot use security keys. Choose another method.</p>
      )}
      <button type="button" className="primary" disabled={!supported || busy !== null} onClick={() => void register()}>
        Register security key
      </button>
    </section>
  );
}
