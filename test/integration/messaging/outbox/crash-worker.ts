// Child process for crash.test.ts: a real dispatcher whose provider dies half-way through a batch.
// argv: databaseUrl sentFile crashAfter batchSize nowIso
import pg from 'pg';
import { manualClock } from '../../../../server/clock.js';
import { createDispatcher } from '../../../../server/messaging/outbox/dispatcher.js';
import { createFileProvider } from './file-provider.js';
import { dispatchSettings, registryOf } from './support.js';

const [url, file, crashAfter, batchSize, nowIso] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const pool = new pg.Pool({ connectionString: url, max: 2 });
const dispatcher = createDispatcher({
  pool,
  listenUrl: null,
  registry: () => registryOf(createFileProvider(file, { crashAfter: Number(crashAfter) })),
  dispatch: { ...dispatchSettings, batchSize: Number(batchSize) },
  rates: { perShop: 0, perProvider: 0 },
  clock: manualClock(new Date(nowIso)),
  name: 'doomed',
});
await dispatcher.runOnce();
// Not reached: the provider exits the process mid-batch.
process.exit(0);
