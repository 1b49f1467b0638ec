import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../log/logger';
import { isSqliteBusy } from '../store/immediate-sqlite-dialect';

/** Maps anything thrown to an AppError: our own, Fastify's request errors, else `internal`. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as Partial<FastifyError>;
  if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('payload_too_large', 'The request body is too large.');
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('bad_request', 'Unsupported content type.', { status: 415 });
  }
  if (typeof fe.code === 'string' && fe.code.startsWith('FST_ERR_CTP_')) {
    return new AppError('bad_request', 'The request body could not be parsed.');
  }
  if (isSqliteBusy(err)) {
    // Another process kept the SQLite file locked past every wait; the transaction changed nothing.
    return new AppError('server_busy', 'The server is busy. Please try again in a moment.', { cause: err });
  }
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('bad_request', 'The request is malformed.', { status: fe.statusCode });
  }
  return new AppError('internal', 'Something went wrong on our side. Please try again.', { cause: err });
}

/** Every 4xx/5xx leaves as `{error, message}`; unknown errors are logged, never sent. */
export function installErrorHandling(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((err, req, reply) => {
    const appError = toAppError(err);
    if (appError.code === 'internal') logger.error({ err, route: req.routeOptions.url, method: req.method }, 'request failed');
    if (appError.code === 'server_busy') {
      logger.warn({ route: req.routeOptions.url, method: req.method }, 'database busy');
      void reply.header('retry-after', '1');
    }
    void reply.status(appError.status).type('application/json; charset=utf-8').send(appError.toBody());
  });
  app.setNotFoundHandler((_req, reply) => {
    void reply.status(404).send(new AppError('not_found', 'No such endpoint.').toBody());
  });
}
