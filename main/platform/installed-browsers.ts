import type { BrowserInfo } from '../../preload/contract';

/**
 * Which browsers are installed, per OS, by their usual install locations, and where each one's
 * extension store page is. (Pure: the file-existence check is passed in.)
 */
export const EXTENSION_STORE_URLS: Readonly<Record<BrowserInfo['id'], string>> = {
  chrome: 'https://chromewebstore.google.com/search/Keyhaven',
  chromium: 'https://chromewebstore.google.com/search/Keyhaven',
  edge: 'https://microsoftedge.microsoft.com/addons/search/Keyhaven',
  firefox: 'https://addons.mozilla.org/firefox/search/?q=Keyhaven',
  brave: 'https://chromewebstore.google.com/search/Keyhaven',
  vivaldi: 'https://chromewebstore.google.com/search/Keyhaven',
  safari: 'https://apps.apple.com/search?term=Keyhaven',
};

const NAMES: Readonly<Record<BrowserInfo['id'], string>> = {
  chrome: 'Google Chrome',
  chromium: 'Chromium',
  edge: 'Microsoft Edge',
  firefox: 'Mozilla Firefox',
  brave: 'Brave',
  vivaldi: 'Vivaldi',
  safari: 'Safari',
};

export function browserCandidates(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): Readonly<Record<BrowserInfo['id'], readonly string[]>> {
  if (platform === 'win32') {
    const pf = env.ProgramFiles ?? 'C:\\Program Files';
    const pf86 = env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)';
    const local = env.LOCALAPPDATA ?? '';
    return {
      chrome: [`${pf}\\Google\\Chrome\\Application\\chrome.exe`, `${pf86}\\Google\\Chrome\\Application\\chrome.exe`, `${local}\\Google\\Chrome\\Application\\chrome.exe`],
      chromium: [`${local}\\Chromium\\Application\\chrome.exe`, `${pf}\\Chromium\\Application\\chrome.exe`],
      edge: [`${pf86}\\Microsoft\\Edge\\Application\\msedge.exe`, `${pf}\\Microsoft\\Edge\\Application\\msedge.exe`],
      firefox: [`${pf}\\Mozilla Firefox\\firefox.exe`, `${pf86}\\Mozilla Firefox\\firefox.exe`],
      brave: [`${pf}\\BraveSoftware\\Brave-Browser\\Application\\brave.exe`, `${local}\\BraveSoftware\\Brave-Browser\\Application\\brave.exe`],
      vivaldi: [`${local}\\Vivaldi\\Application\\vivaldi.exe`, `${pf}\\Vivaldi\\Application\\vivaldi.exe`],
      safari: [],
    };
  }
  if (platform === 'darwin') {
    return {
      chrome: ['/Applications/Google Chrome.app'],
      chromium: ['/Applications/Chromium.app'],
      edge: ['/Applications/Microsoft Edge.app'],
      firefox: ['/Applications/Firefox.app'],
      brave: ['/Applications/Brave Browser.app'],
      vivaldi: ['/Applications/Vivaldi.app'],
      safari: ['/Applications/Safari.app'],
    };
  }
  return {
    chrome: ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome'],
    chromium: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'],
    edge: ['/usr/bin/microsoft-edge', '/opt/microsoft/msedge/msedge'],
    firefox: ['/usr/bin/firefox', '/usr/lib/firefox/firefox', '/snap/bin/firefox'],
    brave: ['/usr/bin/brave-browser', '/opt/brave.com/brave/brave'],
    vivaldi: ['/usr/bin/vivaldi', '/usr/bin/vivaldi-stable', '/opt/vivaldi/vivaldi'],
    safari: [],
  };
}

export interface BrowserCatalog {
  list(): Promise<readonly BrowserInfo[]>;
}

export function createBrowserCatalog(deps: {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  exists: (path: string) => Promise<boolean>;
}): BrowserCatalog {
  return {
    async list() {
      const candidates = browserCandidates(deps.platform, deps.env);
      const ids = Object.keys(NAMES) as BrowserInfo['id'][];
      const out: BrowserInfo[] = [];
      for (const id of ids) {
        if (id === 'safari' && deps.platform !== 'darwin') continue;
        let installed = false;
        for (const p of candidates[id]) {
          if (await deps.exists(p)) {
            installed = true;
            break;
          }
        }
        out.push({ id, name: NAMES[id], installed, storeUrl: EXTENSION_STORE_URLS[id] });
      }
      return out;
    },
  };
}
