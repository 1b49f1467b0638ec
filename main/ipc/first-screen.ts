import type { Logger } from '../log/logger';
import type { Channel, HandlerContext, HandlerTable } from '../../preload/contract';

/**
 * What the renderer asks for before it shows its first screen (renderer/src/app.tsx and the
 * sign-in screen: the session decides the screen, the app info fills in the last email and the
 * managed banner, the settings give the theme). Answered from this device alone when signed out.
 */
export const FIRST_SCREEN_CHANNELS = ['getAppInfo', 'getSession', 'getSettings', 'getSignInState'] as const satisfies readonly Channel[];

/**
 * Begins the first screen's reads while the window (or the browser) is still starting, so that
 * the page's own calls, a moment later, find them done or under way: the session's restore
 * (the keychain, through keytar's native library, loaded on its first use), the settings file,
 * and the contract's request checks, each through the same `runHandler` as a call.
 *
 * Every one of these calls only reads, and a session restore begun here is the one the page's
 * `getSession` then waits for (the session manager runs one restore at a time). The answers are
 * not kept: the page asks again and gets the state as it is then. A failure here is not logged:
 * the page's own call meets it and reports it.
 */
export async function warmFirstScreen(table: HandlerTable, transport: HandlerContext['transport'], logger: Logger): Promise<void> {
  const { runHandler } = await import('./run-handler');
  const quiet = logger.child({ scope: 'first-screen' }, { level: 'silent' });
  await Promise.all(FIRST_SCREEN_CHANNELS.map((channel) => runHandler(table, channel, {}, { transport }, quiet)));
}
