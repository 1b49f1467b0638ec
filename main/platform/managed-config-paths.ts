import path from 'node:path';

/**
 * Where an organisation's machine-wide configuration lives on each OS. Only administrators
 * (installer, MDM, configuration management) can write these locations, which is what makes a
 * value found there "managed": a user cannot override it from their own account.
 */

/** The environment variable that points Keyhaven at another managed.json (tests, admins). */
export const MANAGED_CONFIG_ENV = 'KEYHAVEN_MANAGED_CONFIG';

/** The macOS preferences domain a configuration profile (Jamf, Intune, …) targets. */
export const MACOS_PREFERENCES_DOMAIN = 'com.keyhaven.app';

export interface ManagedConfigLocation {
  /** The JSON file, read when it exists. */
  readonly json: string;
  /** macOS only: the plist a configuration profile installs for our preferences domain. */
  readonly plist?: string;
}

export interface ManagedConfigLocationInput {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function managedConfigLocation({ platform, env }: ManagedConfigLocationInput): ManagedConfigLocation {
  const override = env[MANAGED_CONFIG_ENV]?.trim();
  // An explicit file replaces every OS location, plist included, so a test or an admin trying a
  // file out sees exactly that file's effect.
  if (override) return { json: override };

  switch (platform) {
    case 'win32': {
      // %ProgramData% can be relocated by the OS image; C:\ProgramData is Windows' default.
      const programData = env.ProgramData?.trim() || env.PROGRAMDATA?.trim() || 'C:\\ProgramData';
      return { json: path.win32.join(programData, 'Keyhaven', 'managed.json') };
    }
    case 'darwin':
      return {
        json: '/Library/Application Support/Keyhaven/managed.json',
        plist: `/Library/Managed Preferences/${MACOS_PREFERENCES_DOMAIN}.plist`,
      };
    default:
      // Linux and the BSDs: the FHS place for host-specific configuration.
      return { json: '/etc/keyhaven/managed.json' };
  }
}
