import { invalidSyntax, invalidValue, mutability, noTarget } from './scim-error';
import { parsePath, type AttrPath, type Comparison } from './scim-path';
import { isObject, normalizeAttribute, normalizeValue, toBoolean, type ScimObject } from './scim-resource';
import { EXTERNAL_ID, findAttribute, findExtension, type AttributeDef, type ResourceDef } from './scim-schemas';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MAX_OPERATIONS = 1000;

export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string | null;
  readonly value: unknown;
}

/** Reads a PatchOp body (RFC 7644 §3.5.2); `op` in any letter case ("Replace" is what Entra sends). */
export function parsePatchBody(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw invalidSyntax('The request body must be a JSON object.');
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw invalidSyntax(`A PATCH body must list the schema ${PATCH_OP_SCHEMA}.`);
  }
  const ops = body.Operations ?? body.operations;
  if (!Array.isArray(ops) || ops.length === 0) throw invalidSyntax('Operations must be a non-empty array.');
  if (ops.length > MAX_OPERATIONS) throw invalidValue(`At most ${MAX_OPERATIONS} operations per request.`);
  return ops.map((o, i) => {
    if (!isObject(o)) throw invalidSyntax(`Operations[${i}] must be an object.`);
    const op = typeof o.op === 'string' ? o.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidSyntax(`Operations[${i}].op must be add, replace or remove.`);
    if (o.path !== undefined && o.path !== null && typeof o.path !== 'string') throw invalidSyntax(`Operations[${i}].path must be a string.`);
    const path = typeof o.path === 'string' && o.path.trim() !== '' ? o.path.trim() : null;
    if (op !== 'remove' && path === null && !isObject(o.value)) throw invalidSyntax(`Operations[${i}] has no path, so its value must be an object.`);
    if (op !== 'remove' && o.value === undefined) throw invalidSyntax(`Operations[${i}] needs a value.`);
    return { op, path, value: o.value };
  });
}

/** Applies the operations to a copy of `current` (canonical, writable attributes only). */
export function applyPatch(current: ScimObject, ops: readonly PatchOperation[], resource: ResourceDef): ScimObject {
  const doc = structuredClone(current);
  for (const o of ops) applyOne(doc, o, resource);
  return doc;
}

function applyOne(doc: ScimObject, o: PatchOperation, resource: ResourceDef): void {
  if (o.path === null) {
    if (o.op === 'remove') throw noTarget('A remove operation needs a path.');
    // Path-less add/replace: each key is an attribute — or, as Entra sometimes sends, a path.
    // Okta's group rename repeats the resource's `id`; read-only common attributes in a value
    // are ignored as in a PUT body (RFC 7644 §3.3), while a path naming them is refused.
    for (const [key, value] of Object.entries(o.value as Record<string, unknown>)) {
      if (['id', 'meta', 'schemas'].includes(key.toLowerCase())) continue;
      applyOne(doc, { op: o.op, path: key, value }, resource);
    }
    return;
  }
  const extension = findExtension(resource, o.path);
  if (extension !== undefined) {
    if (o.op === 'remove') {
      delete doc[extension.schema];
      return;
    }
    if (!isObject(o.value)) throw invalidValue(`The value for ${extension.schema} must be an object.`);
    for (const [key, value] of Object.entries(o.value)) applyOne(doc, { op: o.op, path: `${extension.schema}:${key}`, value }, resource);
    return;
  }
  const path = parsePath(o.path, resource);
  const { container, def } = locate(doc, path, resource, o.op !== 'remove');
  if (container === null) return;
  if (def.mutability === 'readOnly') throw mutability(`${o.path} is read-only.`);
  if (path.filter !== null) return applyFiltered(container, def, path, o);
  if (path.sub !== null) return applySub(container, def, path.sub, o);

  if (o.op === 'remove') {
    const existing = container[def.name];
    if (def.multiValued && Array.isArray(existing) && o.value !== undefined && o.value !== null) {
      // `{"op":"remove","path":"members","value":[{"value":"id"}]}`: remove just those values.
      const gone = (Array.isArray(o.value) ? o.value : [o.value]).map((v) => (isObject(v) ? v.value : v));
      const kept = existing.filter((e) => !(isObject(e) && gone.some((g) => g === e.value)));
      if (kept.length > 0) container[def.name] = kept;
      else delete container[def.name];
    } else {
      delete container[def.name];
    }
    return;
  }
  const value = normalizeAttribute(o.value, def, o.path);
  if (value === undefined) {
    if (o.op === 'replace') delete container[def.name];
    return;
  }
  const existing = container[def.name];
  if (o.op === 'add' && def.multiValued && Array.isArray(existing)) {
    const added = (value as unknown[]).filter((v) => !existing.some((e) => sameValue(e, v)));
    container[def.name] = [...existing, ...added];
  } else if (o.op === 'add' && def.type === 'complex' && !def.multiValued && isObject(existing)) {
    container[def.name] = { ...existing, ...(value as ScimObject) };
  } else {
    container[def.name] = value;
  }
}

