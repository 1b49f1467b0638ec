import { AppError } from '../errors/app-error';
import { decodeExport, decodeText } from './decode-text';

/** Reading untrusted export JSON without `any`: absent or mistyped values become empty. */
export type JsonObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether `value` nests arrays/objects deeper than `max` (iterative: the input decides the depth). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= max) return true;
    for (const child of Object.values(next.value)) stack.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** Whether a JSON export held invalid UTF-8 bytes (see CollectorOptions.invalidUtf8). */
export function hasInvalidUtf8(bytes: Uint8Array): boolean {
  return decodeExport(bytes).invalidUtf8;
}

export function parseJsonBytes(bytes: Uint8Array, label: string): unknown {
  try {
    return JSON.parse(decodeText(bytes)) as unknown;
  } catch {
    throw new AppError('unreadable_file', `This ${label} export is not valid JSON.`);
  }
}
