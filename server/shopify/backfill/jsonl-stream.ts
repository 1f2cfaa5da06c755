// Streams a bulk operation's JSONL result line by line straight from the HTTP response body: memory
// stays constant whatever the file size (the file is never read whole).
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { AppError } from '../../errors.js';

export interface JsonlLine {
  /** 1-based line number in the file. */
  line: number;
  value: Record<string, unknown>;
}

/** Opens the URL and yields each non-empty line parsed as a JSON object. */
export async function* streamJsonl(
  url: string,
  fetchFn: typeof fetch = globalThis.fetch,
): AsyncGenerator<JsonlLine> {
  let res: Response;
  try {
    res = await fetchFn(url);
  } catch (err) {
    throw new AppError({
      code: 'bulk_download_failed',
      status: 502,
      retryable: true,
      message: `Bulk result download failed: ${(err as Error).message}`,
      cause: err,
    });
  }
  if (!res.ok || !res.body) {
    throw new AppError({
      code: 'bulk_download_failed',
      status: 502,
      retryable: res.status >= 500,
      message: `Bulk result download answered ${res.status}`,
    });
  }
  const input = Readable.fromWeb(res.body as unknown as NodeReadableStream<Uint8Array>);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new AppError({
          code: 'bulk_result_malformed',
          status: 502,
          message: `Bulk result line ${n} is not JSON`,
          cause: err,
        });
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new AppError({
          code: 'bulk_result_malformed',
          status: 502,
          message: `Bulk result line ${n} is not a JSON object`,
        });
      }
      yield { line: n, value: value as Record<string, unknown> };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
