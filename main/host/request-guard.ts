import type { IncomingHttpHeaders } from 'node:http';

/**
 * The web host is reachable by every local process and by any web page the user visits
 * (DNS rebinding, CSRF). Only our own page may talk to it: the Host must be our loopback
 * address, the Origin our own, and the window's cookie must be one a launch code was exchanged
 * for (launch-codes.ts).
 */

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
