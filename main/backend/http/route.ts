import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BodyOf, EndpointSpec, ParamsOf, QueryOf, ReplyOf } from '../../api/endpoint';
import { parseInput } from './parse-input';

/**
 * Registers the route of one endpoint descriptor (main/api/): method, path, body cap and success
 * status come from it, and the handler's answer must match the descriptor's response schema (a
 * mismatch does not compile). The handler parses its inputs itself, where it always did (after
 * authentication), so a bad body from a caller without a session still answers 401 first.
 */
export function route<E extends EndpointSpec>(
  app: FastifyInstance,
  endpoint: E,
  handler: (req: FastifyRequest, reply: FastifyReply) => Promise<ReplyOf<E> | FastifyReply>,
): void {
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    ...(endpoint.bodyLimit === undefined ? {} : { bodyLimit: endpoint.bodyLimit }),
    handler: async (req, reply) => {
      if (endpoint.status !== undefined) void reply.status(endpoint.status);
      return handler(req, reply);
    },
  });
}

/** The request body, checked against the descriptor (400 `bad_request` naming the field). */
export function bodyOf<E extends EndpointSpec & { readonly body: object }>(endpoint: E, req: FastifyRequest): BodyOf<E> {
  return parseInput(endpoint.body, req.body, 'body') as BodyOf<E>;
}

export function queryOf<E extends EndpointSpec & { readonly query: object }>(endpoint: E, req: FastifyRequest): QueryOf<E> {
  return parseInput(endpoint.query, req.query, 'query') as QueryOf<E>;
}

export function paramsOf<E extends EndpointSpec & { readonly params: object }>(endpoint: E, req: FastifyRequest): ParamsOf<E> {
  return parseInput(endpoint.params, req.params, 'path') as ParamsOf<E>;
}
