import type { VaultRecord } from '../../main/vault/record';

const SITES = ['github', 'gitlab', 'google', 'microsoft', 'amazon', 'atlassian', 'slack', 'zoom', 'dropbox', 'salesforce', 'workday', 'okta', 'stripe', 'paypal', 'netflix', 'linkedin', 'twitter', 'facebook', 'apple', 'adobe', 'figma', 'notion', 'heroku', 'digitalocean', 'cloudflare', 'zürich-bank', 'crédit-agricole', 'société-générale', 'deutsche-bahn', 'lufthansa'];
const WORDS = ['admin', 'prod', 'staging', 'test', 'billing', 'support', 'team', 'personal', 'legacy', 'backup', 'root', 'api', 'vpn', 'wifi', 'router', 'printer', 'mail', 'calendar', 'finance', 'hr'];
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy', 'trent', 'victor', 'walter'];

/** Deterministic, realistic-looking records (titles, usernames, URLs, notes) for benchmarks. */
export function benchRecords(count: number): VaultRecord[] {
  let seed = 42;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const pick = <T>(list: readonly T[]): T => list[next(list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const site = pick(SITES);
    const person = pick(PEOPLE);
    return {
      id: `rec-${i.toString().padStart(6, '0')}`,
      type: 'login',
      title: `${site[0]?.toUpperCase()}${site.slice(1)} ${pick(WORDS)} ${i}`,
      username: `${person}.${pick(WORDS)}@acme.test`,
      password: `pw-${i}-${next(1e9)}`,
      urls: [`https://${pick(WORDS)}.${site}.example/login`],
      notes: next(3) === 0 ? `${pick(WORDS)} account for ${person}, ask ${pick(PEOPLE)} in ${pick(WORDS)}` : '',
      folder: next(2) === 0 ? pick(WORDS) : null,
      totp: null,
      fields: [],
      favorite: next(10) === 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
  });
}
