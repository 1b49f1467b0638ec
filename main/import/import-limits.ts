/** Limits that keep a hostile or broken export from exhausting memory or time. */
export interface ImportLimits {
  readonly maxFileBytes: number;
  readonly maxZipEntries: number;
  /** Sum of the declared uncompressed sizes of every entry in an archive. */
  readonly maxZipUncompressedBytes: number;
  /** Declared uncompressed/compressed ratio above which an entry is treated as a zip bomb. */
  readonly maxZipRatio: number;
  /** Rows (CSV rows, JSON items, XML entries) in one file; beyond it the file is refused. */
  readonly maxRows: number;
  /** Errors, skipped rows and warnings listed one by one; beyond it only their number is kept. */
  readonly maxListedProblems: number;
  /** Nesting of groups (KeePass) and of values inside one item (JSON). */
  readonly maxDepth: number;
  /** KeePass XML: the document is built in memory at ~65 times the file's size. */
  readonly maxXmlBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxZipEntries: 1000,
  // What is read out of an archive is never more than what a plain file may be.
  maxZipUncompressedBytes: 50 * 1024 * 1024,
  // Text compresses ~5-20x; repeated CSV rows up to ~200x. 1000x only comes from crafted data.
  maxZipRatio: 1000,
  maxRows: 200_000,
  maxListedProblems: 1000,
  maxDepth: 64,
  maxXmlBytes: 8 * 1024 * 1024,
};

/** KeePass key-derivation work a database may ask for before its password is even checked. */
export interface KdfLimits {
  /** AES-KDF transform rounds (KDBX 3 and 4). */
  readonly maxAesRounds: number;
  /** Argon2 passes over memory. */
  readonly maxArgon2Iterations: number;
  readonly maxArgon2MemoryBytes: number;
  readonly maxArgon2Parallelism: number;
  /** memory × iterations: both at their caps at once would run for minutes. */
  readonly maxArgon2WorkBytes: number;
}

export const DEFAULT_KDF_LIMITS: KdfLimits = {
  // KeePass's "one second" calibration gives tens of millions on a current CPU.
  maxAesRounds: 100_000_000,
  maxArgon2Iterations: 100,
  maxArgon2MemoryBytes: 1024 * 1024 * 1024,
  maxArgon2Parallelism: 64,
  maxArgon2WorkBytes: 8 * 1024 * 1024 * 1024,
};

export function mib(bytes: number): number {
  return Math.round(bytes / 1048576);
}
