import type { z } from 'zod';
import { AppError, toErrorBody } from '../errors/app-error';
import type { Logger } from '../log/logger';
import { CHANNELS, CONTRACT, type Channel, type HandlerContext, type HandlerTable, type Result } from '../../preload/contract';

const KNOWN: ReadonlySet<string> = new Set(CHANNELS);

export function isChannel(name: string): name is Channel {
  return KNOWN.has(name);
}

/** Where a value first fails a schema: `path: message`. */
function firstIssue(error: z.ZodError, whole: string): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : whole;
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

export interface RunHandlerOptions {
  /**
   * Also check each result against the channel's result schema (the tests' hosts do): a result
   * that does not match is main's own bug, logged and answered `internal`.
   */
  readonly checkResults?: boolean;
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
  options: RunHandlerOptions = {},
): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) throw new AppError('not_found', `Unknown channel "${channel}".`);
    const schemas: { request: z.ZodType; result: z.ZodType } = CONTRACT[channel];
    const parsed = schemas.request.safeParse(rawRequest ?? {});
    if (!parsed.success) throw new AppError('bad_request', `Invalid request for ${channel}: ${firstIssue(parsed.error, 'request')}.`);
    const handler = table[channel] as (request: unknown, context: HandlerContext) => Promise<unknown>;
    const value = await handler(parsed.data, context);
    if (options.checkResults) {
      const checked = schemas.result.safeParse(value);
      if (!checked.success) throw new Error(`The result of ${channel} does not match its schema: ${firstIssue(checked.error, 'result')}`);
    }
    return { ok: true, value };
  } catch (err) {
    if (!(err instanceof AppError)) logger.error({ err, channel }, 'handler failed');
    const body = toErrorBody(err);
    return { ok: false, error: { code: body.error, message: body.message } };
  }
}
