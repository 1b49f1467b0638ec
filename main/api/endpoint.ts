import type { z } from 'zod';
import type { ErrorCode } from '../errors/app-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call: `none` (sign-in), `session` (`Authorization: Bearer <session>`), or `admin`
 * (the admin token, or the session of a person whose role grants administration).
 */
export type EndpointAuth = 'none' | 'session' | 'admin';

/**
 * One endpoint of the backend's app-facing API (`/v1/*`, and the SAML SP metadata the admin
 * area downloads), written once: the Fastify route is
 * registered from it (main/backend/http/route.ts) and the app calls it through the one client
 * (api-client.ts). Paths use Fastify's syntax (`/v1/devices/:id`).
 */
export interface EndpointSpec {
  readonly method: HttpMethod;
  readonly path: `/${string}`;
  readonly auth: EndpointAuth;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** A JSON answer's schema; `text` for a download (CSV); `event-stream` for server-sent events. */
  readonly response: z.ZodType | 'text' | 'event-stream';
  /** The success status when it is not 200. */
  readonly status?: 201;
  /** The codes this endpoint answers besides the ones every endpoint may (bad_request, internal…). */
  readonly errors: readonly ErrorCode[];
  /** A refusal whose body carries more than `{error, message}` (e.g. stale_revision's `current`). */
  readonly refusal?: { readonly code: ErrorCode; readonly body: z.ZodType };
  /** A body cap above the backend's default. */
  readonly bodyLimit?: number;
}

/** Declares an endpoint, keeping its literal types (so requests and answers are typed from it). */
export const endpoint = <const E extends EndpointSpec>(e: E): E => e;

type Schema<E, K extends 'params' | 'query' | 'body'> = E extends { readonly [P in K]: infer S extends z.ZodType } ? S : never;

type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/**
 * A schema's input as a handler may build it: read-only arrays and objects, extra fields
 * (the client strips or passes them), literal `true`/`0` as plain booleans and numbers.
 */
export type Wire<T> = T extends boolean
  ? boolean
  : T extends number
    ? number
    : T extends readonly (infer U)[]
      ? readonly Wire<U>[]
      : T extends Date
        ? T
        : T extends object
          ? { readonly [K in KnownKeys<T>]: Wire<T[K]> }
          : T;

/** What the route handler may return: the schema's input (before defaults and transforms). */
export type ReplyOf<E extends EndpointSpec> = E['response'] extends z.ZodType ? Wire<z.input<E['response']>> : unknown;
/** What the client hands back: the schema's output. */
export type ResultOf<E extends EndpointSpec> = E['response'] extends z.ZodType ? z.output<E['response']> : string;
export type BodyOf<E extends EndpointSpec> = z.output<Schema<E, 'body'>>;
export type QueryOf<E extends EndpointSpec> = z.output<Schema<E, 'query'>>;
export type ParamsOf<E extends EndpointSpec> = z.output<Schema<E, 'params'>>;

/** Query values the client leaves out when null, undefined or empty. */
type Loose<T> = { readonly [K in keyof T]?: T[K] | null };

/** What a call needs: the path parameters, query, body and token its descriptor declares. */
export type CallInput<E extends EndpointSpec> = (E extends { readonly params: z.ZodType } ? { readonly params: Wire<z.input<Schema<E, 'params'>>> } : unknown) &
  (E extends { readonly query: z.ZodType } ? { readonly query?: Loose<z.input<Schema<E, 'query'>>> } : unknown) &
  (E extends { readonly body: z.ZodType } ? { readonly body: Wire<z.input<Schema<E, 'body'>>> } : unknown) &
  (E['auth'] extends 'none' ? unknown : { readonly token: string }) & {
    /** Extra request headers (e.g. the push ticket). */
    readonly headers?: Readonly<Record<string, string>>;
    /** Overrides the client's timeout for this call. */
    readonly timeoutMs?: number;
  };
