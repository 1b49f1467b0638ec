import { createRequire } from 'node:module';
import { AppError } from '../../errors/app-error';
import { KEYCHAIN_SERVICE, type Keychain } from './keychain';

/** The part of keytar we use; injectable so tests can provoke the failure paths. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarKeychainOptions {
  readonly service?: string;
  /** Defaults to requiring the native `keytar` module on first use. */
  readonly loadKeytar?: () => KeytarModule;
  readonly platform?: NodeJS.Platform;
}

export const NO_SECRET_SERVICE_MESSAGE =
  'No Secret Service is running (install gnome-keyring or KWallet and sign in to a desktop session; ' +
  'on Debian or Ubuntu: sudo apt install gnome-keyring dbus-x11). ' +
  'Keyhaven keeps its device key only in the OS keychain and never falls back to a plain file.';

export const LOCKED_KEYRING_MESSAGE =
  'The Secret Service has no unlocked login keyring (unlock or create the "login" keyring in your desktop session, ' +
  'e.g. with Seahorse, then try again). Keyhaven never falls back to a plain file.';

/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Vault, Linux Secret
 * Service (libsecret → gnome-keyring or KWallet). keytar is loaded lazily so that importing
 * this module never fails where the native addon is missing (web host tests, packaging scripts).
 */
export function createKeytarKeychain(options: KeytarKeychainOptions = {}): Keychain {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const platform = options.platform ?? process.platform;
  const load = options.loadKeytar ?? defaultLoadKeytar;
  let keytar: KeytarModule | undefined;

  function module(): KeytarModule {
    if (keytar !== undefined) return keytar;
    try {
      keytar = load();
      return keytar;
    } catch (cause) {
      throw new AppError(
        'keychain_unavailable',
        'The OS keychain module (keytar) is not installed or not built for this app' +
          (platform === 'linux' ? ' (it needs libsecret: Debian package libsecret-1-0).' : '.'),
        { cause },
      );
    }
  }

  async function call<T>(run: (k: KeytarModule) => Promise<T>): Promise<T> {
    const k = module();
    try {
      return await run(k);
    } catch (cause) {
      throw toKeychainError(cause, platform);
    }
  }

  return {
    get: (account) => call((k) => k.getPassword(service, account)),
    async set(account, secret) {
      await call((k) => k.setPassword(service, account, secret));
      // A locked keyring accepts the write path silently on some setups and then reads back
      // null: treat anything but the value we wrote as "not stored".
      const readBack = await call((k) => k.getPassword(service, account));
      if (readBack !== secret) throw new AppError('keychain_unavailable', LOCKED_KEYRING_MESSAGE);
    },
    delete: (account) => call((k) => k.deletePassword(service, account)),
  };
}

/** Maps keytar/libsecret failures to one code with a message that says what is missing. */
export function toKeychainError(cause: unknown, platform: NodeJS.Platform): AppError {
  if (cause instanceof AppError) return cause;
  const text = cause instanceof Error ? cause.message : String(cause);
  if (platform === 'linux') {
    // "Failed to execute child process "dbus-launch"": GLib tried to autolaunch a session bus
    // (a display but no session bus, and no dbus-x11 installed).
    if (/autolaunch D-Bus|dbus-launch|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Could not connect|org\.freedesktop\.secrets was not provided|ServiceUnknown|NoReply|Connection refused/i.test(text)) {
      return new AppError('keychain_unavailable', NO_SECRET_SERVICE_MESSAGE, { cause });
    }
    if (/collection\/login|locked|prompt|dismissed|No such secret collection/i.test(text)) {
      return new AppError('keychain_unavailable', LOCKED_KEYRING_MESSAGE, { cause });
    }
  }
  const store = platform === 'darwin' ? 'macOS Keychain' : platform === 'win32' ? 'Windows Credential Vault' : 'Secret Service';
  return new AppError('keychain_unavailable', `The OS keychain (${store}) could not be used: ${text.slice(0, 200)}`, { cause });
}

function defaultLoadKeytar(): KeytarModule {
  const require = createRequire(import.meta.url);
  return require('keytar') as KeytarModule;
}
