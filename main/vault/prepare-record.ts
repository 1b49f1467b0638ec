import { recordInputSchema, type VaultRecord, type VaultRecordInput } from './record';
import { completeRecordInput } from './stored-record-check';

/**
 * Turns what the UI or an importer hands to `save` into a complete record: validates it, gives
 * a new record an id, keeps the original creation time on edit, stamps updatedAt.
 */
export function prepareRecord(input: VaultRecordInput, existing: VaultRecord | null, now: Date, newId: () => string): VaultRecord {
  // A complete input is checked by plain comparisons; anything else, and every refusal, by zod.
  const parsed = completeRecordInput(input) ?? recordInputSchema.parse(input);
  const stamp = stampOf(now);
  return {
    ...parsed,
    id: parsed.id ?? newId(),
    createdAt: existing?.createdAt ?? parsed.createdAt ?? stamp,
    updatedAt: stamp,
  };
}

/**
 * `now.toISOString()`, remembered for the last time asked: a batch of saves (an import) shares
 * one Date, and formatting it again for every record was two fifths of preparing one. An
 * invalid Date is never remembered (NaN equals nothing), so it throws as before.
 */
let lastStamp: { readonly time: number; readonly iso: string } | null = null;
function stampOf(now: Date): string {
  const time = now.getTime();
  if (lastStamp === null || lastStamp.time !== time) lastStamp = { time, iso: now.toISOString() };
  return lastStamp.iso;
}
