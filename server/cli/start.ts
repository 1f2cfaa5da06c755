// `npm start` (web + worker), `npm run web`, `npm run worker`. Builds the admin UI first if it is missing,
// so the quick start needs nothing else. SIGTERM/SIGINT shut down gracefully.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Role } from '../config.js';
import { logger } from '../logger.js';
import { start } from '../main.js';
import { adminUiDist, repoRoot } from '../paths.js';

function parseRole(argv: string[]): Role {
  const i = argv.indexOf('--role');
  const role = i >= 0 ? argv[i + 1] : 'all';
  if (role === 'all' || role === 'web' || role === 'worker') return role;
  process.stderr.write(`--role must be all, web or worker (got ${String(role)})\n`);
  process.exit(2);
}

async function ensureAdminUiBuilt(): Promise<void> {
  if (existsSync(join(adminUiDist, 'index.html'))) return;
  logger.info('admin UI not built yet: building it once (npm run build:ui)');
  const { build } = await import('vite');
  // Vite's build sets NODE_ENV=production in this process when it is unset, which would then start the app in
  // production mode (and refuse the local defaults): the variable is put back as it was.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: join(repoRoot, 'admin-ui', 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

async function main(): Promise<void> {
  const role = parseRole(process.argv.slice(2));
  if (role !== 'worker') await ensureAdminUiBuilt();
  const app = await start({ role });
  if (app.url) logger.info(`${app.config.mode === 'local' ? 'Local mode ready' : 'Ready'}: open ${app.url}`);
  let signals = 0;
  const shutdown = (signal: string) => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down gracefully');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  logger.fatal({ err }, 'failed to start');
  process.exit(1);
});
