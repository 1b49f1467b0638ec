import type { ImportPreview } from '../../preload/contract';
import { AppError } from '../errors/app-error';
import { checkHeaderRow } from './csv-import';
import { detectFormat, parseImport, type DetectedFormat } from './detect-format';
import { parseGenericCsv, readGenericRows, suggestMapping, type CsvColumnMapping, type MappedField } from './formats/generic-csv';
import { DEFAULT_IMPORT_LIMITS } from './import-limits';
import type { ParseResult } from './imported-record';

export interface ParseRequest {
  readonly bytes: Uint8Array;
  /** The user's override of the detected format. */
  readonly format: string | null;
  readonly password: string | null;
  /** Generic CSV: field → header name. */
  readonly mapping: Readonly<Record<string, string | null>> | null;
}

export interface ParsedInput {
  readonly result: ParseResult;
  readonly candidates: readonly DetectedFormat[];
  readonly mapping: ImportPreview['mapping'];
}

const MAPPED_FIELDS: readonly MappedField[] = ['title', 'username', 'password', 'url', 'notes', 'folder', 'totp'];

function mappingFromNames(headers: readonly string[], names: Readonly<Record<string, string | null>>): CsvColumnMapping {
  const out: CsvColumnMapping = {};
  for (const field of MAPPED_FIELDS) {
    const name = names[field];
    const index = name ? headers.indexOf(name) : -1;
    if (index >= 0) out[field] = index;
  }
  return out;
}

function namesFromMapping(headers: readonly string[], mapping: CsvColumnMapping): Record<string, string | null> {
  return Object.fromEntries(MAPPED_FIELDS.map((f) => [f, mapping[f] === undefined ? null : (headers[mapping[f]] ?? null)]));
}

/** Detection (by content) and parsing of one export file: the CPU-heavy half of an import. */
export async function parseImportInput(request: ParseRequest): Promise<ParsedInput> {
  const bytes = request.bytes;
  if (bytes.length > DEFAULT_IMPORT_LIMITS.maxFileBytes) {
    throw new AppError('file_too_large', `The file is larger than ${Math.round(DEFAULT_IMPORT_LIMITS.maxFileBytes / 1024 / 1024)} MiB.`);
  }
  const candidates = detectFormat({ bytes });
  const formatId = request.format ?? candidates[0]?.id ?? null;
  if (formatId === null) {
    throw new AppError('unrecognized_format', 'We could not recognise this file as a password export. Choose its format by hand.');
  }
  if (formatId === 'generic-csv') {
    const rows = readGenericRows(bytes);
    const headers = checkHeaderRow(rows[0], 'password CSV').cells;
    const chosen = request.mapping ? mappingFromNames(headers, request.mapping) : suggestMapping(headers);
    return { result: parseGenericCsv(rows, chosen), candidates, mapping: { headers, guess: namesFromMapping(headers, chosen) } };
  }
  const result = await parseImport({ bytes }, { format: formatId, ...(request.password ? { password: request.password } : {}) });
  return { result, candidates, mapping: null };
}
