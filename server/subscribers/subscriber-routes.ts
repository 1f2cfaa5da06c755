// /api/subscribers: list and search, detail with history, manual add and unsubscribe, consent proof
// (JSON or CSV), CSV import and export, growth counts.
import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import {
  createSubscriberSchema,
  growthQuerySchema,
  listSubscribersQuerySchema,
  subscriberFiltersSchema,
  subscriberMessagesQuerySchema,
  unsubscribeSchema,
  type ConsentProof,
  type SubscriberCounts,
} from '../contracts/subscribers.js';
import { AppError } from '../errors.js';
import { shopIdOf } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/validation.js';
import { recordOptIn, recordOptOut } from './consent-actions.js';
import { writeWithBackpressure } from '../http/write-with-backpressure.js';
import { csvLine } from './csv.js';
import { getSubscriber } from './subscriber-repository.js';
import { subscriberGrowth } from './subscriber-growth.js';
import { importSubscribersCsv } from './subscriber-import.js';
import { importRoutes } from './import-routes.js';
import { countSubscribersByState, exportSubscribers, listSubscribers } from './subscriber-queries.js';
import { getConsentProof, getSubscriberDetail, listSubscriberMessages } from './subscriber-detail-queries.js';

export const IMPORT_BODY_LIMIT = '5mb';

const PROOF_COLUMNS = [
  'subscriber_id',
  'phone',
  'event_id',
  'channel',
  'action',
  'source',
  'occurred_at',
  'recorded_at',
  'disclosure_text',
  'ip_address',
  'user_agent',
  'order_id',
  'checkout_token',
  'evidence',
];

export function consentProofCsv(proof: ConsentProof): string {
  let out = csvLine(PROOF_COLUMNS);
  for (const e of proof.events) {
    out += csvLine([
      proof.subscriber.id,
      proof.subscriber.phone,
      e.id,
      e.channel,
      e.action,
      e.source,
      e.occurredAt,
      e.recordedAt,
      e.disclosureText,
      e.ipAddress,
      e.userAgent,
      e.orderId,
      e.checkoutToken,
      JSON.stringify(e.evidence),
    ]);
  }
  return out;
}

function wantsCsv(req: Request): boolean {
  if (req.query.format === 'csv') return true;
  if (req.query.format !== undefined && req.query.format !== 'json') {
    throw new AppError({
      code: 'validation_failed',
      status: 400,
      message: 'Invalid request: format: must be json or csv',
      fields: { format: 'must be json or csv' },
    });
  }
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

function sendCsv(res: Response, filename: string, body: string): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(body);
}

