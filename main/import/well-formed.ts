const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces a lone UTF-16 surrogate (JSON `\ud800`, XML `&#xD800;`) by U+FFFD, as UTF-8 storage
 * would: such a string cannot be encoded, and `encodeURIComponent` throws on it.
 */
export function wellFormed(value: string): string {
  return SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Below U+0300 there is no surrogate, and no character that NFC changes: none decomposes
 * differently and none composes with what follows (combining marks start at U+0300). Most of an
 * export is such text, so it is returned as it is, without a pass through ICU.
 */
const BEYOND_U02FF = /[\u0300-\uffff]/;

/** Well-formed (see above) and in Unicode normal form C, the form the vault compares and searches. */
export function nfc(value: string): string {
  return BEYOND_U02FF.test(value) ? wellFormed(value).normalize('NFC') : value;
}
