import { buildKeyhavenApi } from '../../../preload/build-api';
import { IPC_PREFIX, type KeyhavenApi, type SessionView } from '../../../preload/contract';
import type { Keyhaven } from './keyhaven';

/**
 * Another window of the app, opened from the test: it exchanges a fresh launch code for its own
 * cookie, as every window of the web host does, and then calls main through the same contract
 * as the renderer (`preload/contract.ts`, over POST /rpc/<channel>). What the app would answer
 * its window is what the test reads — nothing behind it. Events are the page's business: `on`
 * is not served here.
 */
export async function openAppWindow(keyhaven: Keyhaven): Promise<KeyhavenApi> {
  const transport = keyhaven.host.transport;
  const launched = await fetch(transport.launchUrl, { redirect: 'manual' });
  const cookie = launched.headers.getSetCookie()[0]?.split(';')[0];
  if (launched.status !== 303 || !cookie) throw new Error(`the web host did not open a window (HTTP ${launched.status})`);
  const origin = new URL(transport.url).origin;
  return buildKeyhavenApi({
    async invoke(channel, request) {
      const name = channel.startsWith(IPC_PREFIX) ? channel.slice(IPC_PREFIX.length) : channel;
      const res = await fetch(`${origin}/rpc/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie },
        body: JSON.stringify(request ?? {}),
      });
      if (!res.ok) throw new Error(`the web host refused ${name}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
    on() {
      throw new Error('events reach the page, not this window');
    },
  });
}

/** The session as main shows it to a window. */
export async function sessionView(app: KeyhavenApi): Promise<SessionView> {
  const answer = await app.getSession({});
  if (!answer.ok) throw new Error(`getSession failed: ${answer.error.code}`);
  return answer.value;
}

/**
 * Signs the app out as its Sign out button does (the session ends at the backend and leaves the
 * OS keychain); nothing happens when it is signed out already or has stopped.
 */
export async function signOutThroughApp(keyhaven: Keyhaven): Promise<void> {
  await openAppWindow(keyhaven)
    .then((app) => app.signOut({}))
    .catch(() => undefined);
}