/** The object holding the attribute (the resource, or an extension's object) and its definition. */
function locate(doc: ScimObject, path: AttrPath, resource: ResourceDef, create: boolean): { container: ScimObject | null; def: AttributeDef } {
  if (path.schema === null) {
    if (path.attr.toLowerCase() === 'externalid' && path.sub === null && path.filter === null) return { container: doc, def: EXTERNAL_ID };
    if (['id', 'meta', 'schemas'].includes(path.attr.toLowerCase())) throw mutability(`${path.attr} cannot be changed.`);
    const def = findAttribute(resource.attributes, path.attr);
    if (def === undefined) throw invalidSyntax(`Unknown attribute "${path.attr}".`);
    return { container: doc, def };
  }
  const ext = findExtension(resource, path.schema);
  const def = ext && findAttribute(ext.attributes, path.attr);
  if (ext === undefined || def === undefined) throw invalidSyntax(`Unknown attribute "${path.attr}" in ${path.schema}.`);
  let container = doc[ext.schema];
  if (!isObject(container)) {
    if (!create) return { container: null, def };
    container = {};
    doc[ext.schema] = container;
  }
  return { container: container as ScimObject, def };
}

function subDef(def: AttributeDef, sub: string): AttributeDef {
  const s = findAttribute(def.subAttributes ?? [], sub);
  if (def.type !== 'complex' || s === undefined) throw invalidSyntax(`Unknown sub-attribute "${sub}" of ${def.name}.`);
  if (s.mutability === 'readOnly') throw mutability(`${def.name}.${s.name} is read-only.`);
  return s;
}

function applySub(container: ScimObject, def: AttributeDef, sub: string, o: PatchOperation): void {
  const s = subDef(def, sub);
  if (def.multiValued) throw invalidValue(`${def.name} has several values: name one with a filter, e.g. ${def.name}[type eq "work"].${s.name}.`);
  const existing = isObject(container[def.name]) ? (container[def.name] as ScimObject) : {};
  if (o.op === 'remove' || o.value === null) delete existing[s.name];
  else existing[s.name] = normalizeValue(o.value, s, `${def.name}.${s.name}`);
  if (Object.keys(existing).length > 0) container[def.name] = existing;
  else delete container[def.name];
}

function applyFiltered(container: ScimObject, def: AttributeDef, path: AttrPath, o: PatchOperation): void {
  if (!def.multiValued || def.type !== 'complex') throw invalidValue(`${def.name} is not a multi-valued complex attribute.`);
  const filter = path.filter ?? [];
  const list = Array.isArray(container[def.name]) ? (container[def.name] as ScimObject[]) : [];
  const hits = list.filter((e) => matches(e, filter, def));
  const sub = path.sub === null ? null : subDef(def, path.sub);
  if (o.op === 'remove') {
    const kept = sub === null ? list.filter((e) => !hits.includes(e)) : list;
    if (sub !== null) for (const e of hits) delete e[sub.name];
    if (kept.length > 0) container[def.name] = kept;
    else delete container[def.name];
    return;
  }
  const value = sub === null ? normalizeValue(o.value, def, def.name) : normalizeValue(o.value, sub, `${def.name}.${sub.name}`);
  const patch: ScimObject = sub === null ? (value as ScimObject) : { [sub.name]: value };
  if (hits.length > 0) {
    for (const e of hits) Object.assign(e, patch);
    return;
  }
  // No element matches: `emails[type eq "work"].value` creates the work email (what Entra
  // expects), when the filter is plain equalities that can describe the new element.
  if (filter.some((c) => c.op !== 'eq' || c.path.sub !== null || c.path.filter !== null)) throw noTarget(`No value of ${def.name} matches the path's filter.`);
  const seed: ScimObject = {};
  for (const c of filter) {
    const s = findAttribute(def.subAttributes ?? [], c.path.attr);
    if (s === undefined) throw invalidSyntax(`Unknown sub-attribute "${c.path.attr}" of ${def.name}.`);
    seed[s.name] = c.value;
  }
  container[def.name] = [...list, { ...seed, ...patch }];
}

/** Does a multi-valued element satisfy a value filter (`type eq "work"`)? */
export function matches(element: unknown, filter: readonly Comparison[], def: AttributeDef): boolean {
  if (!isObject(element)) return false;
  return filter.every((c) => {
    const s = findAttribute(def.subAttributes ?? [], c.path.attr);
    if (s === undefined || c.path.filter !== null) return false;
    const actual = element[s.name];
    if (c.op === 'present') return actual !== undefined;
    if (s.type === 'boolean') return actual !== undefined && c.value !== null && toBoolean(actual, s.name) === toBoolean(c.value, s.name);
    if (typeof actual !== 'string' || typeof c.value !== 'string') return actual === c.value;
    return s.caseExact || s.name === 'value' && def.name === 'members' ? actual === c.value : actual.toLowerCase() === c.value.toLowerCase();
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b) && a.value !== undefined) return a.value === b.value && a.type === b.type;
  return JSON.stringify(a) === JSON.stringify(b);
}
