// What `npm run fuzz` aims at, each with a way to build a mutated (but validly signed or authenticated)
// request from the fixtures: every Shopify webhook topic (HMAC over the exact bytes sent), both MessageBird
// callbacks (status reports and inbound texts, signed JWTs over the exact URL and body) and every /api route
// (local mode: a loopback request is the demo shop's session), the routes listed from the Express router
// stack and their bodies taken from the tenant-isolation route cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSV_IMPORT_HEADER } from '../../server/contracts/csv-import.js';
import type { RunningApp } from '../../server/main.js';
import { createHttpApp } from '../../server/http/app.js';
import { STATUS_WEBHOOK_PATH } from '../../server/messaging/provider-setup.js';
import {
  SIGNATURE_HEADER,
  signMessageBirdRequest,
} from '../../server/messaging/providers/messagebird/index.js';
import { repoRoot } from '../../server/paths.js';
import { INBOUND_WEBHOOK_PATH } from '../../server/subscribers/inbound-webhook.js';
import { webhookHandlers } from '../../server/webhooks/handlers/index.js';
import { signShopifyWebhook } from '../../server/webhooks/sign.js';
import { routeCases, type ShopAIds } from '../integration/tenant-isolation/route-cases.js';
import { listApiRoutes } from '../support/api-routes.js';
import { mutateForm, mutateId, mutateJsonBody, mutateQuery, type Body, type Rng } from './fuzz-mutations.js';

export interface FuzzRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  mutation: string;
}

export interface Target {
  /** e.g. "webhook orders/create", "POST /api/segments", "messagebird status POST". */
  name: string;
  build(rng: Rng): FuzzRequest;
}

export interface TargetContext {
  app: RunningApp;
  ids: ShopAIds;
  shopDomain: string;
  webhookSecret: string;
  signingKey: string;
  apiVersion: string;
}

type JsonValue = Parameters<typeof mutateJsonBody>[1];

const fixtures = (dir: string) =>
  readdirSync(join(repoRoot, 'test', 'fixtures', dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f.slice(0, -5),
      json: JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', dir, f), 'utf8')) as JsonValue,
    }));

function webhookTargets(ctx: TargetContext): Target[] {
  const byTopic = new Map<string, JsonValue[]>();
  for (const f of fixtures('shopify')) {
    const [resource, action] = f.name.split('__');
    const topic = `${resource}/${action}`;
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), f.json]);
  }
  return Object.keys(webhookHandlers).map((topic) => ({
    name: `webhook ${topic}`,
    build(rng) {
      const payloads = byTopic.get(topic) ?? [{}];
      const body: Body = mutateJsonBody(rng, rng.pick(payloads));
      const signed = signShopifyWebhook({
        secret: ctx.webhookSecret,
        topic,
        shopDomain: ctx.shopDomain,
        body: body.bytes,
        apiVersion: ctx.apiVersion,
      });
      const headers: Record<string, string> = { ...signed };
      delete headers['Content-Type'];
      if (body.contentType) headers['Content-Type'] = body.contentType;
      return {
        method: 'POST',
        path: '/webhooks/shopify',
        headers,
        body: body.bytes,
        mutation: body.mutation,
      };
    },
  }));
}

interface MbFixture {
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  fields?: Record<string, string>;
}

