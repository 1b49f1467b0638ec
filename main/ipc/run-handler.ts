import type { z } from 'zod';
import { AppError, toErrorBody } from '../errors/app-error';
import type { Logger } from '../log/logger';
import { CHANNELS, CONTRACT, type Channel, type HandlerContext, type HandlerTable, type Result } from '../../preload/contract';

const KNOWN: ReadonlySet<string> = new Set(CHANNELS);

export function isChannel(name: string): name is Channel {
  return KNOWN.has(name);
}

/**
 * The one boundary both transports share: validate, run, and convert any failure once into
 * `{ code, message }`. Unknown errors are logged in full and answered as `internal`.
 */
export async function runHandler(
  table: HandlerTable,
  channel: string,
  rawRequest: unknown,
  context: HandlerContext,
  logger: Logger,
): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new AppError('not_found', `Unknown channel "${channel}".`);
    const schema: z.ZodType = CONTRACT[channel].request;
    const parsed = schema.safeParse(rawRequest ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'request';
      throw new AppError('bad_request', `Invalid request for ${channel}: ${where}: ${issue?.message ?? 'invalid'}.`);
    }
    const handler = table[channel] as (request: unknown, context: HandlerContext) => Promise<unknown>;
    const value = await handler(parsed.data, context);
    return { ok: true, value };
  } catch (err) {
    if (!(err instanceof AppError)) logger.error({ err, channel }, 'handler failed');
    const body = toErrorBody(err);
    return { ok: false, error: { code: body.error, message: body.message } };
  }
}
