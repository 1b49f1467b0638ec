import { AppError } from '../errors/app-error';
import type { ImportInput, ParseOptions, ParseResult } from './imported-record';
import { findImportFormat, IMPORT_FORMAT_IDS, IMPORT_FORMATS } from './format-registry';
import { sniffInput } from './sniffed-input';

export interface DetectedFormat {
  readonly id: string;
  readonly confidence: number;
}

/** Candidate formats by CONTENT (header row, JSON shape, zip entries, kdbx signature), best first. */
export function detectFormat(input: ImportInput): DetectedFormat[] {
  const sniffed = sniffInput(input);
  return IMPORT_FORMATS.map((f, order) => ({ id: f.id, confidence: f.detect(sniffed), order }))
    .filter((d) => d.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence || a.order - b.order)
    .map(({ id, confidence }) => ({ id, confidence }));
}

/** Parses with `format` when given (the user's override), else with the best detected format. */
export async function parseImport(input: ImportInput, options: ParseOptions & { format?: string } = {}): Promise<ParseResult> {
  const id = options.format ?? detectFormat(input)[0]?.id;
  if (id === undefined) {
    throw new AppError('unrecognized_format', 'We could not recognise this file as a password export. Choose its format by hand.');
  }
  const format = findImportFormat(id);
  if (format === undefined) {
    throw new AppError('unrecognized_format', `Unknown import format "${id}". Valid formats: ${IMPORT_FORMAT_IDS.join(', ')}.`);
  }
  return format.parse(input, options);
}
