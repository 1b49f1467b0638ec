import { invalidSyntax, invalidValue } from './scim-error';
import { EXTERNAL_ID, findAttribute, findExtension, type AttributeDef, type ResourceDef } from './scim-schemas';

/** A resource as JSON, keyed by canonical attribute names (and extension URNs). */
export type ScimObject = Record<string, unknown>;

const MAX_MULTI_VALUES = 100;
/** Group members may be many; each still names one user. */
const MAX_MEMBERS = 10_000;

/**
 * Validates a resource body against its schema and returns it with canonical attribute names
 * (RFC 7643 §2.1: names are case-insensitive). Read-only and write-only attributes are dropped
 * (RFC 7644 §3.3 says a client's read-only values are ignored; a password is never kept);
 * unknown attributes, wrong types and over-long values are refused. Booleans may come as the
 * strings "True"/"False", which Microsoft Entra ID sends.
 */
export function normalizeResource(input: unknown, resource: ResourceDef): ScimObject {
  if (!isObject(input)) throw invalidSyntax('The request body must be a JSON object.');
  const out: ScimObject = {};
  for (const [key, value] of Object.entries(input)) {
    const lower = key.toLowerCase();
    if (lower === 'schemas') {
      out.schemas = checkSchemas(value, resource, input);
      continue;
    }
    if (lower === 'id' || lower === 'meta') continue;
    if (value === null) continue;
    if (lower === 'externalid') {
      out.externalId = normalizeValue(value, EXTERNAL_ID, 'externalId');
      continue;
    }
    const extension = findExtension(resource, key);
    if (extension !== undefined) {
      if (!isObject(value)) throw invalidValue(`${extension.schema} must be an object.`);
      const ext = normalizeAttributes(value, extension.attributes, extension.schema);
      if (Object.keys(ext).length > 0) out[extension.schema] = ext;
      continue;
    }
    const def = findAttribute(resource.attributes, key);
    if (def === undefined) throw invalidSyntax(`Unknown attribute "${key}" for a ${resource.name}.`);
    const v = normalizeAttribute(value, def, def.name);
    if (v !== undefined) out[def.name] = v;
  }
  return out;
}

/**
 * Known schema URNs, canonical. An unknown URN is tolerated only when the body carries nothing
 * under it (Entra lists a Microsoft group schema of its own); attributes under one are refused.
 */
function checkSchemas(value: unknown, resource: ResourceDef, body: Record<string, unknown>): string[] {
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) throw invalidSyntax('schemas must be an array of URNs.');
  const known = [resource.schema, ...resource.extensions.map((e) => e.schema)];
  const keys = Object.keys(body).map((k) => k.toLowerCase());
  return (value as string[]).flatMap((s) => {
    if (s.length > 512) throw invalidValue('A schema URN is longer than 512 characters.');
    const match = known.find((k) => k.toLowerCase() === s.toLowerCase());
    if (match !== undefined) return [match];
    if (keys.includes(s.toLowerCase())) throw invalidValue(`Unknown schema "${s.slice(0, 200)}" for a ${resource.name}.`);
    return [];
  });
}

function normalizeAttributes(input: Record<string, unknown>, defs: readonly AttributeDef[], where: string): ScimObject {
  const out: ScimObject = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null) continue;
    const def = findAttribute(defs, key);
    if (def === undefined) throw invalidSyntax(`Unknown attribute "${key}" in ${where}.`);
    const v = normalizeAttribute(value, def, `${where}.${def.name}`);
    if (v !== undefined) out[def.name] = v;
  }
  return out;
}

/** One attribute's value; undefined = not kept (read-only, write-only, empty). */
export function normalizeAttribute(value: unknown, def: AttributeDef, where: string): unknown {
  if (def.mutability === 'readOnly' || def.mutability === 'writeOnly') return undefined;
  if (!def.multiValued) return normalizeValue(value, def, where);
  const list = Array.isArray(value) ? value : [value];
  const cap = def.name === 'members' ? MAX_MEMBERS : MAX_MULTI_VALUES;
  if (list.length > cap) throw invalidValue(`${where} has more than ${cap} values.`);
  const values = list.filter((v) => v !== null).map((v, i) => normalizeValue(v, def, `${where}[${i}]`));
  return values.length === 0 ? undefined : values;
}

export function normalizeValue(value: unknown, def: AttributeDef, where: string): unknown {
  switch (def.type) {
    case 'boolean':
      return toBoolean(value, where);
    case 'complex': {
      // Entra sends a single-valued complex attribute with a `value` (manager) as the bare
      // value, or as a one-element array.
      if (Array.isArray(value) && value.length === 1 && !def.multiValued) return normalizeValue(value[0], def, where);
      if (typeof value === 'string' && (def.subAttributes ?? []).some((s) => s.name === 'value')) return normalizeValue({ value }, def, where);
      if (!isObject(value)) throw invalidValue(`${where} must be an object.`);
      return normalizeAttributes(value, def.subAttributes ?? [], where);
    }
    default: {
      if (typeof value !== 'string') throw invalidValue(`${where} must be a string.`);
      if (value.length > def.maxLength) throw invalidValue(`${where} is longer than ${def.maxLength} characters.`);
      return value;
    }
  }
}

export function toBoolean(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue(`${where} must be true or false.`);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
