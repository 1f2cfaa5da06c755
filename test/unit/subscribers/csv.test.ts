import { csvCell, csvLine, parseCsv } from '../../../server/subscribers/csv.js';

describe('csv', () => {
  it('parses quotes, escaped quotes, commas, CRLF and a BOM, and skips blank lines', () => {
    const r = parseCsv(
      '\uFEFFphone,disclosure_text\r\n+33612345678,"Hello, ""you""\nline 2"\r\n\r\n+14155550123,x',
    );
    expect(r).toEqual({
      ok: true,
      rows: [
        ['phone', 'disclosure_text'],
        ['+33612345678', 'Hello, "you"\nline 2'],
        ['+14155550123', 'x'],
      ],
    });
  });

  it('reports an unterminated quote', () => {
    expect(parseCsv('a,"b\n')).toEqual({ ok: false, message: 'unterminated quoted field' });
  });

  it('quotes what needs quoting and defuses every cell a spreadsheet could run (OWASP: = + - @ tab CR)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+33612345678')).toBe("'+33612345678");
    expect(csvCell('+1+cmd|calc')).toBe("'+1+cmd|calc");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('-foo')).toBe("'-foo");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell(-5)).toBe("'-5");
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell(' =1')).toBe(' =1');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});
