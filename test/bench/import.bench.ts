// bench:import — a 100,000-row subscriber CSV through the real background import path, and the memory it
// takes. Starts the app (local mode, demo shop) on a fresh database of DATABASE_URL's server, streams a
// generated file (never held in memory by the bench either) to POST /api/subscribers/imports, starts it with a
// column mapping and polls GET /api/subscribers/imports/:id until the agenda job is done. The process RSS is
// sampled every 50 ms; the figure that matters is how much it grows over its level before the import. A
// 10,000-row import (BENCH_BASELINE_ROWS) runs first in the same process as the baseline: memory that grew
// with the file would show as ~10x the baseline's growth. One in 500 rows is bad (a landline, or a consent date
// in the future) and must come back rejected. Prints one JSON line: the upload's and the import's peak RSS
// growth separately, rows per second of each. BENCH_ROWS (100,000), BENCH_BASELINE_ROWS (10,000);
// BENCH_MAX_SECONDS stops waiting for the large import after that long and reports how far it got
// (`completed: false`, `processedRows`).
import { Readable } from 'node:stream';
import { start } from '../../server/main.js';
import { CSV_IMPORT_HEADER, CSV_IMPORT_HEADER_VALUE } from '../../server/contracts/csv-import.js';
import { testEnv } from '../support/test-database.js';
import { freshServerDatabase } from './bench-database.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const BASELINE_ROWS = Number(process.env.BENCH_BASELINE_ROWS ?? 10_000);
/** Stop waiting for the 100,000-row import after this many seconds (0: wait until it is done) and report how far it got. */
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 0);
const BAD_EVERY = 500;
const MB = 1024 * 1024;

/** Row i of a file: a French mobile number unique across the run, or every BAD_EVERY-th a bad row. */
function csvLine(i: number): string {
  const n = String(10_000_000 + i).slice(-8);
  if (i % BAD_EVERY === 250) return `+3314${n.slice(0, 7)},Ann${i},,2025-01-15\n`; // a landline
  if (i % BAD_EVERY === 0) return `+336${n},Ben${i},ben${i}@example.com,2099-01-01\n`; // future date
  return `+336${n},Cleo${i},cleo${i}@example.com,2025-01-15\n`;
}

/** The file as a stream of 1,000-row chunks, generated as the upload reads it. */
function csvFile(first: number, rows: number): Readable {
  let next = first;
  const end = first + rows;
  return new Readable({
    read() {
      if (next === first) this.push('phone,first_name,email,consent_date\n');
      if (next >= end) return void this.push(null);
      let chunk = '';
      const stop = Math.min(end, next + 1000);
      for (; next < stop; next++) chunk += csvLine(next);
      this.push(chunk);
    },
  });
}

class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage.rss())), 50);
  }
  /** The peak so far, and a fresh start for the next phase. */
  phase(): number {
    const peak = Math.max(this.peak, process.memoryUsage.rss());
    this.peak = 0;
    return peak;
  }
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage.rss());
  }
}

interface ImportView {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  imported: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

async function runImport(baseUrl: string, first: number, rows: number, maxSeconds = 0) {
  global.gc?.();
  const rssBefore = process.memoryUsage.rss();
  const sampler = new RssSampler();
  const started = performance.now();
  const upload = await fetch(`${baseUrl}/api/subscribers/imports?filename=bench-${rows}.csv`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', [CSV_IMPORT_HEADER]: CSV_IMPORT_HEADER_VALUE },
    body: Readable.toWeb(csvFile(first, rows)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const { id } = (await upload.json()) as ImportView;
  const uploadSeconds = (performance.now() - started) / 1000;
  const uploadPeak = sampler.phase();
  const startRes = await fetch(`${baseUrl}/api/subscribers/imports/${id}/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      mapping: {
        phone: 'phone',
        firstName: 'first_name',
        email: 'email',
        consentDate: 'consent_date',
        defaultConsentSource: 'Bench: signup form',
        defaultDisclosureText: 'I agree to receive marketing texts. Reply STOP to cancel.',
      },
    }),
  });
  if (startRes.status !== 202) throw new Error(`start: ${startRes.status} ${await startRes.text()}`);
  let view: ImportView;
  for (;;) {
    view = (await (await fetch(`${baseUrl}/api/subscribers/imports/${id}`)).json()) as ImportView;
    if (view.status === 'completed' || view.status === 'failed') break;
    if (maxSeconds > 0 && performance.now() - started > maxSeconds * 1000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - started) / 1000;
  const peak = sampler.stop();
  if (view.status === 'failed') throw new Error(`import ${id} failed: ${view.error}`);
  const importSeconds = seconds - uploadSeconds;
  let expectedRejected = 0;
  for (let i = first; i < first + rows; i++)
    if (i % BAD_EVERY === 0 || i % BAD_EVERY === 250) expectedRejected++;
  return {
    rows,
    completed: view.status === 'completed',
    processedRows: view.processedRows,
    seconds: Number(seconds.toFixed(1)),
    uploadSeconds: Number(uploadSeconds.toFixed(1)),
    uploadRowsPerSecond: Math.round(rows / uploadSeconds),
    rowsPerSecond: Math.round(view.processedRows / importSeconds),
    imported: view.imported,
    unchanged: view.unchanged,
    rejected: view.rejected,
    expectedRejected,
    rssBeforeMb: Math.round(rssBefore / MB),
    peakRssMb: Math.round(Math.max(uploadPeak, peak) / MB),
    peakRssGrowthMb: Math.round((Math.max(uploadPeak, peak) - rssBefore) / MB),
    uploadPeakRssGrowthMb: Math.round((uploadPeak - rssBefore) / MB),
    importPeakRssGrowthMb: Math.round((peak - rssBefore) / MB),
  };
}

async function main(): Promise<void> {
  const db = await freshServerDatabase('bench_import');
  const app = await start({ port: 0, env: testEnv(db, { LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '10' }) });
  try {
    if (app.url === null) throw new Error('start() returned no HTTP url');
    const baseline = await runImport(app.url, 0, BASELINE_ROWS);
    const full = await runImport(app.url, BASELINE_ROWS, ROWS, MAX_SECONDS);
    for (const run of [baseline, full].filter((r) => r.completed)) {
      if (run.imported + run.unchanged + run.rejected !== run.rows || run.rejected !== run.expectedRejected)
        throw new Error(`import of ${run.rows} rows counted wrong: ${JSON.stringify(run)}`);
    }
    process.stdout.write(
      `${JSON.stringify({
        bench: 'import',
        ...full,
        maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / MB),
        baseline,
        growthRatio: Number((full.peakRssGrowthMb / Math.max(1, baseline.peakRssGrowthMb)).toFixed(2)),
        rowsRatio: ROWS / BASELINE_ROWS,
      })}\n`,
    );
  } finally {
    await app.stop();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
