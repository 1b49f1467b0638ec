import type { Element } from '@xmldom/xmldom';

/**
 * Direct element children by namespace and local name. Only children, never descendants: a
 * signature-wrapping attack hides its elements deeper in the tree, where a descendant search
 * would find them.
 */
export function childElements(parent: Element, namespace: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === c.ELEMENT_NODE && (c as Element).namespaceURI === namespace && (c as Element).localName === localName) {
      out.push(c as Element);
    }
  }
  return out;
}
