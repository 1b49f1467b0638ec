import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The web host is reachable by every local process and by any web page the user visits
 * (DNS rebinding, CSRF). Only our own page may talk to it: the Host must be our loopback
 * address, the Origin our own, and the per-launch token must match.
 */
export interface GuardConfig {
  readonly port: number;
  readonly token: string;
}

export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): readonly string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export function hostAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const host = headers.host;
  return typeof host === 'string' && allowedHosts(port).includes(host.toLowerCase());
}

export function originAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const origin = headers.origin;
  return typeof origin === 'string' && allowedOrigins(port).includes(origin.toLowerCase());
}

export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Constant-time: the length check leaks only the length, which is fixed and public.
  return a.length === b.length && timingSafeEqual(a, b);
}
