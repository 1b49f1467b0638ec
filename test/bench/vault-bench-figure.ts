/** One benchmark line: `bench <name>: <figure> <unit> (<figure / baseline> x <baseline>)`. */
export interface VaultBenchFigure {
  readonly name: string;
  readonly figure: number;
  readonly unit: string;
  /** Measured in the same run, on the same machine. */
  readonly baseline: number;
  readonly baselineUnit: string;
  /** Extra figures for the curious; not part of the printed line. */
  readonly detail?: Readonly<Record<string, number | string>>;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
