import type { ImportInput, ParseOptions, ParseResult } from './imported-record';
import type { SniffedInput } from './sniffed-input';

/** One source format. `detect` reads content only (never a file name). */
export interface ImportFormat {
  readonly id: string;
  readonly label: string;
  /** Confidence 0..1 that the input is this format. */
  detect(input: SniffedInput): number;
  parse(input: ImportInput, options?: ParseOptions): Promise<ParseResult>;
}
