import { useEffect, useId, useMemo, useState } from 'react';
import type { BrowserInfo } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';
import { currentBrowser, withCurrentBrowser, type BrandSource } from './current-browser';
import { StepHeading } from './step-heading';
import type { StepProps } from './step-registry';

export function ExtensionStep({ step, answer }: StepProps) {
  const catalog = useAppStore((s) => s.browsers);
  const browsers = useMemo(() => (catalog === null ? null : withCurrentBrowser(catalog, currentBrowser(navigator as unknown as BrandSource))), [catalog]);
  const busy = useAppStore((s) => s.onboardingBusy);
  const loadBrowsers = useAppStore((s) => s.loadBrowsers);
  const openExtensionStore = useAppStore((s) => s.openExtensionStore);
  const [installed, setInstalled] = useState(false);
  const [opened, setOpened] = useState('');
  const checkId = useId();
  const foundId = useId();
  const missingId = useId();

  useEffect(() => {
    void loadBrowsers();
  }, [loadBrowsers]);

  async function open(browser: BrowserInfo) {
    const ok = await openExtensionStore(browser.id);
    setOpened(
      ok
        ? `Opened the extension page in ${browser.name}. Come back here once it is installed.`
        : `${browser.name} could not be opened. Visit ${browser.storeUrl} in ${browser.name} to install the extension.`,
    );
  }

  const found = browsers?.filter((b) => b.installed) ?? [];
  const missing = browsers?.filter((b) => !b.installed) ?? [];
  return (
    <>
      <StepHeading>Install the browser extension</StepHeading>
      <p className="muted">The Keyhaven extension fills in your passwords on websites and saves new ones to your vault.</p>
      {step.status === 'done' ? <p className="banner banner-ok">You have installed the browser extension.</p> : null}
      {browsers === null ? null : (
        <>
          <h2 id={foundId}>Browsers on this computer</h2>
          {found.length === 0 ? (
            <p>No supported browser was found on this computer.</p>
          ) : (
            <ul className="browser-list" aria-labelledby={foundId}>
              {found.map((b) => (
                <li key={b.id}>
                  <span>{b.name}</span>
                  <button type="button" disabled={busy !== null} onClick={() => void open(b)}>
                    Install for {b.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {missing.length > 0 ? (
            <>
              <h2 id={missingId}>Not found on this computer</h2>
              <ul className="browser-list" aria-labelledby={missingId}>
                {missing.map((b) => (
                  <li key={b.id}>{b.name}: not found</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
      <p role="status" className="hint">
        {opened}
      </p>
      {step.status === 'pending' ? (
        <>
          <div className="check">
            <input id={checkId} type="checkbox" checked={installed} onChange={(e) => setInstalled(e.target.checked)} />
            <label htmlFor={checkId}>I have installed the browser extension</label>
          </div>
          <div className="row">
            <button type="button" className="primary" disabled={!installed || busy !== null} onClick={() => void answer('done')}>
              Continue
            </button>
          </div>
        </>
      ) : null}
    </>
  );
}
