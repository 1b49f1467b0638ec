import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../log/logger';
import { SCIM_JSON, scimErrorBody } from '../scim/scim-error';
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

/**
 * What Fastify refuses before any route runs — a path that is not valid percent-encoding, a
 * path segment over the router's length cap — in the contract's shape (CONTRACT.md: every
 * 4xx is `{error, message}`; under /scim/v2 the SCIM error schema), not Fastify's own body.
 */
export function answerFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const appError =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('bad_request', 'A segment of the URL path is too long.', { status: 414 })
      : err.code === 'FST_ERR_BAD_URL'
        ? new AppError('bad_request', 'The URL path is not valid percent-encoding.')
        : toAppError(err);
  const scim = req.raw.url?.startsWith('/scim/') === true;
  void reply
    .status(appError.status)
    .type(scim ? SCIM_JSON : 'application/json; charset=utf-8')
    .send(scim ? scimErrorBody(appError) : appError.toBody());
}

/**
 * A request Node's HTTP parser cannot read (a malformed request line or header, headers over
 * the size cap): answered as `{error, message}` like everything else, then the connection closes.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, text] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive.']
        : [400, 'Bad Request', 'The HTTP request is malformed.'];
  const body = JSON.stringify(new AppError('bad_request', text, { status }).toBody());
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
