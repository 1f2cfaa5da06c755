// `npm run shop:number -- <shop-domain> <+E164 | --release>`: the operator assigns (or releases) the number
// that receives a shop's inbound texts, on DATABASE_URL (or the embedded database). Exit code 0 on success,
// 1 when the shop is unknown or the number belongs to another shop, 2 on bad arguments.
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { logger } from '../logger.js';
import { shopNumberCommand } from './shop-number-command.js';

try {
  const config = loadConfig();
  logger.level = config.logLevel;
  const database = await openDatabase(config);
  try {
    await runMigrations(database.pool);
    const result = await shopNumberCommand(database.db, process.argv.slice(2), new Date());
    (result.exitCode === 0 ? process.stdout : process.stderr).write(result.message);
    process.exitCode = result.exitCode;
  } finally {
    await database.close();
  }
} catch (err) {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else logger.fatal({ err }, 'shop:number failed');
  process.exit(1);
}
