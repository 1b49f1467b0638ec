import { invalidValue } from './scim-error';
import { splitAttrName } from './scim-path';
import type { ScimObject } from './scim-resource';
import type { ResourceDef } from './scim-schemas';

/** Attributes every answer keeps (RFC 7643 §7: returned "always"). */
const ALWAYS = new Set(['schemas', 'id']);

interface Selector {
  readonly container: string | null;
  readonly attr: string;
  readonly sub: string | null;
}

function parseList(text: string | undefined, resource: ResourceDef): Selector[] | null {
  if (text === undefined || text.trim() === '') return null;
  if (text.length > 2048) throw invalidValue('The attribute list is longer than 2048 characters.');
  return text.split(',').map((item) => {
    const trimmed = item.trim();
    const ext = resource.extensions.find((e) => e.schema.toLowerCase() === trimmed.toLowerCase());
    if (ext !== undefined) return { container: null, attr: ext.schema, sub: null };
    const p = splitAttrName(trimmed, resource);
    return p.schema === null ? { container: null, attr: p.attr, sub: p.sub } : { container: p.schema, attr: p.attr, sub: p.sub };
  });
}

const keyOf = (o: ScimObject, name: string) => Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());

/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) applied to a resource as served. */
export function project(resource: ScimObject, def: ResourceDef, q: { attributes?: string | undefined; excludedAttributes?: string | undefined }): ScimObject {
  const include = parseList(q.attributes, def);
  const exclude = parseList(q.excludedAttributes, def);
  if (include !== null) {
    const out: ScimObject = {};
    for (const [k, v] of Object.entries(resource)) if (ALWAYS.has(k)) out[k] = v;
    for (const s of include) copy(resource, out, s);
    return out;
  }
  if (exclude !== null) {
    const out = structuredClone(resource);
    for (const s of exclude) remove(out, s);
    return out;
  }
  return resource;
}

function holder(o: ScimObject, s: Selector, create: boolean): ScimObject | null {
  if (s.container === null) return o;
  const key = keyOf(o, s.container);
  if (key === undefined) {
    if (!create) return null;
    o[s.container] = {};
    return o[s.container] as ScimObject;
  }
  return o[key] as ScimObject;
}

function copy(from: ScimObject, to: ScimObject, s: Selector): void {
  const src = holder(from, s, false);
  if (src === null) return;
  const key = keyOf(src, s.attr);
  if (key === undefined) return;
  const dst = holder(to, s, true) as ScimObject;
  const value = src[key];
  if (s.sub === null) {
    dst[key] = value;
    return;
  }
  const pick = (v: unknown): ScimObject => {
    if (typeof v !== 'object' || v === null) return {};
    const sk = keyOf(v as ScimObject, s.sub as string);
    return sk === undefined ? {} : { [sk]: (v as ScimObject)[sk] };
  };
  if (Array.isArray(value)) {
    const prev = Array.isArray(dst[key]) ? (dst[key] as ScimObject[]) : [];
    dst[key] = value.map((v, i) => ({ ...(prev[i] ?? {}), ...pick(v) }));
  } else {
    dst[key] = { ...((dst[key] as ScimObject | undefined) ?? {}), ...pick(value) };
  }
}

function remove(o: ScimObject, s: Selector): void {
  const h = holder(o, s, false);
  if (h === null) return;
  const key = keyOf(h, s.attr);
  if (key === undefined || (s.container === null && ALWAYS.has(key))) return;
  if (s.sub === null) {
    delete h[key];
    return;
  }
  const value = h[key];
  for (const v of Array.isArray(value) ? value : [value]) {
    if (typeof v !== 'object' || v === null) continue;
    const sk = keyOf(v as ScimObject, s.sub);
    if (sk !== undefined) delete (v as ScimObject)[sk];
  }
}
