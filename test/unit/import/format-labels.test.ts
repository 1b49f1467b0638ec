import { describe, expect, it } from 'vitest';
import { IMPORT_FORMATS } from '../../../main/import/format-registry';
import { IMPORT_FORMAT_LABELS, importFormatLabel } from '../../../main/import/format-labels';

describe('import format labels (plain data, without the parsers)', () => {
  it('names every registered format, and only those, with the label the format itself carries', () => {
    expect(Object.keys(IMPORT_FORMAT_LABELS).sort()).toEqual(IMPORT_FORMATS.map((f) => f.id).sort());
    for (const format of IMPORT_FORMATS) expect(importFormatLabel(format.id)).toBe(format.label);
  });

  it('shows an id no format has as it is', () => {
    expect(importFormatLabel('no-such-format')).toBe('no-such-format');
    expect(importFormatLabel('toString')).toBe('toString');
  });
});
