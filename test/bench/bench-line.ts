/** `bench <name>: <figure> <unit> (<ratio> x <baseline>)` — the CONTRACT.md format. */
export function benchLine(name: string, figure: number, unit: string, baseline: number, baselineUnit: string): string {
  const ratio = baseline === 0 ? Number.NaN : figure / baseline;
  return `bench ${name}: ${format(figure)} ${unit} (${format(ratio)} x ${format(baseline)} ${baselineUnit})`;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}
