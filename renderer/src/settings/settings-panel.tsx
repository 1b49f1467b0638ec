import { useEffect, useId, useState } from 'react';
import type { SettingView } from '../../../preload/contract';
import { ErrorBanner } from '../components/error-banner';
import { ModalDialog } from '../components/modal-dialog';
import { useAppStore } from '../state/store-context';
import { ClipboardSecondsField } from './clipboard-seconds-field';
import { DevicesSection } from './devices-section';
import { ManagedNote } from './managed-note';
import { ManagedSettingsList } from './managed-settings-list';
import { MySecuritySection } from './my-security-section';
import { SaveDiagnostics } from './save-diagnostics';
import { ThemeField } from './theme-field';

function isManaged(view: SettingView | undefined): boolean {
  return view !== undefined && (view.managed || view.locked);
}

function SettingCheckbox({ name, label }: { name: 'launchAtStartup' | 'startHidden'; label: string }) {
  const view = useAppStore((s) => s.settings[name]);
  const updateSetting = useAppStore((s) => s.updateSetting);
  const id = useId();
  const managed = isManaged(view);
  return (
    <div className="checkbox-row setting">
      <input
        id={id}
        type="checkbox"
        checked={view?.value === true}
        disabled={view === undefined || managed}
        aria-describedby={managed ? `${id}-managed` : undefined}
        onChange={(e) => void updateSetting(name, e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {managed ? <ManagedNote id={`${id}-managed`} source={view?.source} /> : null}
    </div>
  );
}

export function SettingsPanel({ onClose }: { onClose: () => void }) {
  const loadSettings = useAppStore((s) => s.loadSettings);
  const error = useAppStore((s) => s.settingsError);
  const loaded = useAppStore((s) => Object.keys(s.settings).length > 0);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    void loadSettings().then(() => setReady(true));
  }, [loadSettings]);

  return (
    <ModalDialog title="Settings" onClose={onClose}>
      {error ? <ErrorBanner error={error} /> : null}
      {!ready && !loaded ? (
        <p role="status">Loading settings…</p>
      ) : (
        <form className="settings" onSubmit={(e) => e.preventDefault()}>
          <SettingCheckbox name="launchAtStartup" label="Launch Keyhaven when I sign in to my computer" />
          <SettingCheckbox name="startHidden" label="Start hidden in the tray" />
          <ClipboardSecondsField />
          <ThemeField />
        </form>
      )}
      <ManagedSettingsList />
      <SaveDiagnostics />
      <MySecuritySection />
      <DevicesSection />
      <div className="row">
        <button type="button" className="primary" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
