// kdbxweb is a UMD bundle: Node's CJS interop only exposes it whole as the default export.
import kdbxweb from 'kdbxweb';
import { AppError } from '../errors/app-error';
import { DEFAULT_KDF_LIMITS, mib, type KdfLimits } from './import-limits';

/** The key-derivation work a KeePass database's header asks for. */
export type KdfParameters =
  | { readonly kdf: 'aes'; readonly rounds: number }
  | { readonly kdf: 'argon2'; readonly iterations: number; readonly memoryBytes: number; readonly parallelism: number };

function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof kdbxweb.Int64) return value.hi * 2 ** 32 + value.lo;
  return Number.NaN;
}

function bytesEqual(a: ArrayBuffer | undefined, base64: string): boolean {
  if (a === undefined) return false;
  return Buffer.from(a).equals(Buffer.from(base64, 'base64'));
}

/**
 * Reads the KDF parameters from the (unauthenticated) outer header, before any key is
 * derived. Returns null when the header cannot be read: loading then fails as damaged.
 */
export function readKdfParameters(bytes: Uint8Array): KdfParameters | null {
  let header: kdbxweb.KdbxHeader;
  try {
    const buffer = bytes.slice().buffer;
    // The outer header never touches the database object; the context only carries it.
    header = kdbxweb.KdbxHeader.read(new kdbxweb.BinaryStream(buffer), new kdbxweb.KdbxContext({ kdbx: {} as kdbxweb.Kdbx }));
  } catch {
    return null;
  }
  if (header.versionMajor < 4) return { kdf: 'aes', rounds: header.keyEncryptionRounds ?? Number.NaN };
  const params = header.kdfParameters;
  if (params === undefined) return null;
  const uuid = params.get('$UUID');
  const id = uuid instanceof ArrayBuffer ? uuid : undefined;
  if (bytesEqual(id, kdbxweb.Consts.KdfId.Aes)) return { kdf: 'aes', rounds: numberOf(params.get('R')) };
  if (bytesEqual(id, kdbxweb.Consts.KdfId.Argon2d) || bytesEqual(id, kdbxweb.Consts.KdfId.Argon2id)) {
    return { kdf: 'argon2', iterations: numberOf(params.get('I')), memoryBytes: numberOf(params.get('M')), parallelism: numberOf(params.get('P')) };
  }
  return null;
}

function refuse(what: string, value: string, cap: string): AppError {
  return new AppError(
    'unreadable_file',
    `This KeePass database asks for ${what} of ${value}; Keyhaven reads databases up to ${cap}. Lower it in KeePass (Database settings → Security) and export again.`,
  );
}

/** Refuses, with the parameter and the cap named, key derivation that would run for minutes or exhaust memory. */
export function checkKdfLimits(params: KdfParameters, limits: KdfLimits = DEFAULT_KDF_LIMITS): void {
  if (params.kdf === 'aes') {
    if (!(params.rounds >= 1 && params.rounds <= limits.maxAesRounds)) {
      throw refuse('AES-KDF rounds', String(params.rounds), limits.maxAesRounds.toLocaleString('en-US'));
    }
    return;
  }
  if (!(params.iterations >= 1 && params.iterations <= limits.maxArgon2Iterations)) {
    throw refuse('Argon2 iterations', String(params.iterations), String(limits.maxArgon2Iterations));
  }
  if (!(params.memoryBytes >= 1024 && params.memoryBytes <= limits.maxArgon2MemoryBytes)) {
    throw refuse('Argon2 memory', `${mib(params.memoryBytes)} MiB`, `${mib(limits.maxArgon2MemoryBytes)} MiB`);
  }
  if (!(params.parallelism >= 1 && params.parallelism <= limits.maxArgon2Parallelism)) {
    throw refuse('Argon2 parallelism', String(params.parallelism), String(limits.maxArgon2Parallelism));
  }
  if (params.memoryBytes * params.iterations > limits.maxArgon2WorkBytes) {
    throw refuse(
      'Argon2 work (memory × iterations)',
      `${mib(params.memoryBytes)} MiB × ${params.iterations}`,
      `${mib(limits.maxArgon2WorkBytes)} MiB in total`,
    );
  }
}
