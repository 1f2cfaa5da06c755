// Incremental RFC 4180 CSV parsing (same dialect as csv.ts: quoted fields with "" escapes, CRLF or LF, a
// leading UTF-8 BOM): feed text chunks as they arrive, take the complete rows, so a large upload is never
// held in memory as a whole. Blank lines are skipped.
export class CsvRowStream {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  /** The previous chunk ended on a quote inside a quoted field: escape ("") or end of the field. */
  private pendingQuote = false;
  private pendingCr = false;
  private started = false;
  private fieldTouched = false;

  /** Parses a chunk and returns the rows it completed. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue;
      }
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (c === '"') {
          this.field += '"';
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (c === '"') this.pendingQuote = true;
        else this.field += c;
        continue;
      }
      if (c === '"' && this.field === '' && !this.fieldTouched) {
        this.quoted = true;
        this.fieldTouched = true;
      } else if (c === ',') {
        this.endField();
      } else if (c === '\n' || c === '\r') {
        this.endField();
        this.endRow(out);
        if (c === '\r') this.pendingCr = true;
      } else {
        this.field += c;
        this.fieldTouched = true;
      }
    }
    return out;
  }

  /** Ends the input: the last row (without a line end), or an error for an unterminated quoted field. */
  end(): { ok: true; rows: string[][] } | { ok: false; message: string } {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.quoted = false;
    }
    if (this.quoted) return { ok: false, message: 'unterminated quoted field' };
    const out: string[][] = [];
    if (this.fieldTouched || this.row.length > 0) {
      this.endField();
      this.endRow(out);
    }
    return { ok: true, rows: out };
  }

  private endField(): void {
    this.row.push(this.field);
    this.field = '';
    this.fieldTouched = false;
  }

  private endRow(out: string[][]): void {
    const row = this.row;
    this.row = [];
    if (!(row.length === 1 && row[0]!.trim() === '')) out.push(row);
  }
}
