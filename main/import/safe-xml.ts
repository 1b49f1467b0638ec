import { DOMParser, type Document } from '@xmldom/xmldom';
import { AppError } from '../errors/app-error';

/**
 * Parses an export's XML. A DOCTYPE or ENTITY declaration is refused before any parsing:
 * no password manager needs one, and they are how XXE and "billion laughs" attacks work.
 */
export function parseSafeXml(text: string, label: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new AppError('unreadable_file', `This ${label} file declares a DTD or entities, which we refuse to read for safety.`);
  }
  const problems: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch {
    throw new AppError('unreadable_file', `This ${label} file is not well-formed XML.`);
  }
  if (problems.length > 0 || doc.documentElement === null) {
    throw new AppError('unreadable_file', `This ${label} file is not well-formed XML.`);
  }
  return doc;
}
