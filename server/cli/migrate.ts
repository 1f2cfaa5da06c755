// `npm run db:migrate`: applies the committed SQL migrations to DATABASE_URL (or the embedded database).
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { migrationStatus, runMigrations } from '../db/migrate.js';
import { logger } from '../logger.js';

try {
  const config = loadConfig();
  logger.level = config.logLevel;
  const database = await openDatabase(config);
  try {
    await runMigrations(database.pool);
    const s = await migrationStatus(database.pool);
    logger.info(`migrations applied: ${s.applied}/${s.expected}`);
  } finally {
    await database.close();
  }
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    logger.fatal({ err }, 'migration failed');
  }
  process.exit(1);
}
