import type { FastifyInstance } from 'fastify';
import type { BackendContext } from '../backend-context';

/**
 * Token-only administration routes. The admin area (`/v1/admin/events`, users, rollout,
 * connections), which also accepts administrators' sessions, is in admin-area-routes.ts.
 */
export function registerAdminRoutes(_app: FastifyInstance, _ctx: BackendContext): void {}
