// The checkout disclosure saved in Settings › Compliance reaches the checkout extension through an app-owned
// shop metafield: a production-mode app pushes it with metafieldsSet when it changes (metafieldsDelete when
// cleared), from a job, against a faked Admin API (nock; payloads as documented for metafieldsSet and
// metafieldsDelete, 2025-10). Shopify refusing or being down never fails the save.
import nock from 'nock';
import request from 'supertest';
import { start, type RunningApp } from '../../../server/main.js';
import { createAdminGraphql } from '../../../server/shopify/admin-graphql.js';
import {
  CHECKOUT_DISCLOSURE_METAFIELD,
  pushCheckoutDisclosure,
} from '../../../server/shops/checkout-disclosure-metafield.js';
import { isAppError } from '../../../server/errors.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../support/test-database.js';
import { restoreNock } from '../../support/nock-lifecycle.js';
import { waitFor } from '../../support/wait-for.js';
import { API_VERSION, fakeShop, productionEnv, sessionToken } from '../shopify/support/shopify-fakes.js';

const SHOP = 'disclosure-store.myshopify.com';
const SHOP_GID = 'gid://shopify/Shop/548380009';
const GRAPHQL = `/admin/api/${API_VERSION}/graphql.json`;
const TEXT =
  'Yes, text me offers from Disclosure Store (up to 4 msgs/month). Msg & data rates may apply. Reply STOP to cancel.';

interface Call {
  query: string;
  variables: Record<string, unknown>;
}

let db: TestDatabase;
let app: RunningApp;
let shopId: string;
/** What the app sent to the disclosure's queries and mutations, in order. */
const calls: Call[] = [];
/** Answers metafieldsSet with this user error while set. */
let refuseWith: string | null = null;

const isDisclosureCall = (body: unknown) => {
  const query = (body as { query?: unknown }).query;
  return typeof query === 'string' && /CheckoutDisclosure/.test(query);
};

const auth = () => `Bearer ${sessionToken({ shop: SHOP })}`;
const put = (body: Record<string, unknown>) =>
  request(app.url!).put('/api/settings/compliance').set('Authorization', auth()).send(body);
const mutations = () => calls.filter((c) => c.query.startsWith('mutation'));

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  // Registered before the fake shop's catch-all, so only the disclosure's documents come here.
  nock(`https://${SHOP}`)
    .persist()
    .post(GRAPHQL, isDisclosureCall)
    .reply(async (req: Request) => {
      const call = (await req.json()) as Call;
      calls.push(call);
      if (call.query.includes('query CheckoutDisclosureShop'))
        return [200, { data: { shop: { id: SHOP_GID } } }];
      if (call.query.includes('metafieldsSet(')) {
        const [input] = call.variables.metafields as Array<Record<string, string>>;
        if (refuseWith)
          return [
            200,
            {
              data: {
                metafieldsSet: {
                  metafields: [],
                  userErrors: [{ field: ['metafields', '0', 'value'], message: refuseWith, code: 'INVALID' }],
                },
              },
            },
          ];
        return [
          200,
          {
            data: {
              metafieldsSet: {
                metafields: [
                  {
                    id: 'gid://shopify/Metafield/1069228990',
                    namespace: 'app--3405867--sms_consent',
                    key: input!.key,
                  },
                ],
                userErrors: [],
              },
            },
          },
        ];
      }
      if (call.query.includes('metafieldsDelete(')) {
        const [id] = call.variables.metafields as Array<Record<string, string>>;
        return [
          200,
          {
            data: {
              metafieldsDelete: {
                deletedMetafields: [
                  { ownerId: id!.ownerId, namespace: 'app--3405867--sms_consent', key: id!.key },
                ],
                userErrors: [],
              },
            },
          },
        ];
      }
      return [200, { errors: [{ message: 'unexpected disclosure document' }] }];
    });
  fakeShop({ domain: SHOP, name: 'Disclosure Store', accessToken: 'shpat_disclosure' });
  db = await createTestDatabase();
  app = await start({ port: 0, env: testEnv(db, productionEnv()) });
  // The first authenticated request installs the shop (token exchange with the fake shop).
  expect((await request(app.url!).get('/api/settings').set('Authorization', auth())).status).toBe(200);
  shopId = (await app.database.pool.query<{ id: string }>('SELECT id FROM shops WHERE domain = $1', [SHOP]))
    .rows[0]!.id;
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  restoreNock();
});

