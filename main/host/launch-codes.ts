import { createHash, randomBytes } from 'node:crypto';

/**
 * The web host's credentials. A launch code is what a printed or opened URL carries: it is
 * worth one exchange, after which it is void. The exchange yields a window secret, set as an
 * HttpOnly, SameSite=Strict cookie, which is never printed, logged or passed on a command line.
 * Both are kept only as SHA-256 hashes, so a lookup compares hashes of a random secret.
 */
export interface LaunchCredentials {
  /** A new one-time launch code. */
  issueCode(): string;
  /** Voids the code and returns a new window secret; null when the code is unknown or used. */
  exchange(code: string): string | null;
  /** True for a window secret that an exchange handed out. */
  validSecret(secret: string | undefined): boolean;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function createLaunchCredentials(): LaunchCredentials {
  const codes = new Set<string>();
  const secrets = new Set<string>();
  return {
    issueCode() {
      const code = randomBytes(32).toString('base64url');
      codes.add(digest(code));
      return code;
    },
    exchange(code) {
      const key = digest(code);
      if (!codes.delete(key)) return null;
      const secret = randomBytes(32).toString('base64url');
      secrets.add(digest(secret));
      return secret;
    },
    validSecret(secret) {
      return typeof secret === 'string' && secret.length > 0 && secrets.has(digest(secret));
    },
  };
}

/** The cookie's name carries the port: cookies are per host, not per port, and several hosts may run. */
export function sessionCookieName(port: number): string {
  return `keyhaven-${port}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
