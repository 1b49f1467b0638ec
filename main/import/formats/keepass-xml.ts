import type { Element } from '@xmldom/xmldom';
import type { ImportFormat } from '../import-format';
import { decodeText } from '../decode-text';
import { keepassDraft, type KeePassString } from '../keepass-entry';
import { createResultCollector, notThisFormat, type ResultCollector } from '../result-collector';
import { parseSafeXml } from '../safe-xml';

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

interface Walk {
  readonly out: ResultCollector;
  readonly recycleBinUuid: string | null;
  index: number;
}

function walkGroup(group: Element, path: readonly string[], inBin: boolean, walk: Walk): void {
  const folder = path.length === 0 ? null : path.join('/');
  walk.out.declareFolder(inBin ? null : folder);
  for (const entry of children(group, 'Entry')) {
    walk.index++;
    if (inBin) {
      walk.out.skip(walk.index, 'In the KeePass Recycle Bin');
      continue;
    }
    const strings = readStrings(entry);
    if (typeof strings === 'string') walk.out.error(walk.index, strings);
    else walk.out.add(walk.index, keepassDraft(strings, folder));
  }
  for (const sub of children(group, 'Group')) {
    const isBin = inBin || (walk.recycleBinUuid !== null && childText(sub, 'UUID') === walk.recycleBinUuid);
    walkGroup(sub, [...path, childText(sub, 'Name').trim()], isBin, walk);
  }
}

export const keepassXmlFormat: ImportFormat = {
  id: 'keepass-xml',
  label: 'KeePass 2 (XML)',
  detect: (input) => (input.kind === 'xml' && /<KeePassFile[\s>]/.test(input.textStart) ? 1 : 0),
  parse: async (input) => {
    const doc = parseSafeXml(decodeText(input.bytes), 'KeePass XML');
    const root = doc.documentElement;
    if (root?.nodeName !== 'KeePassFile') throw notThisFormat('KeePass XML', 'no <KeePassFile> root');
    const meta = children(root, 'Meta')[0];
    const binEnabled = meta === undefined || childText(meta, 'RecycleBinEnabled') !== 'False';
    const binUuid = meta === undefined ? '' : childText(meta, 'RecycleBinUUID');
    const walk: Walk = {
      out: createResultCollector('keepass-xml'),
      recycleBinUuid: binEnabled && binUuid !== '' && binUuid !== 'AAAAAAAAAAAAAAAAAAAAAA==' ? binUuid : null,
      index: 0,
    };
    const rootEl = children(root, 'Root')[0];
    // The top group is the database itself ("Database", "Root"), not a folder.
    for (const top of rootEl === undefined ? [] : children(rootEl, 'Group')) walkGroup(top, [], false, walk);
    return walk.out.finish();
  },
};
