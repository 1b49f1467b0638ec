import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../main/app/app-protocol';
import { APP_ENTRY_URL, isAppUrl } from '../../../main/app/app-origin';
import { contentSecurityPolicy } from '../../../main/platform/content-security-policy';
import { findDeepLink, parseDeepLink } from '../../../main/runtime/deep-link';
import { permissionAllowed, shouldBlockNavigation, windowOpenDecision } from '../../../main/app/navigation-guard';
import { isTrustedFrame, type FrameLike } from '../../../main/app/trusted-sender';
import { mainWindowOptions } from '../../../main/app/window-options';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('BrowserWindow options', () => {
  it('turns every Electron security setting on', () => {
    const options = mainWindowOptions({ preloadPath: '/app/dist/preload/index.cjs', show: true });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('starts hidden when asked (login start)', () => {
    expect(mainWindowOptions({ preloadPath: 'p', show: false }).show).toBe(false);
  });
});

describe('navigation and window.open', () => {
  it('keeps the window on our own pages', () => {
    expect(shouldBlockNavigation('app://keyhaven/index.html')).toBe(false);
    expect(shouldBlockNavigation('https://evil.example/')).toBe(true);
    expect(shouldBlockNavigation('http://localhost:3000/')).toBe(true);
    expect(shouldBlockNavigation('file:///etc/passwd')).toBe(true);
    expect(shouldBlockNavigation('app://other/index.html')).toBe(true);
  });

  it('never opens a new window; web links go to the system browser', () => {
    const opened: string[] = [];
    expect(windowOpenDecision({ url: 'https://acme.okta.com/' }, (u) => opened.push(u))).toEqual({ action: 'deny' });
    expect(windowOpenDecision({ url: 'javascript:alert(1)' }, (u) => opened.push(u))).toEqual({ action: 'deny' });
    expect(windowOpenDecision({ url: 'file:///etc/passwd' }, (u) => opened.push(u))).toEqual({ action: 'deny' });
    expect(windowOpenDecision({ url: 'https://user:pw@evil.example/' }, (u) => opened.push(u))).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://acme.okta.com/']);
  });

  it('denies permission requests by default', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'clipboard-read']) {
      expect(permissionAllowed(p, APP_ENTRY_URL)).toBe(false);
    }
    expect(permissionAllowed('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });
});

describe('IPC sender check', () => {
  const main: FrameLike = { url: APP_ENTRY_URL, parent: null };
  it('trusts only our window top frame showing our page', () => {
    expect(isTrustedFrame(main, () => main)).toBe(true);
    expect(isTrustedFrame({ url: APP_ENTRY_URL, parent: main }, () => main)).toBe(false);
    expect(isTrustedFrame({ url: APP_ENTRY_URL, parent: null }, () => main)).toBe(false);
    const navigated: FrameLike = { url: 'https://evil.example/', parent: null };
    expect(isTrustedFrame(navigated, () => navigated)).toBe(false);
    expect(isTrustedFrame(null, () => main)).toBe(false);
  });
});

describe('app:// protocol', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-renderer-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<html><head></head><body>ok</body></html>');
  writeFileSync(path.join(dir, 'assets/app.js'), 'console.log(1)');
  writeFileSync(path.join(os.tmpdir(), 'kh-outside.txt'), 'secret');
  const handle = createAppProtocolHandler(dir);

  it('serves the renderer with the strict CSP', async () => {
    const res = await handle(new Request('app://keyhaven/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await res.text()).toContain('ok');
    const js = await handle(new Request('app://keyhaven/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses paths outside the renderer folder and other hosts', async () => {
    expect((await handle(new Request('app://keyhaven/..%2fkh-outside.txt'))).status).toBe(404);
    expect((await handle(new Request('app://keyhaven/%2e%2e/kh-outside.txt'))).status).toBe(404);
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('has a CSP with no inline script, eval or remote sources', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(isAppUrl('app://keyhaven/x')).toBe(true);
  });
});

describe('keyhaven:// deep links', () => {
  it('finds the link among arguments and parses only known actions', () => {
    expect(findDeepLink(['/opt/Keyhaven/keyhaven', '--hidden', 'keyhaven://sign-in?email=a@acme.test'])).toBe('keyhaven://sign-in?email=a@acme.test');
    expect(parseDeepLink('keyhaven://sign-in?email=a@acme.test')).toEqual({ kind: 'sign-in', email: 'a@acme.test' });
    expect(parseDeepLink('keyhaven://delete-everything')).toEqual({ kind: 'open' });
    expect(parseDeepLink('not a url')).toEqual({ kind: 'open' });
  });
});
