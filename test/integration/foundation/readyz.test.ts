// /readyz says what is wrong without telling the world how: no error text (host, user, database names).
import express from 'express';
import pg from 'pg';
import request from 'supertest';
import type { AppContext } from '../../../server/app-context.js';
import { loadConfig } from '../../../server/config.js';
import { healthRoutes } from '../../../server/http/health-routes.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('/readyz when the database is unreachable (real PostgreSQL server)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    // The real server, a database that is not there: PostgreSQL answers with an error naming it.
    const url = new URL(db.url);
    url.pathname = '/textlane_readyz_missing_database';
    pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('answers 503 with the failed checks and no error text', async () => {
    const ctx = {
      config: loadConfig({ SHOPIFY_API_KEY: undefined }),
      database: { pool },
      runsJobs: () => false,
    } as unknown as AppContext;
    const app = express().use(healthRoutes(ctx, () => false));
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'not_ready',
      checks: {
        database: { ok: false, detail: 'database unreachable' },
        migrations: { ok: false, detail: 'database unreachable' },
        jobs: { ok: true, detail: 'web role: jobs run in worker processes' },
      },
    });
    expect(res.text).not.toContain('textlane_readyz_missing_database');
  });
});
