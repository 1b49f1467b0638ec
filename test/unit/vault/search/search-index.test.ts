import { describe, expect, it } from 'vitest';
import { createSearchIndex } from '../../../../main/vault/search/search-index';

const rec = (id: string, title: string, more: Partial<{ username: string; urls: string[]; notes: string }> = {}) => ({
  id,
  title,
  username: more.username ?? '',
  urls: more.urls ?? [],
  notes: more.notes ?? '',
});

const records = [
  rec('1', 'GitHub', { username: 'alice', urls: ['https://github.com/login'] }),
  rec('2', 'Crédit Agricole', { username: 'a.martin', notes: 'card ending 4242' }),
  rec('3', 'Work mail', { username: 'alice@acme.test', urls: ['https://mail.acme.test'] }),
  rec('4', 'Zürich office Wi-Fi', { notes: 'guest network, ask reception' }),
  rec('5', 'Acme VPN', { notes: 'github token in 1Password' }),
];
const index = createSearchIndex(records);
const ids = (q: string): string[] => index.query(q).map((r) => r.id);

describe('search index', () => {
  it('matches token prefixes in title, username, URLs and notes', () => {
    expect(ids('git')).toEqual(['1', '5']);
    expect(ids('mart')).toEqual(['2']);
    expect(ids('mail.acme')).toEqual(['3']);
    expect(ids('recep')).toEqual(['4']);
  });

  it('ignores case and accents both ways', () => {
    expect(ids('CREDIT')).toEqual(['2']);
    expect(ids('zurich')).toEqual(['4']);
    expect(ids('Zür')).toEqual(['4']);
  });

  it('requires every query token, in any order', () => {
    expect(ids('alice acme')).toEqual(['3']);
    expect(ids('acme alice')).toEqual(['3']);
    expect(ids('alice nothing')).toEqual([]);
  });

  it('ranks title matches first, then by title', () => {
    expect(ids('acme')).toEqual(['5', '3']);
  });

  it('returns everything in title order for an empty query, and honours a limit', () => {
    expect(ids('  ')).toEqual(['5', '2', '1', '3', '4']);
    expect(index.query('a', { limit: 2 })).toHaveLength(2);
  });

  it('does not match inside a token', () => {
    expect(ids('hub')).toEqual([]);
  });
});

describe('search index over fields', () => {
  it('finds a card by its holder and an identity by its name, never by a hidden value', () => {
    const withFields = createSearchIndex([
      { ...rec('c', 'Company Visa'), fields: [{ value: 'Alice Example', hidden: false }, { value: '4111 1111 1111 1111', hidden: true }] },
      { ...rec('i', 'Passport details'), fields: [{ value: 'Bergström', hidden: false }, { value: 'X1234567', hidden: true }] },
    ]);
    const found = (q: string) => withFields.query(q).map((r) => r.id);
    expect(found('example')).toEqual(['c']);
    expect(found('bergstrom')).toEqual(['i']);
    expect(found('4111')).toEqual([]);
    expect(found('x1234567')).toEqual([]);
  });
});
