// The local-mode acceptance: with the app running in local mode (seeded demo store, simulator), the CLI
// `npm run webhook -- orders/create` for a demo subscriber produces the order confirmation, visible in
// GET /api/messages within 2 seconds. The CLI is spawned as a developer runs it (tsx, its own config,
// the same default webhook secret as the local-mode app).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MessageItem, MessageList } from '../../../server/contracts/messages.js';
import type { SubscriberDetail, SubscriberListResponse } from '../../../server/contracts/subscribers.js';
import { start, type RunningApp } from '../../../server/main.js';
import { repoRoot } from '../../../server/paths.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { waitFor } from '../../support/wait-for.js';

const run = promisify(execFile);
const ACCEPTANCE_MS = 2000;

describe('npm run webhook -- orders/create in local mode (spawned CLI, real app, simulator)', () => {
  let db: TestDatabase;
  let app: RunningApp;
  let cliEnv: NodeJS.ProcessEnv;
  /** When the app was up: the demo seed's history (90 days of flow messages) is all older than this. */
  let seededAt = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await start({ port: 0, env: testEnv(db, { LOCAL_SEED: 'true' }) });
    seededAt = Date.now();
    // The CLI reads its own configuration: local mode, so the same default secret (local-dev-secret) as the app.
    cliEnv = { ...process.env, ...testEnv(db), LOG_LEVEL: 'silent' };
    for (const key of Object.keys(cliEnv)) if (cliEnv[key] === undefined) delete cliEnv[key];
  }, 180_000); // migrations and the demo seed on embedded PGlite can take a while
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${app.url}/api${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }
  /** The order confirmations this file's CLI runs produced (newest first), not the demo history's. */
  const confirmations = async (): Promise<MessageItem[]> =>
    (
      await api<MessageList>(`/messages?source=${encodeURIComponent('automation:order_confirmation')}`)
    ).items.filter((m) => Date.parse(m.createdAt) >= seededAt);

  /** Runs the CLI; resolves with its output when it exited 0 (the app acknowledged the webhook). */
  async function webhook(...args: string[]): Promise<string> {
    const { stdout } = await run(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['server/cli/webhook.ts', 'orders/create', '--url', app.url!, ...args],
      {
        cwd: repoRoot,
        env: cliEnv,
      },
    );
    expect(stdout).toMatch(/orders\/create -> .*: 200 OK/);
    return stdout;
  }

  /** Waits for the n-th confirmation, failing past the acceptance's 2 seconds after the webhook was acknowledged. */
  async function nthConfirmation(n: number): Promise<{ message: MessageItem; ms: number }> {
    const acknowledged = Date.now();
    const items = await waitFor(
      `order confirmation #${n}`,
      async () => {
        const list = await confirmations();
        return list.length >= n ? list : null;
      },
      10_000,
      50,
    );
    const ms = Date.now() - acknowledged;
    return { message: items[0]!, ms };
  }

  it('is on by default in local mode: the bare command confirms the order to a demo subscriber within 2 s', async () => {
    expect(await confirmations()).toEqual([]);
    const stdout = await webhook();
    const [, phone] = /local mode: for demo subscriber (\+\d+)/.exec(stdout) ?? [];
    expect(phone).toBeDefined();
    const { message, ms } = await nthConfirmation(1);
    expect(ms).toBeLessThanOrEqual(ACCEPTANCE_MS);
    expect(message).toMatchObject({ phone, kind: 'transactional', isTest: false, suppressedReason: null });
    expect(['queued', 'sending', 'sent', 'delivered']).toContain(message.status);
    const [, name] = /^order (#\d+) \(id \d+\)$/m.exec(stdout) ?? [];
    expect(message.body).toContain(`thanks for your order ${name} at Demo Store! Total: $76.43.`);
    // The phone is a subscribed demo subscriber's.
    const subscribers = await api<SubscriberListResponse>(`/subscribers?phone=${encodeURIComponent(phone!)}`);
    expect(subscribers.items).toEqual([expect.objectContaining({ phone, state: 'subscribed' })]);
    // And the simulator took it.
    const sent = await waitFor('hand-off to the simulator', async () => {
      const [latest] = await confirmations();
      return latest && ['sent', 'delivered'].includes(latest.status) ? latest : null;
    });
    expect(sent.id).toBe(message.id);
  });

  it('makes every run a new order, so a second run is a second confirmation', async () => {
    const stdout = await webhook();
    const { message, ms } = await nthConfirmation(2);
    expect(ms).toBeLessThanOrEqual(ACCEPTANCE_MS);
    const [first, second] = (await confirmations()).reverse();
    expect(first!.phone).toBe(second!.phone);
    expect(first!.body).not.toBe(second!.body); // another order name
    expect(message.body).toContain(/^order (#\d+)/m.exec(stdout)![1]!);
  });

  it('targets the subscriber given with --phone and --customer', async () => {
    const list = await api<SubscriberListResponse>('/subscribers?state=subscribed&country=FR&limit=1');
    const subscriber = await api<SubscriberDetail>(`/subscribers/${list.items[0]!.id}`);
    expect(subscriber.customerId).not.toBeNull();
    const stdout = await webhook('--phone', subscriber.phone, '--customer', subscriber.customerId!);
    expect(stdout).not.toContain('local mode: for demo subscriber');
    const { message, ms } = await nthConfirmation(3);
    expect(ms).toBeLessThanOrEqual(ACCEPTANCE_MS);
    expect(message.phone).toBe(subscriber.phone);
    expect(message.body).toMatch(/^Bonjour \S+, merci pour votre commande #\d+ chez Demo Store/); // a French subscriber
  });

  it('refuses a malformed --phone or --customer before sending anything', async () => {
    for (const args of [
      ['--phone', '4155550123'],
      ['--customer', 'jane'],
      ['--order', '12'],
    ]) {
      const topic = args[0] === '--order' ? 'checkouts/create' : 'orders/create';
      const failure = await run(
        join(repoRoot, 'node_modules', '.bin', 'tsx'),
        ['server/cli/webhook.ts', topic, '--url', app.url!, ...args],
        {
          cwd: repoRoot,
          env: cliEnv,
        },
      ).then(
        () => null,
        (err: { code?: number; stderr?: string }) => err,
      );
      expect(failure).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--(phone|customer|order) /) });
    }
    expect(await confirmations()).toHaveLength(3);
  });
});
