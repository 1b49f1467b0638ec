import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt } from '../../../../main/vault/crypto/aes-gcm';
import { associatedData, openBox, sealBox, type EnvelopePurpose } from '../../../../main/vault/crypto/envelope';
import { unwrapWithPassword, wrapWithPassword } from '../../../../main/vault/crypto/password-wrap';
import { openRecord } from '../../../../main/vault/crypto/record-envelope';
import type { VaultRecord } from '../../../../main/vault/record';
import { decryptRecord, encryptRecord } from '../../../../main/vault/vault-session';

interface Kat {
  boxes: { purpose: EnvelopePurpose; subject: string; key: string; nonce: string; plaintext: string; plaintextEncoding?: 'hex'; envelope: string }[];
  password: { password: string; iterations: number; salt: string; nonce: string; secret: string; envelope: string };
  record: { dataKey: string; record: { id: string }; envelope: string };
  nistGcm: { name: string; key: string; iv: string; plaintext: string; aad: string; ciphertext: string; tag: string }[];
}

const kat = JSON.parse(readFileSync(new URL('../../../fixtures/vault/kat.json', import.meta.url), 'utf8')) as Kat;
const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const plain = (b: Kat['boxes'][number]): Buffer => (b.plaintextEncoding === 'hex' ? hex(b.plaintext) : Buffer.from(b.plaintext, 'utf8'));

describe('AES-256-GCM primitive', () => {
  for (const v of kat.nistGcm) {
    it(`matches ${v.name}`, () => {
      const sealed = aesGcmEncrypt(hex(v.key), hex(v.iv), hex(v.plaintext), hex(v.aad));
      expect(sealed.ciphertext.toString('hex')).toBe(v.ciphertext);
      expect(sealed.tag.toString('hex')).toBe(v.tag);
      expect(aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag), hex(v.aad)).toString('hex')).toBe(v.plaintext);
    });
  }
});

describe('kh1 envelope known answers', () => {
  for (const b of kat.boxes) {
    it(`seals a ${b.purpose} box to the fixture envelope`, () => {
      expect(sealBox(hex(b.key), plain(b), { purpose: b.purpose, subject: b.subject }, hex(b.nonce))).toBe(b.envelope);
    });

    it(`opens the fixture ${b.purpose} box`, () => {
      expect(openBox(hex(b.key), b.envelope, { purpose: b.purpose, subject: b.subject }).equals(plain(b))).toBe(true);
    });
  }

  it('the fixture envelope is plain AES-256-GCM over the documented associated data', () => {
    const b = kat.boxes[0]!;
    const [, , nonce, ciphertext, tag] = b.envelope.split('.');
    const cipher = createCipheriv('aes-256-gcm', hex(b.key), Buffer.from(nonce!, 'base64url'));
    cipher.setAAD(Buffer.from(JSON.stringify(['kh1', 'a256gcm', b.purpose, b.subject]), 'utf8'));
    const ct = Buffer.concat([cipher.update(plain(b)), cipher.final()]);
    expect(ct.toString('base64url')).toBe(ciphertext);
    expect(cipher.getAuthTag().toString('base64url')).toBe(tag);
  });

  it('wraps a key under a master password to the fixture envelope (PBKDF2-SHA256, 600,000 iterations)', async () => {
    const p = kat.password;
    const envelope = await wrapWithPassword(hex(p.secret), p.password, { iterations: p.iterations, salt: hex(p.salt), nonce: hex(p.nonce) });
    expect(envelope).toBe(p.envelope);
    expect(envelope.split('.')[2]).toBe('600000');
    expect((await unwrapWithPassword(p.envelope, p.password)).toString('hex')).toBe(p.secret);
  });

  it('opens the fixture record envelope into the fixture record', () => {
    const { dataKey, record, envelope } = kat.record;
    expect(JSON.parse(openRecord(hex(dataKey), record.id, envelope).toString('utf8'))).toEqual(record);
    expect(decryptRecord(hex(dataKey), record.id, envelope)).toEqual(record);
  });
});

describe('associated data and string plaintexts', () => {
  it('builds the associated data as the JSON array of version, algorithm, purpose, subject and parameters', () => {
    const purposes: EnvelopePurpose[] = ['record', 'record-key', 'data-key-device', 'data-key-password', 'private-key', 'offline-copy'];
    fc.assert(
      fc.property(fc.constantFrom(...purposes), fc.string({ unit: 'binary' }), fc.array(fc.string({ unit: 'binary' }), { maxLength: 3 }), (purpose, subject, params) => {
        const expected = Buffer.from(JSON.stringify(['kh1', 'a256gcm', purpose, subject, ...params]), 'utf8');
        expect(associatedData('a256gcm', { purpose, subject }, params).equals(expected)).toBe(true);
      }),
    );
  });

  it('seals a string as its UTF-8 bytes', () => {
    const b = kat.boxes[0]!;
    const text = 'Café ☕ \u{1F511} "quoted"';
    const context = { purpose: b.purpose, subject: b.subject };
    expect(sealBox(hex(b.key), text, context, hex(b.nonce))).toBe(sealBox(hex(b.key), Buffer.from(text, 'utf8'), context, hex(b.nonce)));
    expect(openBox(hex(b.key), sealBox(hex(b.key), text, context), context).toString('utf8')).toBe(text);
  });

  it('seals a record that opens through the canonical record path into the same record', () => {
    const { dataKey, record } = kat.record;
    const changed = { ...(record as unknown as VaultRecord), title: 'Café \u{1F511}', notes: 'line "one"\nline two' };
    const envelope = encryptRecord(hex(dataKey), changed);
    expect(envelope.split('~')).toHaveLength(2);
    expect(decryptRecord(hex(dataKey), changed.id, envelope)).toEqual(changed);
  });
});
