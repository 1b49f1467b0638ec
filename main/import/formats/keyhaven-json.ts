import { createCipheriv, createDecipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../../errors/app-error';
import type { CustomField, RecordDraft, RecordType } from '../imported-record';
import type { ImportFormat } from '../import-format';
import { asArray, asObject, asString, isObject, parseJsonBytes } from '../json-values';
import { createResultCollector, notThisFormat } from '../result-collector';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

/**
 * Keyhaven's own export (Settings → My security → Export): the items as JSON, encrypted with a
 * password chosen for the file — PBKDF2-HMAC-SHA256 (600,000 iterations, as the vault's
 * master-password wrap) and AES-256-GCM, the header bound as associated data so no field of it
 * can be swapped. The importer reads it back; nothing in it is in clear but the header.
 */
const pbkdf2Async = promisify(pbkdf2);
const KEYHAVEN_EXPORT_FORMAT = 'keyhaven-export';
const VERSION = 1;
const ITERATIONS = 600_000;
// A hostile file must not make the import derive forever (caps as for KDBX key derivation).
const MIN_ITERATIONS = 100_000;
const MAX_ITERATIONS = 10_000_000;

/** One item as exported: the vault record without ids or dates. */
export interface ExportItem {
  readonly type: RecordType;
  readonly title: string;
  readonly username: string;
  readonly password: string;
  readonly urls: readonly string[];
  readonly notes: string;
  readonly folder: string | null;
  readonly totp: string | null;
  readonly fields: readonly CustomField[];
  readonly favorite: boolean;
}

function aad(iterations: number, salt: string): Buffer {
  return Buffer.from(`${KEYHAVEN_EXPORT_FORMAT}/${VERSION}/pbkdf2-sha256/${iterations}/${salt}/aes-256-gcm`, 'utf8');
}

function key(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return pbkdf2Async(password.normalize('NFC'), salt, iterations, 32, 'sha256');
}

export async function writeKeyhavenExport(items: readonly ExportItem[], password: string, iterations = ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const saltText = salt.toString('base64');
  const k = await key(password, salt, iterations);
  const plain = Buffer.from(JSON.stringify({ items }), 'utf8');
  try {
    const cipher = createCipheriv('aes-256-gcm', k, nonce);
    cipher.setAAD(aad(iterations, saltText));
    const data = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const file = {
      format: KEYHAVEN_EXPORT_FORMAT,
      version: VERSION,
      encrypted: true,
      kdf: { name: 'pbkdf2-sha256', iterations, salt: saltText },
      cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64') },
      items: items.length,
      data: data.toString('base64'),
    };
    return `${JSON.stringify(file, null, 2)}\n`;
  } finally {
    k.fill(0);
    plain.fill(0);
  }
}

async function decrypt(file: Record<string, unknown>, password: string): Promise<unknown> {
  const kdf = asObject(file['kdf']);
  const cipherSpec = asObject(file['cipher']);
  const iterations = kdf['iterations'];
  if (file['version'] !== VERSION || kdf['name'] !== 'pbkdf2-sha256' || cipherSpec['name'] !== 'aes-256-gcm') {
    throw new AppError('unreadable_file', 'This Keyhaven export was written by a newer version of Keyhaven, or its header was changed.');
  }
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new AppError('unreadable_file', `This Keyhaven export's key derivation is outside ${MIN_ITERATIONS}..${MAX_ITERATIONS} iterations.`);
  }
  const saltText = asString(kdf['salt']);
  const salt = Buffer.from(saltText, 'base64');
  const nonce = Buffer.from(asString(cipherSpec['nonce']), 'base64');
  const data = Buffer.from(asString(file['data']), 'base64');
  if (salt.length < 16 || nonce.length !== 12 || data.length < 17) throw new AppError('unreadable_file', 'This Keyhaven export is damaged (its header or data is cut short).');
  const k = await key(password, salt, iterations);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', k, nonce);
    decipher.setAAD(aad(iterations, saltText));
    decipher.setAuthTag(data.subarray(data.length - 16));
    plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  } catch {
    // GCM cannot tell a wrong password from a changed file.
    throw new AppError('wrong_import_password', 'The password for this Keyhaven export is wrong (or the file was changed).');
  } finally {
    k.fill(0);
  }
  try {
    return parseJsonBytes(plain, 'Keyhaven export');
  } finally {
    plain.fill(0);
  }
}

const TYPES: readonly RecordType[] = ['login', 'note', 'card', 'identity'];

function toDraft(raw: unknown): RecordDraft | null {
  const item = asObject(raw);
  const type = TYPES.find((t) => t === item['type']);
  if (type === undefined) return null;
  const totp = asString(item['totp']);
  return {
    type,
    title: asString(item['title']),
    username: asString(item['username']),
    password: asString(item['password']),
    urls: asArray(item['urls']).map(asString),
    notes: asString(item['notes']),
    // The collector's record builder normalises it ('/' between levels), as for every format.
    folder: asString(item['folder']) || null,
    totp: totp === '' ? null : totp,
    fields: asArray(item['fields'])
      .map(asObject)
      .map((f) => ({ name: asString(f['name']), value: asString(f['value']), hidden: f['hidden'] === true })),
    favorite: item['favorite'] === true,
  };
}

export const keyhavenJsonFormat: ImportFormat = {
  id: 'keyhaven-json',
  label: IMPORT_FORMAT_LABELS['keyhaven-json'],
  detect: (input) => (input.kind === 'json' && isObject(input.json) && input.json['format'] === KEYHAVEN_EXPORT_FORMAT ? 1 : 0),
  parse: async (input, options) => {
    const file = asObject(parseJsonBytes(input.bytes, 'Keyhaven export'));
    if (file['format'] !== KEYHAVEN_EXPORT_FORMAT) throw notThisFormat('Keyhaven export', 'no "format": "keyhaven-export"');
    if (options?.password === undefined || options.password === '') {
      throw new AppError('import_password_required', 'This Keyhaven export is encrypted: enter the password it was exported with.');
    }
    const inner = asObject(await decrypt(file, options.password));
    if (!Array.isArray(inner['items'])) throw new AppError('unreadable_file', 'This Keyhaven export holds no item list.');
    const out = createResultCollector('keyhaven-json');
    asArray(inner['items']).forEach((raw, i) => {
      out.addFrom(i + 1, () => toDraft(raw), 'The item\'s "type" is not one Keyhaven knows (login, note, card, identity)');
    });
    return out.finish();
  },
};
