// One batch of a background CSV import, written set-based: the rows are checked in memory, then the new
// numbers go in with one insert into subscribers (their cache columns derived from the two ledger events
// they get), one into consent_events and one into consent_sync (the Shopify write-back). The decisions are
// recordOptIn's with confirmed consent and no welcome text: a number already subscribed on both channels
// is "unchanged" and nothing is written; any other existing number goes through recordOptIn itself, one
// row at a time, so its ledger decides (resubscribe, confirm a pending opt-in, fill a missing country).
import { and, eq, inArray } from 'drizzle-orm';
import { consentEvents, consentSync, subscribers } from '../db/schema/index.js';
import type { Tx } from '../db/transaction.js';
import { recordOptIn } from './consent-actions.js';
import {
  clampOccurredAt,
  evidenceOf,
  toLedgerEntry,
  writeBackRow,
  type ConsentEventInput,
} from './consent-ledger.js';
import { deriveState, type LedgerEntry } from './consent-state.js';
import type { CheckedRow, RowCheck } from './import-row-check.js';
import { normalizePhone } from './phone.js';
import type { ShopRecord } from './subscriber-repository.js';

export type ImportRowUpdate = {
  line: number;
  status: 'imported' | 'unchanged' | 'rejected';
  phone: string | null;
  reason: string | null;
  message: string | null;
};

interface Candidate {
  line: number;
  row: CheckedRow;
  phone: string;
  country: string | null;
  events: ConsentEventInput[];
}

function optInEvents(importId: string, line: number, r: CheckedRow): ConsentEventInput[] {
  const base = {
    source: 'import' as const,
    occurredAt: r.occurredAt,
    disclosureText: r.disclosureText,
    evidence: {
      importId,
      importLine: line,
      consentSource: r.consentSource,
      ...(r.firstName ? { firstName: r.firstName } : {}),
      ...(r.lastName ? { lastName: r.lastName } : {}),
      ...(r.email ? { email: r.email } : {}),
    },
  };
  return [
    { ...base, channel: 'marketing', action: 'subscribed', awaitingConfirmation: false },
    { ...base, channel: 'transactional', action: 'subscribed', awaitingConfirmation: false },
  ];
}

/**
 * Writes one batch of checked rows (in line order) and returns each row's outcome. `earlier` maps each
 * number already imported from this file to its first line; the batch's own numbers are added to it.
 */
