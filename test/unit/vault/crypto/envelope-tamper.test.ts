import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/errors/app-error';
import { unwrapDataKeyForDevice, wrapDataKeyForDevice } from '../../../../main/vault/crypto/data-key';
import { openBox, sealBox } from '../../../../main/vault/crypto/envelope';
import { openRecord, sealRecord } from '../../../../main/vault/crypto/record-envelope';

const dataKey = randomBytes(32);
const RECORD_ID = 'rec-tamper-1';
const envelope = sealRecord(dataKey, RECORD_ID, Buffer.from(JSON.stringify({ secret: 'hunter2' })));

/** Character ranges of each part of "<wrapped key>~<body>", each "kh1.a256gcm.<nonce>.<ct>.<tag>". */
function partRanges(text: string): Map<string, [number, number][]> {
  const ranges = new Map<string, [number, number][]>();
  const add = (name: string, start: number, end: number): void => {
    ranges.set(name, [...(ranges.get(name) ?? []), [start, end]]);
  };
  const [keyHalf, bodyHalf] = text.split('~') as [string, string];
  const names = ['version', 'algorithm', 'nonce', 'ciphertext', 'tag'];
  for (const [half, offset, prefix] of [[keyHalf, 0, 'wrapped record key'], [bodyHalf, keyHalf.length + 1, 'record body']] as const) {
    let at = offset;
    half.split('.').forEach((part, i) => {
      add(`${prefix} ${names[i]}`, at, at + part.length);
      if (i < 4) add('separators', at + part.length, at + part.length + 1);
      at += part.length + 1;
    });
  }
  add('separators', keyHalf.length, keyHalf.length + 1);
  return ranges;
}

function expectTampered(run: () => unknown, naming: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe('tampered');
  expect((thrown as AppError).publicMessage).toContain(naming);
}

describe('a flipped bit anywhere in a record envelope is reported as tampering of that record', () => {
  for (const [name, ranges] of partRanges(envelope)) {
    it(`in the ${name}`, () => {
      let flips = 0;
      for (const [start, end] of ranges) {
        for (let i = start; i < end; i += 1) {
          for (const bit of [1, 2, 4, 8, 16, 32, 64]) {
            const altered = envelope.slice(0, i) + String.fromCharCode(envelope.charCodeAt(i) ^ bit) + envelope.slice(i + 1);
            expectTampered(() => openRecord(dataKey, RECORD_ID, altered), RECORD_ID);
            flips += 1;
          }
        }
      }
      expect(flips).toBeGreaterThan(0);
    });
  }

  it('when truncated, extended or re-joined', () => {
    expectTampered(() => openRecord(dataKey, RECORD_ID, envelope.slice(0, -1)), RECORD_ID);
    expectTampered(() => openRecord(dataKey, RECORD_ID, `${envelope}A`), RECORD_ID);
    expectTampered(() => openRecord(dataKey, RECORD_ID, `${envelope}.AA`), RECORD_ID);
    expectTampered(() => openRecord(dataKey, RECORD_ID, envelope.split('~')[1]!), RECORD_ID);
    expectTampered(() => openRecord(dataKey, RECORD_ID, ''), RECORD_ID);
  });
});

describe('envelopes are bound to their record and purpose', () => {
  it('refuses a record envelope moved to another record id', () => {
    expectTampered(() => openRecord(dataKey, 'rec-other', envelope), 'rec-other');
  });

  it('refuses a record whose wrapped key half was swapped with another record of the same vault', () => {
    const other = sealRecord(dataKey, 'rec-other', Buffer.from('{}'));
    const spliced = `${other.split('~')[0]}~${envelope.split('~')[1]}`;
    expectTampered(() => openRecord(dataKey, RECORD_ID, spliced), RECORD_ID);
  });

  it('refuses a wrapped record key presented as a device-wrapped data key', () => {
    const keyHalf = envelope.split('~')[0]!;
    expectTampered(() => unwrapDataKeyForDevice(keyHalf, dataKey, RECORD_ID), RECORD_ID);
  });

  it('refuses a device-wrapped data key registered for another device', () => {
    const deviceKey = randomBytes(32);
    const wrapped = wrapDataKeyForDevice(dataKey, deviceKey, 'device-A');
    expect(unwrapDataKeyForDevice(wrapped, deviceKey, 'device-A').equals(dataKey)).toBe(true);
    expectTampered(() => unwrapDataKeyForDevice(wrapped, deviceKey, 'device-B'), 'device-B');
  });

  it('refuses to open under the wrong key', () => {
    expectTampered(() => openRecord(randomBytes(32), RECORD_ID, envelope), RECORD_ID);
    const box = sealBox(dataKey, Buffer.from('x'), { purpose: 'record', subject: 'r' });
    expectTampered(() => openBox(randomBytes(32), box, { purpose: 'record', subject: 'r' }), 'record r');
  });

  it('uses a fresh nonce and record key every time', () => {
    const again = sealRecord(dataKey, RECORD_ID, Buffer.from(JSON.stringify({ secret: 'hunter2' })));
    expect(again).not.toBe(envelope);
    const nonces = new Set([envelope, again].flatMap((e) => e.split('~').map((h) => h.split('.')[2])));
    expect(nonces.size).toBe(4);
  });
});