describe('saving the checkout disclosure', () => {
  it('writes it to the app-owned shop metafield the extension reads', async () => {
    const res = await put({ consentDisclosure: TEXT }).expect(200);
    expect(res.body.consentDisclosure).toBe(TEXT);
    await waitFor('metafieldsSet', async () => mutations().length === 1);
    const set = mutations()[0]!;
    expect(set.query).toContain('metafieldsSet(metafields: $metafields)');
    expect(set.variables).toEqual({
      metafields: [
        {
          ownerId: SHOP_GID,
          namespace: '$app:sms_consent',
          key: 'checkout_disclosure',
          type: 'multi_line_text_field',
          value: TEXT,
        },
      ],
    });
    expect(CHECKOUT_DISCLOSURE_METAFIELD.namespace).toBe('$app:sms_consent');
  });

  it('pushes nothing when the disclosure did not change, or another setting did', async () => {
    const before = calls.length;
    await put({ consentDisclosure: TEXT }).expect(200);
    await put({ programName: 'Disclosure Club' }).expect(200);
    // A later change is pushed; nothing was pushed in between.
    await put({ consentDisclosure: `${TEXT} Msg frequency varies.` }).expect(200);
    await waitFor('the next metafieldsSet', async () => mutations().length === 2);
    expect(calls.slice(before).filter((c) => c.query.startsWith('mutation'))).toHaveLength(1);
    expect(mutations()[1]!.variables).toMatchObject({
      metafields: [{ value: `${TEXT} Msg frequency varies.` }],
    });
  });

  it('deletes the metafield when the disclosure is cleared (the extension then shows its default)', async () => {
    const res = await put({ consentDisclosure: '' }).expect(200);
    expect(res.body.consentDisclosure).toBeNull();
    await waitFor('metafieldsDelete', async () => mutations().length === 3);
    const del = mutations()[2]!;
    expect(del.query).toContain('metafieldsDelete(metafields: $metafields)');
    expect(del.variables).toEqual({
      metafields: [{ ownerId: SHOP_GID, namespace: '$app:sms_consent', key: 'checkout_disclosure' }],
    });
  });
});

describe('pushCheckoutDisclosure', () => {
  const graphql = (domain = SHOP, maxAttempts = 1) =>
    createAdminGraphql({
      apiVersion: API_VERSION,
      credentials: async () => ({ domain, accessToken: 'shpat_disclosure' }),
      maxAttempts,
      sleep: async () => {},
    });

  it('pushes the text saved when it runs', async () => {
    await put({ consentDisclosure: 'Saved later. Reply STOP to cancel.' }).expect(200);
    await waitFor('the job of that save', async () => mutations().length === 4);
    expect(await pushCheckoutDisclosure(app.database.db, graphql(), shopId)).toBe('set');
    expect(mutations()[4]!.variables).toMatchObject({
      metafields: [{ value: 'Saved later. Reply STOP to cancel.' }],
    });
  });

  it('a refusal by Shopify is an error that is not retried; the saved setting stays', async () => {
    refuseWith = 'Value is too long';
    try {
      const err = await pushCheckoutDisclosure(app.database.db, graphql(), shopId).catch((e: unknown) => e);
      expect(isAppError(err) && err.retryable).toBe(false);
      expect((err as Error).message).toContain('metafields.0.value: Value is too long');
    } finally {
      refuseWith = null;
    }
    const settings = await request(app.url!).get('/api/settings/compliance').set('Authorization', auth());
    expect(settings.body.consentDisclosure).toBe('Saved later. Reply STOP to cancel.');
  });

  it('Shopify being down is a retryable error', async () => {
    const down = 'down-store.myshopify.com';
    const scope = nock(`https://${down}`).post(GRAPHQL).reply(503, 'Service Unavailable');
    const err = await pushCheckoutDisclosure(app.database.db, graphql(down), shopId).catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    expect(isAppError(err) && err.retryable).toBe(true);
  });

  it('does nothing for a shop that is gone', async () => {
    const before = calls.length;
    expect(
      await pushCheckoutDisclosure(app.database.db, graphql(), '00000000-0000-4000-8000-000000000000'),
    ).toBe('shop_not_found');
    expect(calls.length).toBe(before);
  });
});