export async function writeImportBatch(
  tx: Tx,
  shop: ShopRecord,
  importId: string,
  checks: readonly { line: number; check: RowCheck }[],
  earlier: Map<string, number>,
  now: Date,
): Promise<ImportRowUpdate[]> {
  const shopId = shop.id;
  const updates = new Map<number, ImportRowUpdate>();
  const reject = (line: number, reason: string, message: string) =>
    updates.set(line, { line, status: 'rejected', phone: null, reason, message });
  const candidates: Candidate[] = [];
  for (const { line, check } of checks) {
    if (!check.ok) {
      reject(line, check.reason, check.message);
      continue;
    }
    const first = earlier.get(check.row.phone);
    if (first !== undefined) {
      reject(line, 'duplicate', `same number as line ${first}`);
      continue;
    }
    // As recordOptIn normalises it: the row's country, then the shop's.
    const phone = normalizePhone(check.row.phone, { defaultCountry: [check.row.country, shop.countryCode] });
    if (!phone.ok) {
      reject(line, phone.reason === 'not_mobile' ? 'landline' : 'invalid_phone', phone.message);
      continue;
    }
    earlier.set(phone.e164, line);
    candidates.push({
      line,
      row: check.row,
      phone: phone.e164,
      country: phone.country,
      events: optInEvents(importId, line, check.row),
    });
  }
  if (candidates.length > 0) {
    const derived = new Map(
      candidates.map((c) => [
        c.phone,
        deriveState(
          c.events.map((e, i): LedgerEntry => ({
            channel: e.channel,
            action: e.action,
            source: e.source,
            occurredAt: clampOccurredAt(e.occurredAt, now),
            recordedAt: now,
            id: BigInt(i + 1),
            awaitingConfirmation: false,
          })),
        ),
      ]),
    );
    const created = await tx
      .insert(subscribers)
      .values(
        candidates.map((c) => {
          const state = derived.get(c.phone)!;
          return {
            shopId,
            phone: c.phone,
            countryCode: c.country,
            source: state.source ?? 'import',
            marketingState: state.marketingState,
            transactionalState: state.transactionalState,
            subscribedAt: state.subscribedAt,
            unsubscribedAt: state.unsubscribedAt,
            createdAt: now,
            updatedAt: now,
          };
        }),
      )
      .onConflictDoNothing({ target: [subscribers.shopId, subscribers.phone] })
      .returning({ id: subscribers.id, phone: subscribers.phone });
    const idByPhone = new Map(created.map((s) => [s.phone, s.id]));
    const fresh = candidates.filter((c) => idByPhone.has(c.phone));
    if (fresh.length > 0) {
      const inserted = await tx
        .insert(consentEvents)
        .values(
          fresh.flatMap((c) =>
            c.events.map((e) => ({
              shopId,
              subscriberId: idByPhone.get(c.phone)!,
              channel: e.channel,
              action: e.action,
              source: e.source,
              disclosureText: e.disclosureText ?? null,
              evidence: evidenceOf(e, now),
              occurredAt: clampOccurredAt(e.occurredAt, now),
              recordedAt: now,
            })),
          ),
        )
        .returning();
      const bySubscriber = new Map<string, typeof inserted>();
      for (const e of inserted)
        bySubscriber.set(e.subscriberId, [...(bySubscriber.get(e.subscriberId) ?? []), e]);
      const before = deriveState([]);
      const writeBacks = fresh.flatMap((c) => {
        const id = idByPhone.get(c.phone)!;
        const events = bySubscriber.get(id) ?? [];
        const row = writeBackRow(
          shopId,
          id,
          null,
          before,
          deriveState(events.map(toLedgerEntry)),
          events,
          now,
        );
        return row ? [row] : [];
      });
      if (writeBacks.length > 0) await tx.insert(consentSync).values(writeBacks);
      for (const c of fresh)
        updates.set(c.line, {
          line: c.line,
          status: 'imported',
          phone: c.phone,
          reason: null,
          message: null,
        });
    }
    const existing = candidates.filter((c) => !idByPhone.has(c.phone));
    if (existing.length > 0) {
      const rows = await tx
        .select({
          phone: subscribers.phone,
          countryCode: subscribers.countryCode,
          marketingState: subscribers.marketingState,
          transactionalState: subscribers.transactionalState,
        })
        .from(subscribers)
        .where(
          and(
            eq(subscribers.shopId, shopId),
            inArray(
              subscribers.phone,
              existing.map((c) => c.phone),
            ),
          ),
        );
      const current = new Map(rows.map((r) => [r.phone, r]));
      for (const c of existing) {
        const cur = current.get(c.phone);
        if (
          cur &&
          cur.countryCode !== null &&
          cur.marketingState === 'subscribed' &&
          cur.transactionalState === 'subscribed'
        ) {
          updates.set(c.line, {
            line: c.line,
            status: 'unchanged',
            phone: c.phone,
            reason: null,
            message: null,
          });
          continue;
        }
        const outcome = await recordOptIn(
          tx,
          shopId,
          {
            phone: c.phone,
            countryCode: c.row.country,
            source: 'import',
            occurredAt: c.row.occurredAt,
            disclosureText: c.row.disclosureText,
            evidence: c.events[0]!.evidence,
            confirmed: true,
            welcome: false,
          },
          now,
        );
        if (!outcome.ok) {
          reject(c.line, outcome.reason === 'not_mobile' ? 'landline' : 'invalid_phone', outcome.message);
          continue;
        }
        updates.set(c.line, {
          line: c.line,
          status: outcome.before === outcome.state ? 'unchanged' : 'imported',
          phone: c.phone,
          reason: null,
          message: null,
        });
      }
    }
  }
  return checks.map(({ line }) => updates.get(line)!);
}