function messageBirdTargets(ctx: TargetContext): Target[] {
  const all = fixtures('messagebird').map((f) => ({ name: f.name, fixture: f.json as unknown as MbFixture }));
  const groups: Array<[string, string, MbFixture[]]> = [
    [
      'status',
      STATUS_WEBHOOK_PATH,
      all.filter((f) => f.name.startsWith('status-report')).map((f) => f.fixture),
    ],
    [
      'inbound',
      INBOUND_WEBHOOK_PATH,
      all.filter((f) => f.name.startsWith('inbound-sms')).map((f) => f.fixture),
    ],
  ];
  return groups.flatMap(([kind, path, list]) =>
    (['GET', 'POST'] as const).map((method): Target => ({
      name: `messagebird ${kind} ${method}`,
      build(rng) {
        const fixture = rng.pick(list);
        const { fields, mutation } = mutateForm(rng, fixture.query ?? fixture.fields ?? {});
        let encoded = new URLSearchParams(fields).toString();
        if (rng.chance(0.15)) encoded = encoded.replace(/%[0-9A-F]{2}|=/, '=%ff%fe');
        const headers: Record<string, string> = {};
        if (method === 'GET') {
          const full = `${path}?${encoded}`;
          headers[SIGNATURE_HEADER] = signMessageBirdRequest({
            url: `${ctx.app.url}${full}`,
            signingKey: ctx.signingKey,
          });
          return { method, path: full, headers, body: null, mutation: `${mutation}_query` };
        }
        let bytes: Buffer = Buffer.from(encoded);
        let contentType: string | null = 'application/x-www-form-urlencoded';
        if (rng.chance(0.2)) {
          const other = mutateJsonBody(rng, Object.fromEntries(fields));
          bytes = other.bytes;
          contentType = other.contentType;
        }
        headers[SIGNATURE_HEADER] = signMessageBirdRequest({
          url: `${ctx.app.url}${path}`,
          body: bytes,
          signingKey: ctx.signingKey,
        });
        if (contentType) headers['Content-Type'] = contentType;
        return { method, path, headers, body: bytes, mutation };
      },
    })),
  );
}

function apiTargets(ctx: TargetContext): Target[] {
  const routes = listApiRoutes(createHttpApp(ctx.app.context, () => true));
  return routes.map((route): Target => {
    const c = routeCases[route.key];
    return {
      name: route.key,
      build(rng) {
        let path = c
          ? c.path(ctx.ids)
          : route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
        const original = c?.body?.(ctx.ids);
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
        const params = route.path.match(/:[A-Za-z]+/g) ?? [];
        const roll = rng.next();
        let mutation = 'valid';
        let body: Buffer | null = null;
        let contentType: string | null = null;
        if (typeof original === 'string') {
          body = Buffer.from(original);
          contentType = c?.contentType ?? 'text/csv';
        } else if (original !== undefined) {
          body = Buffer.from(JSON.stringify(original));
          contentType = 'application/json';
        }
        if (roll < 0.1) {
          // The case as the tenant-isolation test sends it (the 2xx path, so 4xx accounting sees real writes).
        } else if (params.length > 0 && roll < 0.3) {
          const segments = path.split('?')[0]!.split('/');
          const template = route.path.split('/');
          const idx = template.map((s, i) => (s.startsWith(':') ? i : -1)).filter((i) => i >= 0);
          segments[rng.pick(idx)] = mutateId(rng);
          path = segments.join('/');
          mutation = 'bad_id';
        } else if (!hasBody || roll < 0.4) {
          path = `${path.split('?')[0]}?${mutateQuery(rng)}`;
          mutation = 'bad_query';
        } else {
          const mutated =
            typeof original === 'string'
              ? {
                  bytes: Buffer.from(original.replace(/\n/g, rng.pick(['\r\n', ',,,\n', '"\n', '\u0000\n']))),
                  contentType,
                  mutation: 'csv_garbage',
                }
              : mutateJsonBody(rng, (original ?? {}) as JsonValue);
          body = mutated.bytes;
          contentType = mutated.contentType;
          mutation = mutated.mutation;
        }
        // The CSV upload's header (a browser form cannot set it); sent on every call, as the admin does.
        const headers: Record<string, string> = { [CSV_IMPORT_HEADER]: '1' };
        if (contentType && body) headers['Content-Type'] = contentType;
        return {
          method: route.method,
          path,
          headers,
          body: hasBody ? (body ?? Buffer.alloc(0)) : null,
          mutation,
        };
      },
    };
  });
}

export function buildTargets(ctx: TargetContext): Target[] {
  return [...webhookTargets(ctx), ...messageBirdTargets(ctx), ...apiTargets(ctx)];
}
