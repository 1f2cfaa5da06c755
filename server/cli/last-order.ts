// `npm run webhook` remembers the last order it created per shop (in .data/, next to the local database),
// so `fulfillments/create` or `fulfillment_events/create` without --order ships that order: a new user
// who sends orders/create and then fulfillments/create sees the confirmation, then the shipping text.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repoRoot } from '../paths.js';

export const LAST_ORDER_FILE = join(repoRoot, '.data', 'last-webhook-order.json');

export interface RememberedOrder {
  id: number;
  name: string;
  createdAt: string;
}

type Store = Record<string, RememberedOrder>;

async function readStore(file: string): Promise<Store> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Store) : {};
  } catch {
    return {}; // no order created yet (or an unreadable file): nothing remembered
  }
}

export async function rememberOrder(
  shop: string,
  order: RememberedOrder,
  file = LAST_ORDER_FILE,
): Promise<void> {
  const store = await readStore(file);
  store[shop] = order;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(store, null, 2)}\n`);
}

export async function lastOrder(shop: string, file = LAST_ORDER_FILE): Promise<RememberedOrder | null> {
  const entry = (await readStore(file))[shop];
  return entry && Number.isSafeInteger(entry.id) && entry.id > 0 ? entry : null;
}

/** Topics whose payload belongs to an order given by order_id (fulfillments/*, fulfillment_events/*). */
export const shipsAnOrder = (topic: string): boolean => /^(fulfillments|fulfillment_events)\//.test(topic);
