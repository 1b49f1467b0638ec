import type { ParseResult } from './imported-record';

export interface ListedProblem {
  readonly line: number;
  readonly message: string;
}

/** Rows not imported (errors, skipped) plus imported rows that lost something (warnings). */
export function problemCount(result: ParseResult): number {
  return result.errorCount + result.skippedCount + result.warningCount;
}

/**
 * The problems to show, by line. Past the listing cap only their number is known: a last
 * entry with line 0 says how many more there are.
 */
export function listedProblems(result: ParseResult): ListedProblem[] {
  const listed: ListedProblem[] = [
    ...result.errors.map((e) => ({ line: e.line, message: e.message })),
    ...result.skipped.map((s) => ({ line: s.line, message: s.reason })),
    ...result.warnings.map((w) => ({ line: w.line, message: w.message })),
  ].sort((a, b) => a.line - b.line);
  const more = problemCount(result) - listed.length;
  if (more > 0) listed.push({ line: 0, message: `${more.toLocaleString('en-US')} more problems are not listed` });
  return listed;
}
