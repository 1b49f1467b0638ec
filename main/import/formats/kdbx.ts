import { argon2d, argon2id } from 'hash-wasm';
// kdbxweb is a UMD bundle: Node's CJS interop only exposes it whole as the default export.
import kdbxweb from 'kdbxweb';
import { AppError } from '../../errors/app-error';
import type { ImportFormat } from '../import-format';
import { DEFAULT_IMPORT_LIMITS } from '../import-limits';
import { checkKdfLimits, readKdfParameters } from '../kdbx-kdf';
import { keepassDraft, type KeePassString } from '../keepass-entry';
import { createResultCollector, type ResultCollector } from '../result-collector';
import { isKdbx } from '../sniffed-input';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

/**
 * kdbxweb ships no Argon2 (KDBX4's default KDF); it takes one through a process-wide
 * setter. Installing the same hash-wasm implementation each time is idempotent.
 */
export function installArgon2(): void {
  kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type) => {
    // Checked again where the work happens (the header check runs first, in parse).
    checkKdfLimits({ kdf: 'argon2', iterations, memoryBytes: memory * 1024, parallelism });
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

interface PendingGroup {
  readonly group: kdbxweb.KdbxGroup;
  readonly path: readonly string[];
  readonly inBin: boolean;
}

/** Depth-first in document order with an explicit stack (no recursion on input depth); entries below the depth cap are reported. */
function walkGroups(root: kdbxweb.KdbxGroup, out: ResultCollector, recycleBin: kdbxweb.KdbxUuid | undefined): void {
  const stack: PendingGroup[] = [{ group: root, path: [], inBin: false }];
  const maxDepth = DEFAULT_IMPORT_LIMITS.maxDepth;
  let index = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { group, path, inBin } = next;
    const tooDeep = path.length > maxDepth;
    const folder = path.length === 0 ? null : path.join('/');
    if (!inBin && !tooDeep) out.declareFolder(folder);
    for (const entry of group.entries) {
      index++;
      if (inBin) out.skip(index, 'In the KeePass Recycle Bin');
      else if (tooDeep) out.error(index, `The entry's group is nested more than ${maxDepth} levels deep`);
      else out.addFrom(index, () => keepassDraft(readStrings(entry), folder));
    }
    for (let i = group.groups.length - 1; i >= 0; i--) {
      const sub = group.groups[i] as kdbxweb.KdbxGroup;
      const isBin = inBin || (recycleBin !== undefined && sub.uuid.equals(recycleBin));
      stack.push({ group: sub, path: tooDeep ? path : [...path, (sub.name ?? '').trim()], inBin: isBin });
    }
  }
}

export const kdbxFormat: ImportFormat = {
  id: 'kdbx',
  label: IMPORT_FORMAT_LABELS.kdbx,
  detect: (input) => (input.kind === 'kdbx' ? 1 : 0),
  parse: async (input, options) => {
    if (!isKdbx(input.bytes)) throw new AppError('unrecognized_format', 'This file is not a KeePass database (.kdbx).');
    if (options?.password === undefined || options.password === '') {
      throw new AppError('import_password_required', 'This KeePass database is locked: enter its master password to import it.');
    }
    const kdf = readKdfParameters(input.bytes);
    if (kdf !== null) checkKdfLimits(kdf);
    installArgon2();
    const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(options.password));
    const buffer = input.bytes.slice().buffer;
    let db: kdbxweb.Kdbx;
    try {
      db = await kdbxweb.Kdbx.load(buffer, credentials);
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof kdbxweb.KdbxError && err.code === kdbxweb.Consts.ErrorCodes.InvalidKey) {
        throw new AppError('wrong_import_password', 'The password for this KeePass database is wrong.');
      }
      throw new AppError('unreadable_file', 'This KeePass database is damaged or uses a feature we cannot read (key file?).', { cause: err });
    }
    const out = createResultCollector('kdbx');
    walkGroups(db.getDefaultGroup(), out, db.meta.recycleBinEnabled ? db.meta.recycleBinUuid : undefined);
    return out.finish();
  },
};
