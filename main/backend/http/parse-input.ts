import type { z } from 'zod';
import { AppError } from '../../errors/app-error';

/** Validates a request part with zod; the 400 names the first offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${what}.${issue.path.join('.')}` : what;
  throw new AppError('bad_request', `Invalid ${where}: ${issue?.message ?? 'invalid value'}`);
}
