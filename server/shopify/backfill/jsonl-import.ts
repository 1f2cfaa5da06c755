// Streams a bulk result file into the mirror in batches (~1,000 lines per transaction), so memory is
// bounded by one batch whatever the file size. Each batch upserts with the webhook mirror's rules and
// recomputes the purchase aggregates of the customers it touched, set-based, through the store mirror's
// upserts (server/store/), the same the webhooks use.
import type { SyncResource } from '../../contracts/index.js';
import type { Db } from '../../db/client.js';
import { assertNever } from '../../errors.js';
import { logger } from '../../logger.js';
import {
  recomputeCustomerAggregates,
  upsertCustomers,
  upsertOrders,
  writeLineItems,
  type CustomerRecord,
} from '../../store/index.js';
import {
  customerRecordFromBulk,
  gidType,
  lineItemRecordFromBulk,
  orderRecordFromBulk,
  type BulkLineItemRecord,
  type BulkOrderRecord,
} from './bulk-records.js';
import { streamJsonl } from './jsonl-stream.js';

export const DEFAULT_BATCH_LINES = 1000;

export interface JsonlImportOptions {
  db: Db;
  fetch?: typeof fetch;
  batchLines?: number;
  /** Called after every committed batch with the total rows written so far. */
  onProgress?: (rowsImported: number) => Promise<void>;
}

export interface JsonlImportResult {
  rowsImported: number;
  /** Lines that failed validation (logged, not imported). */
  skippedLines: number;
}

interface OrderGroup {
  order: BulkOrderRecord;
  items: BulkLineItemRecord[];
}

export async function importJsonl(
  opts: JsonlImportOptions,
  shopId: string,
  resource: SyncResource,
  url: string,
): Promise<JsonlImportResult> {
  const batchLines = opts.batchLines ?? DEFAULT_BATCH_LINES;
  let rowsImported = 0;
  let skippedLines = 0;
  let pendingLines = 0;
  const customers: CustomerRecord[] = [];
  const groups: OrderGroup[] = [];
  // Line items whose order is not the one just read (an ungrouped file): inserted if missing, never overwriting.
  const orphans: BulkLineItemRecord[] = [];
  let current: OrderGroup | null = null;

  const skip = (line: number, err: unknown) => {
    skippedLines++;
    if (skippedLines <= 10)
      logger.warn(
        { shopId, resource, line, err: (err as Error).message },
        'skipping invalid bulk result line',
      );
  };

  const flush = async () => {
    if (pendingLines === 0) return;
    const batchCustomers = customers.splice(0);
    const batchGroups = groups.splice(0);
    const batchOrphans = orphans.splice(0);
    const lines = pendingLines;
    pendingLines = 0;
    await opts.db.transaction(async (tx) => {
      if (batchCustomers.length > 0) {
        await upsertCustomers(tx, shopId, batchCustomers);
        await recomputeCustomerAggregates(
          tx,
          shopId,
          batchCustomers.map((c) => c.id),
        );
      }
      if (batchGroups.length > 0) {
        const result = await upsertOrders(
          tx,
          shopId,
          batchGroups.map((g) => g.order),
          batchGroups.flatMap((g) => g.items),
        );
        if (batchOrphans.length > 0) await writeLineItems(tx, shopId, batchOrphans, 'fill');
        await recomputeCustomerAggregates(tx, shopId, result.affectedCustomerIds);
      } else if (batchOrphans.length > 0) {
        await writeLineItems(tx, shopId, batchOrphans, 'fill');
      }
    });
    rowsImported += lines;
    await opts.onProgress?.(rowsImported);
  };

  for await (const { line, value } of streamJsonl(url, opts.fetch)) {
    switch (resource) {
      case 'customers':
        try {
          customers.push(customerRecordFromBulk(value));
          pendingLines++;
        } catch (err) {
          skip(line, err);
        }
        if (pendingLines >= batchLines) await flush();
        break;
      case 'orders': {
        const type = gidType(value.id);
        if (type === 'Order') {
          let order: BulkOrderRecord;
          try {
            order = orderRecordFromBulk(value);
          } catch (err) {
            skip(line, err);
            current = null;
            break;
          }
          // The previous order is complete (its line items follow it): flush at order boundaries only.
          if (current) groups.push(current);
          if (pendingLines >= batchLines) await flush();
          current = { order, items: [] };
          pendingLines++;
        } else if (type === 'LineItem') {
          try {
            const item = lineItemRecordFromBulk(value);
            if (current && item.order_id === current.order.id) current.items.push(item);
            else orphans.push(item);
            pendingLines++;
          } catch (err) {
            skip(line, err);
          }
        } else {
          skip(line, new Error(`unexpected object ${String(value.id)}`));
        }
        break;
      }
      default:
        assertNever(resource, 'sync resource');
    }
  }
  if (current) groups.push(current);
  await flush();
  return { rowsImported, skippedLines };
}
