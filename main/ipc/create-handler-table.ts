import type { HandlerTable } from '../../preload/contract';
import type { EffectiveSettings } from '../app/settings';
import { deviceHandlers } from './handlers/device-handlers';
import { importHandlers } from './handlers/import-handlers';
import { onboardingHandlers } from './handlers/onboarding-handlers';
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
    ...deviceHandlers(services),
  } satisfies HandlerTable;
  // Every call counts as activity for the policy's logout timer.
  const touched = {} as Record<string, unknown>;
  for (const [name, handler] of Object.entries(table)) {
    touched[name] = (request: unknown, context: unknown) => {
      services.sessions.touch();
      return (handler as (r: unknown, c: unknown) => Promise<unknown>)(request, context);
    };
  }
  return touched as HandlerTable;
}
