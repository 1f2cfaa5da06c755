// /healthz: the process is alive. /readyz: database reachable, migrations applied, jobs running.
import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { migrationStatus } from '../db/migrate.js';
import { logger } from '../logger.js';

export function healthRoutes(ctx: AppContext, jobsRunning: () => boolean): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', mode: ctx.config.mode, uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      await ctx.database.pool.query('SELECT 1');
      checks.database = { ok: true };
      const m = await migrationStatus(ctx.database.pool);
      checks.migrations = { ok: m.applied >= m.expected, detail: `${m.applied}/${m.expected} applied` };
    } catch (err) {
      // The error (host names, user names, server messages) goes to the log, never to the response.
      logger.warn({ err }, 'readiness check: database unreachable');
      checks.database = { ok: false, detail: 'database unreachable' };
      checks.migrations = { ok: false, detail: 'database unreachable' };
    }
    checks.jobs = ctx.runsJobs()
      ? { ok: jobsRunning(), detail: jobsRunning() ? 'agenda running' : 'agenda stopped' }
      : { ok: true, detail: 'web role: jobs run in worker processes' };
    const ready = Object.values(checks).every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  return router;
}
