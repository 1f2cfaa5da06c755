import { parseCsv } from '../../../server/subscribers/csv.js';
import { CsvRowStream } from '../../../server/subscribers/csv-stream.js';

const feed = (text: string, size: number) => {
  const stream = new CsvRowStream();
  const rows: string[][] = [];
  for (let i = 0; i < text.length; i += size) rows.push(...stream.push(text.slice(i, i + size)));
  const end = stream.end();
  if (!end.ok) return end;
  return { ok: true as const, rows: [...rows, ...end.rows] };
};

describe('CsvRowStream', () => {
  const samples = [
    'phone,name\r\n+14155550100,"Doe, Jane"\r\n+14155550101,"Say ""hi"""\r\n',
    '\uFEFFa,b\n1,2\n\n3,"multi\nline"\n4,',
    'a,b\r\n"x""","",y\r\n"""quoted"""',
    'only,header',
  ];

  it.each(samples)('parses %j like the whole-text parser, whatever the chunk size', (text) => {
    for (const size of [1, 2, 3, 5, 1000]) expect(feed(text, size)).toEqual(parseCsv(text));
  });

  it('refuses an unterminated quoted field', () => {
    expect(feed('a,b\n"open,1\n', 3)).toEqual({ ok: false, message: 'unterminated quoted field' });
  });
});
