import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from '../../../main/log/logger';

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('keeps our own error codes readable while an authorization code under the same key is redacted', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'debug', destination: destination as never });
    log.info({ code: 'offline_expired' }, 'vault not unlocked automatically');
    log.info({ code: 'x2Fq9-authorization-code' }, 'callback');
    log.info({ nested: { code: 'internal' } }, 'refused');
    const [ours, oauth, nested] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ours?.code).toBe('offline_expired');
    expect(oauth?.code).toBe(REDACTED);
    expect(nested?.nested).toEqual({ code: 'internal' });
  });

  it('never writes tokens, codes, passwords, keys or assertions, at any depth', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'debug', destination: destination as never });
    const secrets = {
      token: 'tok-123456',
      sessionToken: 'sess-abcdef',
      password: 'hunter2-password',
      masterPassword: 'correct horse battery',
      code: 'authcode-987',
      SAMLResponse: 'PHNhbWxwOlJlc3BvbnNl',
      nested: { deep: { clientSecret: 'client-secret-xyz', dataKey: 'a2V5a2V5', state: 'state-555' } },
      list: [{ privateKey: 'pk-000' }, { totpSecret: 'JBSWY3DPEHPK3PXP' }],
    };
    log.child({ scope: 'test' }).info({ ...secrets, userId: 'u-1', connectionId: 'okta' }, 'signed in');
    const out = lines.join('');
    for (const value of ['tok-123456', 'sess-abcdef', 'hunter2-password', 'correct horse battery', 'authcode-987', 'PHNhbWxwOlJlc3BvbnNl', 'client-secret-xyz', 'a2V5a2V5', 'state-555', 'pk-000', 'JBSWY3DPEHPK3PXP']) {
      expect(out).not.toContain(value);
    }
    expect(out).toContain(REDACTED);
    // Ids and metadata stay readable: they are what an operator needs.
    expect(out).toContain('u-1');
    expect(out).toContain('okta');
    expect(out).toContain('signed in');
  });

  it('redacts request headers and bodies logged by an HTTP layer', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', destination: destination as never });
    log.info({ req: { headers: { authorization: 'Bearer abc.def', cookie: 'sid=zzz' }, body: { password: 'x-secret' } } }, 'request');
    const out = lines.join('');
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('sid=zzz');
    expect(out).not.toContain('x-secret');
  });
});
