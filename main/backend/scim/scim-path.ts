import { invalidFilter } from './scim-error';
import type { ResourceDef } from './scim-schemas';

/**
 * Filters and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2): the subset real provisioning clients
 * send — `eq` comparisons joined by `and`, value filters on multi-valued attributes
 * (`emails[type eq "work"].value`), sub-attributes and extension URN prefixes.
 */
export interface AttrPath {
  /** Extension URN, or null for the core schema. */
  readonly schema: string | null;
  readonly attr: string;
  readonly filter: readonly Comparison[] | null;
  readonly sub: string | null;
}

export type FilterValue = string | boolean | number | null;

export interface Comparison {
  readonly path: AttrPath;
  /** `present` is `attr[…]` on its own (a value filter with no comparison after it). */
  readonly op: 'eq' | 'present';
  readonly value: FilterValue;
}

const MAX_TERMS = 10;

type Token = { kind: 'word' | 'string' | 'punct'; text: string; value?: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if ('()[]'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i += 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw invalidFilter('Unterminated string in the filter.');
      const raw = text.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw invalidFilter('Invalid string escape in the filter.');
      }
      tokens.push({ kind: 'string', text: raw, value });
      i = j + 1;
    } else {
      const m = /^[^\s()[\]"]+/.exec(text.slice(i));
      const word = m?.[0] ?? c;
      // A word may end in "]." + sub-attribute after a bracket: split the trailing ".sub" off.
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

/** Splits `urn:…:User:name.givenName` or `name.givenName` into schema, attribute, sub-attribute. */
export function splitAttrName(text: string, resource: ResourceDef): { schema: string | null; attr: string; sub: string | null } {
  let schema: string | null = null;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const schemas = [resource.schema, ...resource.extensions.map((e) => e.schema)];
    const hit = schemas.find((s) => text.toLowerCase().startsWith(`${s.toLowerCase()}:`));
    if (hit === undefined) throw invalidFilter(`Unknown schema in attribute path "${text.slice(0, 200)}".`);
    schema = hit === resource.schema ? null : hit;
    rest = text.slice(hit.length + 1);
  }
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((p) => !/^\$?[A-Za-z][\w-]*$/.test(p))) throw invalidFilter(`Invalid attribute path "${text.slice(0, 200)}".`);
  return { schema, attr: parts[0] as string, sub: parts[1] ?? null };
}

class Parser {
  private i = 0;
  private terms = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly resource: ResourceDef,
  ) {}

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  next(): Token {
    const t = this.tokens[this.i];
    if (t === undefined) throw invalidFilter('The filter ends too early.');
    this.i += 1;
    return t;
  }

  expect(text: string): void {
    const t = this.next();
    if (t.text !== text) throw invalidFilter(`Expected "${text}" in the filter, found "${t.text.slice(0, 50)}".`);
  }

  /** andExpr := atom ('and' atom)* */
  conjunction(inBrackets: boolean): Comparison[] {
    const out = [...this.atom(inBrackets)];
    for (;;) {
      const t = this.peek();
      if (t === undefined || t.text === ')' || t.text === ']') return out;
      const word = t.text.toLowerCase();
      if (word === 'or' || word === 'not') throw invalidFilter(`"${t.text}" is not supported in filters (supported: eq comparisons joined by and).`);
      if (word !== 'and') throw invalidFilter(`Expected "and" in the filter, found "${t.text.slice(0, 50)}".`);
      this.next();
      out.push(...this.atom(inBrackets));
    }
  }

  atom(inBrackets: boolean): Comparison[] {
    const t = this.next();
    if (t.text === '(') {
      const inner = this.conjunction(inBrackets);
      this.expect(')');
      return inner;
    }
    if (t.kind !== 'word') throw invalidFilter(`Expected an attribute in the filter, found ${t.text.slice(0, 50)}.`);
    if (t.text.toLowerCase() === 'not') throw invalidFilter('"not" is not supported in filters.');
    this.terms += 1;
    if (this.terms > MAX_TERMS) throw invalidFilter(`A filter may have at most ${MAX_TERMS} comparisons.`);
    let path: AttrPath;
    const name = splitAttrName(t.text, this.resource);
    if (this.peek()?.text === '[') {
      if (inBrackets || name.sub !== null) throw invalidFilter('Nested value filters are not supported.');
      this.next();
      const filter = this.conjunction(true);
      this.expect(']');
      let sub: string | null = null;
      const after = this.peek();
      if (after?.kind === 'word' && after.text.startsWith('.')) {
        this.next();
        sub = after.text.slice(1);
        if (!/^\$?[A-Za-z][\w-]*$/.test(sub)) throw invalidFilter(`Invalid sub-attribute "${sub.slice(0, 50)}".`);
      }
      path = { schema: name.schema, attr: name.attr, filter, sub };
      const opToken = this.peek();
      if (sub === null && (opToken === undefined || opToken.text === ')' || opToken.text === ']' || opToken.text.toLowerCase() === 'and')) {
        return [{ path, op: 'present', value: null }];
      }
    } else {
      path = { schema: name.schema, attr: name.attr, filter: null, sub: name.sub };
    }
    const op = this.next().text.toLowerCase();
    if (op !== 'eq') throw invalidFilter(`The operator "${op.slice(0, 20)}" is not supported (supported: eq, and).`);
    return [{ path, op: 'eq', value: this.value() }];
  }

  value(): FilterValue {
    const t = this.next();
    if (t.kind === 'string') return t.value as string;
    const word = t.text.toLowerCase();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(t.text)) return Number(t.text);
    throw invalidFilter(`Invalid value "${t.text.slice(0, 50)}" in the filter.`);
  }
}

/** A `filter` query parameter: comparisons that must all hold. */
export function parseFilter(text: string, resource: ResourceDef): Comparison[] {
  if (text.length > 1024) throw invalidFilter('The filter is longer than 1024 characters.');
  const parser = new Parser(tokenize(text), resource);
  if (parser.done()) throw invalidFilter('The filter is empty.');
  const out = parser.conjunction(false);
  if (!parser.done()) throw invalidFilter(`Unexpected "${parser.peek()?.text.slice(0, 50) ?? ''}" in the filter.`);
  return out;
}

/** A PATCH operation's `path` (RFC 7644 §3.5.2: attrPath / valuePath [ "." subAttr ]). */
export function parsePath(text: string, resource: ResourceDef): AttrPath {
  if (text.length > 512) throw invalidFilter('The path is longer than 512 characters.');
  const open = text.indexOf('[');
  if (open === -1) return { ...splitAttrName(text.trim(), resource), filter: null };
  const close = text.lastIndexOf(']');
  if (close < open) throw invalidFilter(`Invalid path "${text.slice(0, 200)}".`);
  const name = splitAttrName(text.slice(0, open).trim(), resource);
  if (name.sub !== null) throw invalidFilter(`Invalid path "${text.slice(0, 200)}".`);
  const filter = parseFilter(text.slice(open + 1, close), resource);
  const rest = text.slice(close + 1).trim();
  let sub: string | null = null;
  if (rest !== '') {
    if (!/^\.\$?[A-Za-z][\w-]*$/.test(rest)) throw invalidFilter(`Invalid path "${text.slice(0, 200)}".`);
    sub = rest.slice(1);
  }
  return { schema: name.schema, attr: name.attr, filter, sub };
}
