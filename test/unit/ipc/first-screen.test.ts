import { describe, expect, it } from 'vitest';
import type { HandlerContext, HandlerTable } from '../../../preload/contract';
import { FIRST_SCREEN_CHANNELS, warmFirstScreen } from '../../../main/ipc/first-screen';
import { runHandler } from '../../../main/ipc/run-handler';
import { createLogger } from '../../../main/log/logger';

/** A handler table that records every call (channel, request, context) and answers `answer(channel)`. */
function recordingTable(answer: (channel: string) => Promise<unknown>): { table: HandlerTable; calls: [string, unknown, HandlerContext][] } {
  const calls: [string, unknown, HandlerContext][] = [];
  const table = new Proxy({} as HandlerTable, {
    get: (_target, channel) => (request: unknown, context: HandlerContext) => {
      calls.push([String(channel), request, context]);
      return answer(String(channel));
    },
  });
  return { table, calls };
}

/** A logger whose lines are kept, so a test can see whether anything was logged. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }), lines };
}

describe('warmFirstScreen: the first screen’s reads begun before the page asks', () => {
  it('runs each first-screen channel once, through the contract’s request check, with the host’s transport', async () => {
    const { table, calls } = recordingTable(async () => ({}));
    const { logger } = capturingLogger();
    await warmFirstScreen(table, 'ipc', logger);
    expect(calls.map(([channel]) => channel).sort()).toEqual([...FIRST_SCREEN_CHANNELS].sort());
    for (const [, request, context] of calls) {
      expect(request).toEqual({});
      expect(context).toEqual({ transport: 'ipc' });
    }
  });

  it('resolves when a read fails, and leaves the failure to the page’s own call to report', async () => {
    const { table, calls } = recordingTable(async (channel) => {
      if (channel === 'getSession') throw new Error('the keychain is locked');
      return {};
    });
    const { logger, lines } = capturingLogger();
    await expect(warmFirstScreen(table, 'web', logger)).resolves.toBeUndefined();
    expect(calls).toHaveLength(FIRST_SCREEN_CHANNELS.length);
    expect(lines).toEqual([]);
    // The page's call, through the same logger, is where it is logged and answered.
    expect(await runHandler(table, 'getSession', {}, { transport: 'web' }, logger)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(lines.join('')).toContain('handler failed');
  });
});
