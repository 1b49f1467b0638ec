import { z } from 'zod';
import type { AdminChannels } from '../../preload/admin-contract';

/** Requests of the admin channels: untrusted input like every other channel's, strict. */
const none = z.object({}).strict();
const id = z.string().min(1).max(200);
const name = z.string().trim().min(1).max(200);
const stage = z.enum(['sign_in', 'vault', 'onboarding', 'second_factor', 'finished']);
const isoDate = z.string().datetime({ offset: true });
const page = { offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(200) };

const userFilter = z
  .object({ q: z.string().max(320), status: z.enum(['invited', 'active', 'deactivated']).nullable(), node: name.nullable(), stage: stage.nullable() })
  .strict();
const eventFilter = z
  .object({
    type: z.string().max(64).nullable(),
    user: z.string().trim().max(320).nullable(),
    outcome: z.enum(['success', 'failure']).nullable(),
    from: isoDate.nullable(),
    to: isoDate.nullable(),
  })
  .strict();

type Schemas = { readonly [C in keyof AdminChannels]: z.ZodType<AdminChannels[C]['request']> };

export const ADMIN_REQUEST_SCHEMAS = {
  adminScope: none,
  adminRollout: none,
  adminStuck: z.object({ stage: stage.exclude(['finished']).nullable(), node: name.nullable(), ...page }).strict(),
  adminListUsers: z.object({ filter: userFilter, ...page }).strict(),
  adminGetUser: z.object({ id }).strict(),
  adminUserAction: z.object({ id, action: z.enum(['deactivate', 'reactivate', 'reset_second_factor']) }).strict(),
  adminPlaceUser: z.object({ id, node: name.nullable(), role: name.nullable() }).strict(),
  adminRemoveDevice: z.object({ id, deviceId: id }).strict(),
  adminListEvents: z.object({ filter: eventFilter, before: z.number().int().min(1).nullable(), limit: z.number().int().min(1).max(1000) }).strict(),
  adminExportEvents: z.object({ filter: eventFilter }).strict(),
  adminConnections: none,
} satisfies Schemas;
