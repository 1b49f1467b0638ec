import type { Element } from '@xmldom/xmldom';
import type { ImportFormat } from '../import-format';
import { decodeExport } from '../decode-text';
import { keepassDraft, type KeePassString } from '../keepass-entry';
import { AppError } from '../../errors/app-error';
import { DEFAULT_IMPORT_LIMITS, mib } from '../import-limits';
import { createResultCollector, notThisFormat, tooManyRows, type ResultCollector } from '../result-collector';
import { parseSafeXml } from '../safe-xml';
import { IMPORT_FORMAT_LABELS } from '../format-labels';

function children(parent: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === 1 && n.nodeName === name) out.push(n as Element);
  }
  return out;
}

function childText(parent: Element, name: string): string {
  return children(parent, name)[0]?.textContent ?? '';
}

function readStrings(entry: Element): KeePassString[] | string {
  const strings: KeePassString[] = [];
  for (const s of children(entry, 'String')) {
    const valueEl = children(s, 'Value')[0];
    // Protected="True" means the value is still XORed with the database's inner stream:
    // only a .kdbx carries the key. KeePass's "Export → XML" writes ProtectInMemory instead.
    if (valueEl?.getAttribute('Protected') === 'True') {
      return 'This XML holds encrypted (Protected) values; export from KeePass with File → Export → KeePass XML, or import the .kdbx';
    }
    strings.push({
      key: childText(s, 'Key'),
      value: valueEl?.textContent ?? '',
      protected: valueEl?.getAttribute('ProtectInMemory') === 'True',
    });
  }
  return strings;
}

interface PendingGroup {
  readonly group: Element;
  readonly path: readonly string[];
  readonly inBin: boolean;
  /** <Root> itself: its entries are read, its groups are the top groups already queued. */
  readonly entriesOnly?: boolean;
}

/**
 * Groups are walked with an explicit stack (depth-first, document order), not recursion: a file
 * nesting groups 5,000 deep must not overflow the call stack. Entries deeper than the depth cap
 * are reported one by one; their groups are not followed further.
 */
function walkGroups(rootEl: Element, out: ResultCollector, recycleBinUuid: string | null): void {
  const top: PendingGroup[] = [{ group: rootEl, path: [], inBin: false, entriesOnly: true }, ...children(rootEl, 'Group').map((group) => ({ group, path: [], inBin: false }))];
  const stack = top.reverse();
  let index = 0;
  const maxDepth = DEFAULT_IMPORT_LIMITS.maxDepth;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { group, path, inBin, entriesOnly = false } = next;
    const tooDeep = path.length > maxDepth;
    const folder = path.length === 0 ? null : path.join('/');
    if (!inBin && !tooDeep) out.declareFolder(folder);
    for (const entry of children(group, 'Entry')) {
      index++;
      if (inBin) {
        out.skip(index, 'In the KeePass Recycle Bin');
        continue;
      }
      if (tooDeep) {
        out.error(index, `The entry's group is nested more than ${maxDepth} levels deep`);
        continue;
      }
      const strings = readStrings(entry);
      if (typeof strings === 'string') out.error(index, strings);
      else out.addFrom(index, () => keepassDraft(strings, folder));
    }
    const subs = entriesOnly ? [] : children(group, 'Group');
    for (let i = subs.length - 1; i >= 0; i--) {
      const sub = subs[i] as Element;
      const isBin = inBin || (recycleBinUuid !== null && childText(sub, 'UUID') === recycleBinUuid);
      stack.push({ group: sub, path: tooDeep ? path : [...path, childText(sub, 'Name').trim()], inBin: isBin });
    }
  }
}

/** Counts `<Entry>` start tags without parsing, so a file over the row cap is refused before the DOM is built. */
function countEntries(text: string): number {
  let count = 0;
  for (let at = text.indexOf('<Entry'); at !== -1; at = text.indexOf('<Entry', at + 6)) {
    const after = text.charCodeAt(at + 6);
    if (after === 62 || after === 32 || after === 9 || after === 10 || after === 13 || after === 47) count++;
  }
  return count;
}

export const keepassXmlFormat: ImportFormat = {
  id: 'keepass-xml',
  label: IMPORT_FORMAT_LABELS['keepass-xml'],
  detect: (input) => (input.kind === 'xml' && /<KeePassFile[\s>]/.test(input.textStart) ? 1 : 0),
  parse: async (input) => {
    const limits = DEFAULT_IMPORT_LIMITS;
    if (input.bytes.length > limits.maxXmlBytes) {
      throw new AppError(
        'file_too_large',
        `This KeePass XML file is larger than ${mib(limits.maxXmlBytes)} MiB, the most Keyhaven reads as XML. Import the .kdbx database instead, or split the export.`,
      );
    }
    const { text, invalidUtf8 } = decodeExport(input.bytes);
    if (countEntries(text) > DEFAULT_IMPORT_LIMITS.maxRows) throw tooManyRows(DEFAULT_IMPORT_LIMITS);
    const doc = parseSafeXml(text, 'KeePass XML');
    const root = doc.documentElement;
    if (root?.nodeName !== 'KeePassFile') throw notThisFormat('KeePass XML', 'no <KeePassFile> root');
    const meta = children(root, 'Meta')[0];
    const binEnabled = meta === undefined || childText(meta, 'RecycleBinEnabled') !== 'False';
    const binUuid = meta === undefined ? '' : childText(meta, 'RecycleBinUUID');
    const out = createResultCollector('keepass-xml', undefined, { invalidUtf8 });
    const recycleBinUuid = binEnabled && binUuid !== '' && binUuid !== 'AAAAAAAAAAAAAAAAAAAAAA==' ? binUuid : null;
    const rootEl = children(root, 'Root')[0];
    if (rootEl === undefined) throw notThisFormat('KeePass XML', 'no <Root> element');
    // The top group is the database itself ("Database", "Root"), not a folder. Entries placed
    // directly under <Root> (no group) are read like the top group's.
    walkGroups(rootEl, out, recycleBinUuid);
    return out.finish();
  },
};
