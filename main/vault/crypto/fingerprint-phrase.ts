import { createHash, hkdfSync, randomInt } from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english.js';

/**
 * The five-word phrase a new device shows and the approving device asks the person to pick.
 *
 *   ikm   = SHA-256(request public key, SPKI DER)
 *   okm   = HKDF-SHA256(ikm, salt = "keyhaven fingerprint v1", info = lower-cased e-mail, 8 bytes)
 *   words = the first 55 bits of okm, big-endian, as five 11-bit indexes into the BIP-39
 *           English word list (2048 words; MIT-licensed copy from @scure/bip39)
 *
 * 55 bits: an attacker who swaps in their own key must find one whose phrase matches the one the
 * person sees, about 2^55 key generations; picking among four also makes "just click Approve"
 * impossible.
 */
export const PHRASE_WORDS = 5;
const SALT = 'keyhaven fingerprint v1';

export function fingerprintPhrase(publicKeySpki: string, email: string): string {
  const ikm = createHash('sha256').update(Buffer.from(publicKeySpki, 'base64url')).digest();
  const okm = Buffer.from(hkdfSync('sha256', ikm, SALT, email.trim().toLowerCase(), 8));
  let bits = okm.readBigUInt64BE(0) >> 9n;
  const words: string[] = [];
  for (let i = 0; i < PHRASE_WORDS; i += 1) {
    words.unshift(wordAt(Number(bits & 0x7ffn)));
    bits >>= 11n;
  }
  return words.join(' ');
}

/** The right phrase among `count - 1` random ones, in random order. */
export function phraseCandidates(correct: string, count = 4): string[] {
  const out = new Set<string>([correct]);
  while (out.size < count) {
    out.add(Array.from({ length: PHRASE_WORDS }, () => wordAt(randomInt(wordlist.length))).join(' '));
  }
  const list = [...out];
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

function wordAt(index: number): string {
  const word = wordlist[index];
  if (word === undefined) throw new RangeError(`no word ${index}`);
  return word;
}
