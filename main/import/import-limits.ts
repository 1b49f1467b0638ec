/** Limits that keep a hostile or broken export from exhausting memory. */
export interface ImportLimits {
  readonly maxFileBytes: number;
  readonly maxZipEntries: number;
  readonly maxZipUncompressedBytes: number;
  /** Declared uncompressed/compressed ratio above which an entry is treated as a zip bomb. */
  readonly maxZipRatio: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxZipEntries: 1000,
  maxZipUncompressedBytes: 200 * 1024 * 1024,
  // Text compresses ~5-20x; repeated CSV rows up to ~200x. 1000x only comes from crafted data.
  maxZipRatio: 1000,
};
