import type { BrowserInfo } from '../../../preload/contract';

export interface BrandSource {
  readonly userAgent: string;
  readonly userAgentData?: { readonly brands: readonly { readonly brand: string }[] } | undefined;
}

/**
 * The browser this window runs in (the web host's Chromium app window, or any browser someone
 * opened the web host in): it is installed, whatever the install-path search found. Electron's
 * window is not a browser, so it names none.
 */
export function currentBrowser(source: BrandSource): BrowserInfo['id'] | null {
  if (/\bElectron\//.test(source.userAgent)) return null;
  const brands = (source.userAgentData?.brands ?? []).map((b) => b.brand);
  if (brands.includes('Microsoft Edge') || /\bEdg\//.test(source.userAgent)) return 'edge';
  if (brands.includes('Brave')) return 'brave';
  if (brands.includes('Vivaldi') || /\bVivaldi\//.test(source.userAgent)) return 'vivaldi';
  if (brands.includes('Google Chrome')) return 'chrome';
  if (brands.includes('Chromium')) return 'chromium';
  if (/\bFirefox\//.test(source.userAgent)) return 'firefox';
  if (/\bVersion\/[\d.]+ Safari\//.test(source.userAgent) && !/\bChrom(e|ium)\//.test(source.userAgent)) return 'safari';
  if (/\bChrome\//.test(source.userAgent)) return 'chromium';
  return null;
}

/** The catalog with the running browser marked installed (added when the catalog lacks it). */
export function withCurrentBrowser(browsers: readonly BrowserInfo[], current: BrowserInfo['id'] | null): readonly BrowserInfo[] {
  if (current === null) return browsers;
  return browsers.map((b) => (b.id === current ? { ...b, installed: true } : b));
}
