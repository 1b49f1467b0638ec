import type { HandlerTable } from '../../preload/contract';
import type { EffectiveSettings } from '../platform/settings';
import { deviceHandlers } from './handlers/device-handlers';
import { adminHandlers } from './handlers/admin-handlers';
import { importHandlers } from './handlers/import-handlers';
import { onboardingHandlers } from './handlers/onboarding-handlers';
import { securityHandlers } from './handlers/security-handlers';
import { sessionHandlers } from './handlers/session-handlers';
import { settingsHandlers } from './handlers/settings-handlers';
import { vaultHandlers } from './handlers/vault-handlers';
import type { RuntimeServices } from './runtime-services';

/**
 * main's implementation of the contract: one table, served by both transports. `satisfies`
 * makes a missing or mistyped handler a compile error.
 */
export function createHandlerTable(
  services: RuntimeServices,
  options: { deviceId: string; onSettingsChange: (effective: EffectiveSettings) => Promise<void> },
): HandlerTable {
  const table = {
    ...sessionHandlers(services),
    ...onboardingHandlers(services),
    ...vaultHandlers(services),
    ...importHandlers(services),
    ...settingsHandlers(services, options.onSettingsChange),
    ...adminHandlers(services),
    ...deviceHandlers(services),
    ...securityHandlers(services),
  } satisfies HandlerTable;
  // Calls are not activity (the one-time code display polls every second): only the person's
  // input is, reported by the renderer through noteActivity.
  return table;
}
