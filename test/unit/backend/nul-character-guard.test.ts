import { describe, expect, it } from 'vitest';
import { nulCharacterField } from '../../../main/backend/http/nul-character-guard';

describe('nulCharacterField', () => {
  it('names the first string holding U+0000, in arrays, objects and keys', () => {
    expect(nulCharacterField({ a: 'x', b: [{ c: 'ok' }, { c: 'n\u0000' }] }, 'body')).toBe('body.b.1.c');
    expect(nulCharacterField({ ['k\u0000']: 1 }, 'body')).toBe('body (a key)');
    expect(nulCharacterField('\u0000', 'query')).toBe('query');
  });

  it('passes everything else: other control characters, unicode, numbers, null', () => {
    expect(nulCharacterField({ a: '\u0001\t\n', b: 'zoë 日本語 👩‍💻 \ud800', c: 0, d: null, e: true, f: [] }, 'body')).toBeNull();
    expect(nulCharacterField(undefined, 'body')).toBeNull();
  });

  it('walks a body nested far deeper than the call stack allows', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(nulCharacterField(deep, 'body')).toBe('body.0.0.0.0.0.….0.0.0.0.0');
  });
});
