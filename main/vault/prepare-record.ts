import { recordInputSchema, type VaultRecord, type VaultRecordInput } from './record';
import { completeRecordInput } from './stored-record-check';

/**
 * Turns what the UI or an importer hands to `save` into a complete record: validates it, gives
 * a new record an id, keeps the original creation time on edit, stamps updatedAt.
 */
export function prepareRecord(input: VaultRecordInput, existing: VaultRecord | null, now: Date, newId: () => string): VaultRecord {
  // A complete input is checked by plain comparisons; anything else, and every refusal, by zod.
  const parsed = completeRecordInput(input) ?? recordInputSchema.parse(input);
  const stamp = now.toISOString();
  return {
    ...parsed,
    id: parsed.id ?? newId(),
    createdAt: existing?.createdAt ?? parsed.createdAt ?? stamp,
    updatedAt: stamp,
  };
}
