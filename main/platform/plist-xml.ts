import { DOMParser, type Element } from '@xmldom/xmldom';

/**
 * Reads the top-level dictionary of an XML property list, the format of the preferences a macOS
 * configuration profile installs in `/Library/Managed Preferences/<domain>.plist`. Only the value
 * types a managed Keyhaven setting can have are understood (string, true/false, integer, real,
 * array); anything else is reported, not guessed.
 */

export type PlistValue = string | number | boolean | readonly PlistValue[];

export type PlistParseResult =
  | { readonly kind: 'ok'; readonly dict: Readonly<Record<string, PlistValue>> }
  | { readonly kind: 'invalid'; readonly problem: string };

const BINARY_MAGIC = 'bplist';

export function parsePlistDict(text: string): PlistParseResult {
  if (text.startsWith(BINARY_MAGIC)) {
    // macOS writes some managed preferences as binary plists; `plutil -convert xml1` turns them
    // into the XML form read here (the caller does that through its readPlist dependency).
    return { kind: 'invalid', problem: 'binary property list (convert it with plutil -convert xml1)' };
  }
  let root: Element | null;
  try {
    const problems: string[] = [];
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(text, 'text/xml');
    if (problems.length > 0) return { kind: 'invalid', problem: `invalid property list XML: ${problems[0]}` };
    root = doc.documentElement;
  } catch (err) {
    return { kind: 'invalid', problem: `invalid property list XML: ${(err as Error).message}` };
  }
  if (root?.tagName !== 'plist') return { kind: 'invalid', problem: 'not a property list (no <plist> element)' };
  const top = elementChildren(root)[0];
  if (top?.tagName !== 'dict') return { kind: 'invalid', problem: 'the property list must hold a <dict>' };
  try {
    return { kind: 'ok', dict: readDict(top) };
  } catch (err) {
    return { kind: 'invalid', problem: (err as Error).message };
  }
}

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let node = el.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) out.push(node as Element);
  }
  return out;
}

function readDict(dict: Element): Record<string, PlistValue> {
  const children = elementChildren(dict);
  const out: Record<string, PlistValue> = {};
  for (let i = 0; i < children.length; i += 2) {
    const keyEl = children[i];
    const valueEl = children[i + 1];
    if (keyEl?.tagName !== 'key') throw new Error('property list <dict> entries must start with <key>');
    const key = keyEl.textContent ?? '';
    if (!valueEl) throw new Error(`property list key '${key}' has no value`);
    out[key] = readValue(valueEl, key);
  }
  return out;
}

function readValue(el: Element, key: string): PlistValue {
  const text = el.textContent ?? '';
  switch (el.tagName) {
    case 'string':
      return text;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer':
    case 'real': {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) throw new Error(`property list key '${key}' has a malformed number`);
      return n;
    }
    case 'array':
      return elementChildren(el).map((child) => readValue(child, key));
    default:
      throw new Error(`property list key '${key}' has an unsupported type <${el.tagName}>`);
  }
}
