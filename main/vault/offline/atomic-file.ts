import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** The file operations an atomic write needs; tests replace one to stop a write half-way. */
export interface AtomicFileSystem {
  /** Writes `data` to a new file and flushes it to the disk before resolving. */
  writeDurably(file: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Flushes a directory's entries (the rename) to the disk; best effort where unsupported. */
  syncDirectory(dir: string): Promise<void>;
}

export const nodeAtomicFileSystem: AtomicFileSystem = {
  async writeDurably(file, data) {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename,
  async syncDirectory(dir) {
    const handle = await open(dir, 'r').catch(() => null);
    if (handle === null) return;
    try {
      await handle.sync();
    } catch {
      // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
    } finally {
      await handle.close();
    }
  },
};

const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `file` with `data` so that a crash at any moment leaves either the old content or the
 * new one, never a mix: the new content goes to a temporary file in the same folder, is flushed,
 * and is renamed over the old one (rename within one file system is atomic).
 */
export async function writeFileAtomically(file: string, data: string, fs: AtomicFileSystem = nodeAtomicFileSystem): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await fs.writeDurably(temp, data);
    await fs.rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fs.syncDirectory(path.dirname(file));
}

/** The file's content, or null when there is none. */
export async function readFileIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Deletes `file` and any temporary file a crashed write left beside it. */
export async function removeWithLeftovers(file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  const leftovers = names.filter((n) => n.startsWith(`${base}.`) && n.endsWith(TEMP_SUFFIX));
  await Promise.all([file, ...leftovers.map((n) => path.join(dir, n))].map((p) => unlink(p).catch(() => undefined)));
}
