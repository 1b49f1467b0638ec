import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { TenantConfig } from '../config/tenant-config';
import { secretsEqual } from '../sessions/session-token';
import { ScimError } from './scim-error';

/** The name audit events show for the administrator token. */
export const ADMIN_ACTOR = 'admin';

/**
 * `Authorization: Bearer <token>`: a SCIM token of the tenant config (stored as SHA-256) or the
 * admin token. Every configured hash is compared, in constant time, whatever matched first —
 * the time taken says nothing about which token, or how much of one, was right.
 */
export function createScimAuth(config: TenantConfig): (req: FastifyRequest) => string {
  const hashes = config.scimTokens.map((t) => ({ name: t.name, hash: Buffer.from(t.sha256, 'hex') }));
  return (req) => {
    const m = typeof req.headers.authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization) : null;
    const token = m?.[1];
    if (token === undefined) throw new ScimError(401, null, 'A SCIM bearer token is required (Authorization: Bearer …).');
    const presented = createHash('sha256').update(token, 'utf8').digest();
    let actor: string | null = null;
    for (const t of hashes) {
      if (timingSafeEqual(presented, t.hash) && actor === null) actor = t.name;
    }
    if (secretsEqual(token, config.adminToken) && actor === null) actor = ADMIN_ACTOR;
    if (actor === null) throw new ScimError(401, null, 'The SCIM bearer token is not valid.');
    return actor;
  };
}
