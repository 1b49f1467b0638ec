import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/errors/app-error';
import { domainOf } from '../../../main/backend/sso/email-domain';
import { assertLoopbackRedirectUri } from '../../../main/backend/sso/loopback-redirect';
import { escapeHtml, htmlPage } from '../../../main/backend/http/html-page';
import { hashToken, newSessionToken, secretsEqual } from '../../../main/backend/sessions/session-token';

describe('sign-in inputs', () => {
  it('accepts only loopback http redirect URIs with a port', () => {
    for (const ok of ['http://127.0.0.1:5000/sso/oidc/callback', 'http://localhost:47291/sso/saml/okta/acs', 'http://[::1]:8080/cb']) {
      expect(assertLoopbackRedirectUri(ok).href).toBe(ok);
    }
    for (const bad of ['https://127.0.0.1:5000/cb', 'http://127.0.0.1/cb', 'http://127.0.0.2:5000/cb', 'http://localhost.evil.test:5000/cb', 'http://a:b@127.0.0.1:5000/cb', 'http://127.0.0.1:5000/cb#x', 'javascript:alert(1)']) {
      expect(() => assertLoopbackRedirectUri(bad), bad).toThrow(AppError);
    }
  });

  it('takes the domain of an email or a bare domain, lower-cased', () => {
    expect(domainOf(' Alice@Acme.TEST ')).toBe('acme.test');
    expect(domainOf('sales.acme.test')).toBe('sales.acme.test');
    for (const bad of ['@acme.test', 'acme', 'a@b', 'a@-x.test', '']) expect(() => domainOf(bad), bad).toThrow(/work email/);
  });

  it('escapes everything it puts in an HTML page', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const page = htmlPage('<t>', '<script>alert(1)</script>', 'bad"code');
    expect(page).not.toContain('<script>');
    expect(page).toContain('bad&quot;code');
  });

  it('makes 32-byte session tokens, stores only their hash and compares secrets of any length', () => {
    const t = newSessionToken();
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(newSessionToken()).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });
});