export function subscriberRoutes(ctx: AppContext): Router {
  const router = Router();
  const db = ctx.database.db;
  const now = () => ctx.clock.now();

  router.get('/subscribers', async (req, res) => {
    const query = parseOrThrow(listSubscribersQuerySchema, req.query, 'query');
    res.json(await listSubscribers(db, shopIdOf(res), query));
  });

  router.get('/subscribers/counts', async (req, res) => {
    const filters = parseOrThrow(subscriberFiltersSchema, req.query, 'query');
    const body: SubscriberCounts = await countSubscribersByState(db, shopIdOf(res), filters);
    res.json(body);
  });

  router.use(importRoutes(ctx));

  router.get('/subscribers/export', async (req, res) => {
    const filters = parseOrThrow(subscriberFiltersSchema, req.query, 'query');
    const shopId = shopIdOf(res);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="subscribers.csv"');
    // Each page waits until the client took the previous one; a client that left stops the export.
    if (
      !(await writeWithBackpressure(
        res,
        csvLine(['id', 'phone', 'state', 'source', 'country', 'name', 'subscribed_at', 'created_at']),
      ))
    )
      return;
    for await (const page of exportSubscribers(db, shopId, filters)) {
      const chunk = page
        .map((s) =>
          csvLine([s.id, s.phone, s.state, s.source, s.country, s.name, s.subscribedAt, s.createdAt]),
        )
        .join('');
      if (!(await writeWithBackpressure(res, chunk))) return;
    }
    res.end();
  });

  router.get('/subscribers/growth', async (req, res) => {
    const query = parseOrThrow(growthQuerySchema, req.query, 'query');
    res.json(await subscriberGrowth(db, shopIdOf(res), query));
  });

  router.post(
    '/subscribers/import',
    express.text({ type: 'text/csv', limit: IMPORT_BODY_LIMIT }),
    async (req, res) => {
      if (typeof req.body !== 'string') {
        throw new AppError({
          code: 'unsupported_media_type',
          status: 415,
          message: 'Send the CSV file as the request body with Content-Type: text/csv',
        });
      }
      const result = await importSubscribersCsv(db, req.body, {
        shopId: shopIdOf(res),
        now: now(),
        importId: randomUUID(),
      });
      res.json(result);
    },
  );

  router.post('/subscribers', async (req, res) => {
    const input = parseOrThrow(createSubscriberSchema, req.body, 'subscriber');
    const shopId = shopIdOf(res);
    const at = now();
    const consentDate = new Date(input.consentDate);
    if (consentDate.getTime() > at.getTime()) {
      const message = `must not be in the future (got ${input.consentDate}, now is ${at.toISOString()})`;
      throw new AppError({
        code: 'validation_failed',
        status: 400,
        message: `Invalid subscriber: consentDate: ${message}`,
        fields: { consentDate: message },
      });
    }
    const outcome = await db.transaction((tx) =>
      recordOptIn(
        tx,
        shopId,
        {
          phone: input.phone,
          countryCode: input.countryCode ?? null,
          locale: input.locale ?? null,
          source: 'admin',
          occurredAt: consentDate,
          disclosureText: input.disclosureText,
          ipAddress: req.ip ?? null,
          userAgent: req.get('user-agent') ?? null,
          evidence: {
            ...input.evidence,
            addedBy: 'admin',
            consentSource: input.consentSource,
            consentDate: input.consentDate,
          },
        },
        at,
      ),
    );
    if (!outcome.ok) {
      throw new AppError({
        code: 'invalid_phone',
        status: 400,
        message: `Invalid subscriber: phone: ${outcome.message}`,
        fields: { phone: outcome.message, reason: outcome.reason },
      });
    }
    res
      .status(outcome.before === 'never' ? 201 : 200)
      .json(await getSubscriberDetail(db, shopId, outcome.subscriber.id));
  });

  router.get('/subscribers/:id', async (req, res) => {
    res.json(await getSubscriberDetail(db, shopIdOf(res), req.params.id));
  });

  router.get('/subscribers/:id/messages', async (req, res) => {
    const query = parseOrThrow(subscriberMessagesQuerySchema, req.query, 'query');
    res.json(await listSubscriberMessages(db, shopIdOf(res), req.params.id, query));
  });

  router.get('/subscribers/:id/consent', async (req, res) => {
    const csv = wantsCsv(req);
    const proof = await getConsentProof(db, shopIdOf(res), req.params.id, now());
    if (csv) sendCsv(res, `consent-${proof.subscriber.id}.csv`, consentProofCsv(proof));
    else res.json(proof);
  });

  router.post('/subscribers/:id/unsubscribe', async (req, res) => {
    const input = parseOrThrow(unsubscribeSchema, req.body ?? {}, 'unsubscribe request');
    const shopId = shopIdOf(res);
    const id = req.params.id;
    await getSubscriberDetail(db, shopId, id); // 404 for an unknown id
    const channels = input.channels ?? ['marketing', 'transactional'];
    const at = now();
    await db.transaction(async (tx) => {
      const subscriber = (await getSubscriber(tx, shopId, id))!;
      await recordOptOut(
        tx,
        shopId,
        subscriber,
        {
          source: 'admin',
          occurredAt: at,
          evidence: { reason: input.reason ?? null },
          marketing: channels.includes('marketing'),
          transactional: channels.includes('transactional'),
        },
        at,
      );
    });
    res.json(await getSubscriberDetail(db, shopId, id));
  });

  return router;
}
