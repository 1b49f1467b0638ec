import type { z } from 'zod';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import { PUSH_TICKET_HEADER, type pushMessageSchema } from '../api/endpoints/push';
import { AppError, isErrorCode, type ErrorCode } from '../errors/app-error';
import type { Logger } from '../log/logger';

/** An event as the backend's push channel sends it (main/backend/push/push-events.ts). */
export type PushMessage = z.output<typeof pushMessageSchema>;

export type PushSignOutReason = 'user_deactivated' | 'device_removed' | 'session_expired';

export interface PushClientOptions {
  readonly client: ApiClient;
  readonly token: string;
  readonly logger: Logger;
  readonly onEvent: (event: PushMessage) => void;
  /** The server ended the session: called once, then the client stops. */
  readonly onSignedOut: (reason: PushSignOutReason) => void;
  /** Each (re)connection, stream or poll: a chance to fetch state the events only hint at. */
  readonly onConnected?: (mode: PushMode) => void;
  /** Poll interval while the stream is unavailable. */
  readonly pollMs?: number;
  /** How long polling lasts before the stream is tried again. */
  readonly retryStreamMs?: number;
  /** No byte on the stream for this long (the server sends a comment every 15 s): fall back. */
  readonly idleMs?: number;
}

export type PushMode = 'connecting' | 'stream' | 'poll' | 'stopped';

export interface PushClient {
  mode(): PushMode;
  stop(): void;
}

/**
 * The app's end of the push channel: a server-sent event stream (`/v1/push/stream`) kept open
 * with the session's token; where it fails or a proxy stalls it, polling `/v1/push/poll`
 * every few seconds, trying the stream again now and then. A 401/403 on either (or the
 * stream's `signed-out` event) means the server ended the session.
 */
export function startPushClient(o: PushClientOptions): PushClient {
  const log = o.logger.child({ scope: 'push' });
  let mode: PushMode = 'connecting';
  let cursor: number | null = null;
  /** From the server: lets a poll learn why the session ended once the token no longer works. */
  let ticket: string | null = null;
  let stopped = false;
  let abort: AbortController | null = null;
  let wake: (() => void) | null = null;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });

  function signedOut(reason: PushSignOutReason): void {
    if (stopped) return;
    stop();
    o.onSignedOut(reason);
  }

  function deliver(event: PushMessage): void {
    if (cursor === null || event.seq > cursor) cursor = event.seq;
    try {
      o.onEvent(event);
    } catch (err) {
      log.warn({ err }, 'push event handler failed');
    }
  }

  /** A 401/403 that ends the session, and why; anything else (e.g. ip_not_allowed) is not a sign-out. */
  function signOutReason(status: number, code: ErrorCode): PushSignOutReason | null {
    if (status !== 401 && status !== 403) return null;
    if (code === 'user_deactivated' || code === 'device_removed') return code;
    // A refusal without a code of ours: the session is gone all the same.
    if (code === 'session_expired' || code === 'unauthorized' || code === 'internal') return 'session_expired';
    return null;
  }

  async function streamRefusal(res: Response): Promise<PushSignOutReason | null> {
    if (res.status !== 401 && res.status !== 403) return null;
    const body = (await res.json().catch(() => ({}))) as { error?: unknown };
    return signOutReason(res.status, isErrorCode(body.error) ? body.error : 'internal');
  }

  /** Resolves when the stream ends or stalls; 'signed-out' when the session is over. */
  async function stream(): Promise<'ended' | 'signed-out'> {
    abort = new AbortController();
    const controller = abort;
    let idle: NodeJS.Timeout | undefined;
    const touch = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), o.idleMs ?? 40_000);
    };
    try {
      touch();
      const res = await o.client.stream(API.push.stream, { token: o.token }, controller.signal);
      const reason = await streamRefusal(res);
      if (reason !== null) {
        signedOut(reason);
        return 'signed-out';
      }
      if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return 'ended';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'ended';
        touch();
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const outcome = handleBlock(block);
          if (outcome === 'signed-out') return outcome;
        }
      }
    } catch (err) {
      if (!stopped) log.info({ err: (err as Error).name }, 'push stream interrupted');
      return 'ended';
    } finally {
      clearTimeout(idle);
      controller.abort();
    }
  }

  function handleBlock(block: string): 'signed-out' | null {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trim());
    }
    if (data.length === 0) return null;
    const parsed = JSON.parse(data.join('\n')) as Record<string, unknown>;
    if (event === 'ready') {
      cursor ??= Number(parsed.cursor);
      if (typeof parsed.ticket === 'string') ticket = parsed.ticket;
      mode = 'stream';
      o.onConnected?.('stream');
    } else if (event === 'push') {
      deliver(parsed as unknown as PushMessage);
    } else if (event === 'signed-out') {
      const reason = parsed.reason;
      signedOut(reason === 'user_deactivated' || reason === 'device_removed' ? reason : 'session_expired');
      return 'signed-out';
    }
    return null;
  }

  /** One poll; false once the session is over. */
  async function poll(): Promise<boolean> {
    let body;
    try {
      body = await o.client.call(API.push.poll, { token: o.token, query: { after: cursor }, timeoutMs: 15_000, headers: ticket === null ? {} : { [PUSH_TICKET_HEADER]: ticket } });
    } catch (err) {
      const reason = err instanceof AppError ? signOutReason(err.status, err.code) : null;
      if (reason === null) throw err;
      signedOut(reason);
      return false;
    }
    ticket = body.ticket;
    const first = cursor === null;
    for (const event of body.events) deliver(event);
    cursor = Math.max(cursor ?? 0, body.cursor);
    if (first || mode !== 'poll') {
      mode = 'poll';
      o.onConnected?.('poll');
    }
    return true;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      mode = 'connecting';
      if ((await stream()) === 'signed-out' || stopped) return;
      const until = Date.now() + (o.retryStreamMs ?? 30_000);
      while (!stopped && Date.now() < until) {
        try {
          if (!(await poll())) return;
        } catch (err) {
          log.info({ err: (err as Error).name }, 'push poll failed');
        }
        if (!stopped) await sleep(o.pollMs ?? 3_000);
      }
    }
  }

  function stop(): void {
    stopped = true;
    mode = 'stopped';
    abort?.abort();
    wake?.();
  }

  void run();
  return { mode: () => mode, stop };
}
