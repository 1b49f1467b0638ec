import { argon2d, argon2id } from 'hash-wasm';
// kdbxweb is a UMD bundle: Node's CJS interop only exposes it whole as the default export.
import kdbxweb from 'kdbxweb';
import { AppError } from '../../errors/app-error';
import type { ImportFormat } from '../import-format';
import { keepassDraft, type KeePassString } from '../keepass-entry';
import { createResultCollector, type ResultCollector } from '../result-collector';
import { isKdbx } from '../sniffed-input';

/**
 * kdbxweb ships no Argon2 (KDBX4's default KDF); it takes one through a process-wide
 * setter. Installing the same hash-wasm implementation each time is idempotent.
 */
export function installArgon2(): void {
  kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type) => {
    const options = {
      password: new Uint8Array(password),
      salt: new Uint8Array(salt),
      memorySize: memory, // KiB, as kdbxweb passes it
      iterations,
      hashLength: length,
      parallelism,
      outputType: 'binary' as const,
    };
    const hash = type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? await argon2id(options) : await argon2d(options);
    return hash.slice().buffer;
  });
}

function readStrings(entry: kdbxweb.KdbxEntry): KeePassString[] {
  return [...entry.fields.entries()].map(([key, value]) =>
    value instanceof kdbxweb.ProtectedValue ? { key, value: value.getText(), protected: true } : { key, value, protected: false },
  );
}

interface Walk {
  readonly out: ResultCollector;
  readonly recycleBin: kdbxweb.KdbxUuid | undefined;
  index: number;
}

function walkGroup(group: kdbxweb.KdbxGroup, path: readonly string[], inBin: boolean, walk: Walk): void {
  const folder = path.length === 0 ? null : path.join('/');
  if (!inBin) walk.out.declareFolder(folder);
  for (const entry of group.entries) {
    walk.index++;
    if (inBin) walk.out.skip(walk.index, 'In the KeePass Recycle Bin');
    else walk.out.add(walk.index, keepassDraft(readStrings(entry), folder));
  }
  for (const sub of group.groups) {
    const isBin = inBin || (walk.recycleBin !== undefined && sub.uuid.equals(walk.recycleBin));
    walkGroup(sub, [...path, (sub.name ?? '').trim()], isBin, walk);
  }
}

export const kdbxFormat: ImportFormat = {
  id: 'kdbx',
  label: 'KeePass database (.kdbx)',
  detect: (input) => (input.kind === 'kdbx' ? 1 : 0),
  parse: async (input, options) => {
    if (!isKdbx(input.bytes)) throw new AppError('unrecognized_format', 'This file is not a KeePass database (.kdbx).');
    if (options?.password === undefined || options.password === '') {
      throw new AppError('import_password_required', 'This KeePass database is locked: enter its master password to import it.');
    }
    installArgon2();
    const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(options.password));
    const buffer = input.bytes.slice().buffer;
    let db: kdbxweb.Kdbx;
    try {
      db = await kdbxweb.Kdbx.load(buffer, credentials);
    } catch (err) {
      if (err instanceof kdbxweb.KdbxError && err.code === kdbxweb.Consts.ErrorCodes.InvalidKey) {
        throw new AppError('wrong_import_password', 'The password for this KeePass database is wrong.');
      }
      throw new AppError('unreadable_file', 'This KeePass database is damaged or uses a feature we cannot read (key file?).', { cause: err });
    }
    const walk: Walk = {
      out: createResultCollector('kdbx'),
      recycleBin: db.meta.recycleBinEnabled ? db.meta.recycleBinUuid : undefined,
      index: 0,
    };
    const root = db.getDefaultGroup();
    walkGroup(root, [], false, walk);
    return walk.out.finish();
  },
};
