import { AppError } from '../../errors/app-error';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * RFC 8252 §7.3: a native app receives the IdP's answer on a loopback http URL with an
 * explicit port. Anything else (https page, custom host, userinfo, fragment) is refused.
 */
export function assertLoopbackRedirectUri(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('bad_request', 'redirectUri is not a URL.');
  }
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || url.port === '' || url.username !== '' || url.password !== '' || url.hash !== '') {
    throw new AppError('bad_request', 'redirectUri must be a loopback URL such as http://127.0.0.1:PORT/path (RFC 8252).');
  }
  return url;
}
