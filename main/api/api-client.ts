import { z } from 'zod';
import { AppError, isErrorCode } from '../errors/app-error';
import type { CallInput, EndpointSpec, ResultOf } from './endpoint';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly fetch?: typeof globalThis.fetch;
  /** How long a request and its answer may take before it fails as `backend_unreachable`. */
  readonly timeoutMs?: number;
}

type Refusable = EndpointSpec & { readonly refusal: { readonly body: z.ZodType } };

export type Attempt<E extends Refusable> = { readonly kind: 'ok'; readonly value: ResultOf<E> } | { readonly kind: 'refused'; readonly body: z.output<E['refusal']['body']> };

/**
 * The app's one way to call its backend: typed by the endpoint descriptors (main/api/api.ts) the
 * backend's routes are registered from. Every answer is checked against its schema; every
 * refusal becomes the AppError the backend sent (code, message, status, detail); a network
 * failure or a server that does not answer in time is `backend_unreachable`.
 */
export interface ApiClient {
  readonly baseUrl: string;
  call<E extends EndpointSpec>(endpoint: E, input: CallInput<E>): Promise<ResultOf<E>>;
  /** For an endpoint whose refusal carries a body (e.g. stale_revision's `current`): that refusal is an answer, not an error. */
  attempt<E extends Refusable>(endpoint: E, input: CallInput<E>): Promise<Attempt<E>>;
  /** Opens a server-sent event stream: the response as it arrives, without a timeout (the caller watches it). */
  stream<E extends EndpointSpec & { readonly response: 'event-stream' }>(endpoint: E, input: CallInput<E>, signal: AbortSignal): Promise<Response>;
}

const errorBodySchema = z.looseObject({ error: z.string(), message: z.string(), detail: z.record(z.string(), z.string()).optional() });

/** A call's input as the client reads it (CallInput<E> narrows it per endpoint). */
interface AnyInput {
  readonly params?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

interface Raw {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
}

/** A path parameter as one safe segment: never empty, never a dot segment the URL parser would resolve. */
function segment(name: string, value: unknown): string {
  const text = String(value ?? '');
  if (text === '' || text === '.' || text === '..') throw new AppError('bad_request', `Invalid path.${name}: must be a non-empty identifier`, { detail: { field: `path.${name}` } });
  return encodeURIComponent(text);
}

/** `/v1/devices/:id` with its parameters filled in, each encoded as one segment. */
export function pathOf(path: string, params: Readonly<Record<string, unknown>> | undefined): string {
  return path.replace(/:([A-Za-z]\w*)/g, (_m, name: string) => segment(name, params?.[name]));
}

/** The query string of the set values only (null, undefined and '' are left out). */
export function queryOf(query: Readonly<Record<string, unknown>> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === '') continue;
    params.set(k, v instanceof Date ? v.toISOString() : String(v as string | number | boolean));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  function request(endpoint: EndpointSpec, input: AnyInput) {
    const url = `${base}${pathOf(endpoint.path, input.params)}${queryOf(input.query)}`;
    const hasBody = endpoint.body !== undefined && input.body !== undefined;
    const accept = endpoint.response === 'event-stream' ? 'text/event-stream' : endpoint.response === 'text' ? 'text/*, application/json' : 'application/json';
    const headers: Record<string, string> = {
      accept,
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(input.token === undefined ? {} : { authorization: `Bearer ${input.token}` }),
      ...input.headers,
    };
    return { url, init: { method: endpoint.method, headers, ...(hasBody ? { body: JSON.stringify(input.body) } : {}) } satisfies RequestInit };
  }

  const where = (endpoint: EndpointSpec) => `${endpoint.method} ${endpoint.path}`;

  async function send(endpoint: EndpointSpec, input: AnyInput): Promise<Raw> {
    const { url, init } = request(endpoint, input);
    const limit = input.timeoutMs ?? timeoutMs;
    const signal = AbortSignal.timeout(limit);
    try {
      const response = await doFetch(url, { ...init, signal });
      // The timeout covers the body too: a server that stalls mid-answer fails like one that never answers.
      const text = await response.text();
      return { status: response.status, ok: response.ok, text };
    } catch (cause) {
      if (signal.aborted) {
        throw new AppError('backend_unreachable', `The Keyhaven server at ${base} did not answer within ${Math.round(limit / 1000)} seconds. Please try again.`, {
          cause,
          detail: { reason: 'timeout' },
        });
      }
      throw new AppError('backend_unreachable', `Keyhaven cannot reach its server at ${base}. Check your network connection.`, { cause, detail: { reason: 'network' } });
    }
  }

  function json(endpoint: EndpointSpec, raw: Raw): unknown {
    if (raw.text.length === 0) return null;
    try {
      return JSON.parse(raw.text) as unknown;
    } catch (cause) {
      if (!raw.ok) return null;
      throw notUnderstood(endpoint, `HTTP ${raw.status} with a body that is not JSON`, cause);
    }
  }

  function notUnderstood(endpoint: EndpointSpec, what: string, cause?: unknown): AppError {
    return new AppError('internal', `The Keyhaven server sent an answer this app does not understand (${where(endpoint)}: ${what}).`, {
      ...(cause === undefined ? {} : { cause }),
      detail: { endpoint: where(endpoint) },
    });
  }

  /** The backend's `{error, message, detail?}` as the same AppError. */
  function refusal(raw: Raw, body: unknown): AppError {
    const parsed = errorBodySchema.safeParse(body);
    if (parsed.success && isErrorCode(parsed.data.error)) {
      return new AppError(parsed.data.error, parsed.data.message, { status: raw.status, ...(parsed.data.detail === undefined ? {} : { detail: parsed.data.detail }) });
    }
    const message = parsed.success ? parsed.data.message : `The Keyhaven server answered HTTP ${raw.status}.`;
    return new AppError('internal', message, { status: raw.status });
  }

  function decode<E extends EndpointSpec>(endpoint: E, raw: Raw): ResultOf<E> {
    if (endpoint.response === 'text') return raw.text as ResultOf<E>;
    if (endpoint.response === 'event-stream') throw notUnderstood(endpoint, 'a stream endpoint read as one answer');
    const result = endpoint.response.safeParse(json(endpoint, raw));
    if (!result.success) {
      const issue = result.error.issues[0];
      throw notUnderstood(endpoint, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`, result.error);
    }
    return result.data as ResultOf<E>;
  }

  return {
    baseUrl: base,

    async call(endpoint, input) {
      const raw = await send(endpoint, input as AnyInput);
      if (!raw.ok) throw refusal(raw, json(endpoint, raw));
      return decode(endpoint, raw);
    },

    async attempt(endpoint, input) {
      const raw = await send(endpoint, input as AnyInput);
      if (raw.ok) return { kind: 'ok', value: decode(endpoint, raw) } as Attempt<typeof endpoint>;
      const body = json(endpoint, raw);
      const error = refusal(raw, body);
      if (error.code !== endpoint.refusal.code) throw error;
      const refused = endpoint.refusal.body.safeParse(body);
      if (!refused.success) throw notUnderstood(endpoint, `${error.code} without its body`, refused.error);
      return { kind: 'refused', body: refused.data } as Attempt<typeof endpoint>;
    },

    async stream(endpoint, input, signal) {
      const { url, init } = request(endpoint, input as AnyInput);
      return doFetch(url, { ...init, signal });
    },
  };
}
