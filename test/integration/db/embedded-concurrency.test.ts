// The embedded server (PGlite behind pglite-socket) must give each pooled connection its own
// parameterised queries, however many run at once.
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../server/db/embedded.js';

describe('embedded PostgreSQL under concurrent parameterised queries', () => {
  let server: EmbeddedPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir: 'memory://' });
    pool = new pg.Pool({ connectionString: server.url, max: 8 });
  });
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  it('never mixes up statements and parameters across connections', async () => {
    const runs = Array.from({ length: 150 }, (_, i) => {
      const n = (i % 7) + 1;
      const params = Array.from({ length: n }, (_, k) => i * 10 + k);
      // Every third query is large, so its messages reach the server in several TCP chunks.
      const padding = i % 3 === 0 ? `/* ${'x'.repeat(200_000)} */ ` : '';
      const sql = `${padding}SELECT ${params.map((_, k) => `$${k + 1}::int`).join(' + ')} AS total, ${n} AS n`;
      return pool
        .query(sql, params)
        .then((r) => ({ got: Number(r.rows[0].total), want: params.reduce((a, b) => a + b, 0) }));
    });
    const results = await Promise.all(
      runs.map((r) => r.catch((err: Error) => ({ got: NaN, want: 0, err: err.message }))),
    );
    expect(results.filter((r) => r.got !== r.want)).toEqual([]);
  });
});
