// Storing an uploaded CSV file for a background import: the request body is parsed as it arrives and its
// rows written in batches, so a 100,000-row file is never held in memory. All or nothing: a file that
// cannot be read leaves no rows behind.
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Tx } from '../db/transaction.js';
import { subscriberImportRows, subscriberImports } from '../db/schema/index.js';
import { AppError } from '../errors.js';
import { CsvRowStream } from './csv-stream.js';

export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
export const UPLOAD_MAX_ROWS = 200_000;
const BATCH = 1000;

const fileError = (message: string, status = 400) =>
  new AppError({
    code: status === 413 ? 'import_file_too_large' : 'invalid_import_file',
    status,
    message: `Invalid import file: ${message}`,
  });

class UploadRefused extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}

/** Reads the CSV body of `body` into a new import (status uploaded) and returns its id. */
export async function storeUpload(
  db: Db,
  shopId: string,
  body: Readable,
  filename: string | null,
  now: Date,
): Promise<string> {
  try {
    return await db.transaction(async (tx) => {
      const parser = new CsvRowStream();
      let header: string[] | null = null;
      let importId: string | null = null;
      let line = 1;
      let bytes = 0;
      let batch: Array<typeof subscriberImportRows.$inferInsert> = [];
      const flush = async (tx: Tx) => {
        if (batch.length === 0) return;
        await tx.insert(subscriberImportRows).values(batch);
        batch = [];
      };
      const take = async (rows: string[][]) => {
        for (const cells of rows) {
          if (header === null) {
            header = cells.map((c) => c.trim());
            if (header.every((c) => c === ''))
              throw new UploadRefused(fileError('the first line must name the columns'));
            const seen = header.filter((c, i) => c !== '' && header!.indexOf(c) !== i);
            if (seen.length > 0)
              throw new UploadRefused(
                fileError(`the column name(s) ${[...new Set(seen)].join(', ')} appear more than once`),
              );
            const [created] = await tx
              .insert(subscriberImports)
              .values({ shopId, filename, columns: header, totalRows: 0, createdAt: now })
              .returning({ id: subscriberImports.id });
            importId = created!.id;
            continue;
          }
          line++;
          if (line - 1 > UPLOAD_MAX_ROWS)
            throw new UploadRefused(fileError(`at most ${UPLOAD_MAX_ROWS} rows per file`, 413));
          batch.push({ shopId, importId: importId!, line, cells });
          if (batch.length >= BATCH) await flush(tx);
        }
      };
      body.setEncoding('utf8');
      for await (const chunk of body as AsyncIterable<string>) {
        bytes += Buffer.byteLength(chunk);
        if (bytes > UPLOAD_MAX_BYTES)
          throw new UploadRefused(
            fileError(`the file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB`, 413),
          );
        // PostgreSQL text and jsonb cannot hold U+0000: such a file is not a CSV text file.
        if (chunk.includes('\u0000'))
          throw new UploadRefused(fileError('the file contains a NUL character (it is not a text CSV file)'));
        await take(parser.push(chunk));
      }
      const end = parser.end();
      if (!end.ok) throw new UploadRefused(fileError(`${end.message} (line ${line + 1})`));
      await take(end.rows);
      await flush(tx);
      if (importId === null)
        throw new UploadRefused(
          fileError('the file is empty; the first line must name the columns (phone, consent date, ...)'),
        );
      if (line === 1) throw new UploadRefused(fileError('the file has a header but no rows'));
      await tx
        .update(subscriberImports)
        .set({ totalRows: line - 1 })
        .where(eq(subscriberImports.id, importId));
      return importId;
    });
  } catch (err) {
    if (err instanceof UploadRefused) throw err.appError;
    throw err;
  }
}
