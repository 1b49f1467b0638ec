import { z } from 'zod';
import { ERROR_CODES } from '../../main/shared/error-codes';

/**
 * What crosses the contract, as both sides see it: every object and array readonly. The types of
 * the contract are `Wire<z.infer<schema>>`, so a schema is the only place a shape is written.
 */
export type Wire<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly Wire<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Wire<T[K]> }
      : T;

/** One channel: the schema main checks every request against, and the schema of its result. */
interface ChannelSchemas<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly result: Res;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, result: Res): ChannelSchemas<Req, Res> {
  return { request, result };
}

/**
 * A result whose shape is owned by another module's type (the enforcement policy, the onboarding
 * plan, the backend's admin rows): typed from there, not checked again at run time.
 */
export function typed<T>(): z.ZodType<T> {
  return z.custom<T>(() => true);
}

/** A request with no arguments: `{}` and nothing else. */
export const none = z.object({}).strict();
export const id = z.string().min(1).max(200);
export const email = z.string().trim().min(1).max(320);
export const masterPassword = z.string().max(1_000).nullable();

export const contractErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type ContractError = Wire<z.infer<typeof contractErrorSchema>>;
