import { describe, expect, it } from 'vitest';
import { forEachCsvRow, readCsvRows, type CsvRow } from '../../../main/import/csv-rows';

describe('readCsvRows', () => {
  it('reports the physical start line of each row, counting lines inside quoted fields', () => {
    const { rows } = readCsvRows('h1,h2\n"a\nb\nc",x\nnext,y\n');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(rows[1]?.cells).toEqual(['a\nb\nc', 'x']);
  });

  it('treats CRLF, LF and lone CR as one line break each', () => {
    const { rows } = readCsvRows('a,b\r\nc,d\re,f\ng,h');
    expect(rows.map((r) => [r.line, r.cells.join('|')])).toEqual([[1, 'a|b'], [2, 'c|d'], [3, 'e|f'], [4, 'g|h']]);
  });

  it('unescapes doubled quotes and keeps delimiters inside quotes', () => {
    const { rows } = readCsvRows('"say ""hi"", then, go",2');
    expect(rows[0]?.cells).toEqual(['say "hi", then, go', '2']);
  });

  it('skips blank lines without shifting the line numbers of later rows', () => {
    const { rows } = readCsvRows('a\n\n\nb\r\n\r\n');
    expect(rows.map((r) => r.line)).toEqual([1, 4]);
  });

  it('strips a leading BOM left in the text', () => {
    expect(readCsvRows('\uFEFFurl,name').rows[0]?.cells).toEqual(['url', 'name']);
  });

  it('flags a quoted field that never closes', () => {
    const { rows } = readCsvRows('a,b\n"open,x\ny');
    expect(rows[1]?.line).toBe(2);
    expect(rows[1]?.problem).toMatch(/never closed/);
  });

  it('keeps empty cells, including a trailing one', () => {
    expect(readCsvRows('a,,c,').rows[0]?.cells).toEqual(['a', '', 'c', '']);
  });
});

describe('forEachCsvRow', () => {
  it('hands on the same rows readCsvRows returns, in order, and counts them', () => {
    const text = 'h1,h2\r\n"a\nb",x\n\nnext,"y ""q"""\n"never closed,z\nlast,row\n';
    const seen: CsvRow[] = [];
    const count = forEachCsvRow(text, { width: 'header' }, (row) => seen.push(row));
    expect(seen).toEqual(readCsvRows(text, { width: 'header' }).rows);
    expect(count).toBe(seen.length);
  });

  it('refuses a row past the cap before handing it on', () => {
    const seen: number[] = [];
    const tooMany = (): never => {
      throw new Error('too many rows');
    };
    expect(() => forEachCsvRow('a\nb\nc\nd\n', { rowCap: 2, onTooMany: tooMany }, (row) => seen.push(row.line))).toThrow('too many rows');
    expect(seen).toEqual([1, 2]);
  });
});
