/**
 * The plain records an import produces. The vault encrypts and stores them; nothing here
 * touches a key. Field names are the vault's record model (main/vault/record.ts) — keep them exact.
 */
export type RecordType = 'login' | 'note' | 'card' | 'identity';

export interface CustomField {
  readonly name: string;
  readonly value: string;
  readonly hidden: boolean;
}

export interface ImportedRecord {
  readonly type: RecordType;
  readonly title: string;
  readonly username: string;
  readonly password: string;
  readonly urls: string[];
  readonly notes: string;
  readonly folder: string | null;
  /** An otpauth URI (or steam:// URI) as found; a bare base32 secret becomes an otpauth URI. */
  readonly totp: string | null;
  readonly fields: CustomField[];
  readonly favorite: boolean;
  /** 1-based physical line of the row in the file, or 1-based item index for JSON/XML/kdbx. */
  readonly line: number;
}

export interface RowError {
  readonly line: number;
  readonly message: string;
}

export interface SkippedRow {
  readonly line: number;
  readonly reason: string;
}

/**
 * Invariant: records.length + errorCount + skippedCount === rows. `errors` and `skipped` list
 * the first ones (up to the listing cap); the counts include the ones not listed.
 */
export interface ParseResult {
  readonly format: string;
  readonly records: ImportedRecord[];
  readonly folders: string[];
  readonly errors: RowError[];
  readonly skipped: SkippedRow[];
  readonly errorCount: number;
  readonly skippedCount: number;
  /** Imported rows that lost something on the way (e.g. an invalid one-time password seed); not rows of their own. */
  readonly warnings: RowError[];
  readonly warningCount: number;
  readonly rows: number;
}

/** What a parser reads: the file's bytes, never its name (detection is by content). */
export interface ImportInput {
  readonly bytes: Uint8Array;
}

export interface ParseOptions {
  /** Master password for encrypted sources (kdbx). */
  readonly password?: string;
}

/** What a parser has already worked out from a row, before normalisation and checks. */
export interface RecordDraft {
  readonly type?: RecordType;
  readonly title?: string;
  readonly username?: string;
  readonly password?: string;
  readonly urls?: readonly string[];
  readonly notes?: string;
  readonly folder?: string | null;
  readonly totp?: string | null;
  readonly fields?: readonly CustomField[];
  readonly favorite?: boolean;
}
