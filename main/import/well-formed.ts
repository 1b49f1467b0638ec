const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces a lone UTF-16 surrogate (JSON `\ud800`, XML `&#xD800;`) by U+FFFD, as UTF-8 storage
 * would: such a string cannot be encoded, and `encodeURIComponent` throws on it.
 */
export function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}
