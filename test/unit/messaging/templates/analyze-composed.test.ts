import { analyzeComposedTemplate } from '../../../../server/messaging/templates/index.js';
import { analyzeTemplate } from '../../../../server/messaging/template-analysis.js';
import { shortUrlLength } from '../../../../server/messaging/links/index.js';

const names = { 'customer.first_name': { values: ['Al', 'Camille'] } };
const shop = { shopName: 'Demo Store', senderId: 'ACME' };

describe('analyzeComposedTemplate', () => {
  it('counts the sender prefix and the opt-out footer of a marketing message', () => {
    const template = 'Hi {{ customer.first_name }}, 20% off today';
    const bare = analyzeTemplate(template, names);
    const a = analyzeComposedTemplate({
      kind: 'marketing',
      template,
      bounds: names,
      ...shop,
      recipientCountry: 'US',
    });
    const extra = 'Demo Store: '.length + '\nReply STOP to opt out'.length;
    expect([bare.minLength, bare.maxLength]).toEqual([20, 25]);
    expect([a.minLength, a.maxLength]).toEqual([bare.minLength + extra, bare.maxLength + extra]);
    expect(a.encoding).toBe('GSM-7');

    const fr = analyzeComposedTemplate({
      kind: 'marketing',
      template,
      bounds: names,
      ...shop,
      recipientCountry: 'FR',
      shopNumber: '36111',
    });
    expect(fr.maxLength).toBe(bare.maxLength + 'Demo Store: '.length + '\nSTOP au 36111'.length);
  });

  it("counts the shop's own name exactly: a plain template naming it is GSM-7 with one length", () => {
    const template = 'Summer sale at {{ shop.name }}: 20% off everything this week.';
    const a = analyzeComposedTemplate({ kind: 'marketing', template, ...shop, recipientCountry: 'US' });
    const sent =
      'Demo Store: Summer sale at Demo Store: 20% off everything this week.\nReply STOP to opt out';
    expect(a).toMatchObject({
      encoding: 'GSM-7',
      minLength: sent.length,
      maxLength: sent.length,
      minSegments: 1,
      maxSegments: 1,
      exact: true,
    });
    const accented = analyzeComposedTemplate({
      kind: 'marketing',
      template,
      ...shop,
      shopName: 'Café Noël',
      recipientCountry: 'US',
    });
    expect(accented.encoding).toBe('UCS-2');
  });

  it('tips a message into a second segment when the footer does not fit', () => {
    const template = 'x'.repeat(140);
    expect(analyzeTemplate(template, {}).maxSegments).toBe(1);
    const a = analyzeComposedTemplate({
      kind: 'marketing',
      template,
      ...shop,
      senderId: 'DemoStore',
      recipientCountry: 'US',
    });
    expect(a.maxLength).toBe(162);
    expect(a.maxSegments).toBe(2);
  });

  it('adds nothing to a transactional message', () => {
    const template = 'Order {{ order.name }} shipped';
    const bounds = { 'order.name': { values: ['#1', '#10042'] } };
    const a = analyzeComposedTemplate({
      kind: 'transactional',
      template,
      bounds,
      ...shop,
      recipientCountry: 'US',
    });
    expect(a).toEqual(analyzeTemplate(template, bounds));
  });

  it('counts tracked links at their short length', () => {
    const base = 'https://sms.example.com';
    const long = 'https://demo.myshopify.com/collections/summer-sale-2025?ref=sms';
    const template = `Sale: ${long} or {{ shop.url }}`;
    const l = shortUrlLength(base);
    expect(l).toBe(base.length + '/r/'.length + 8);
    const tracked = analyzeComposedTemplate({
      kind: 'marketing',
      template,
      ...shop,
      senderId: 'DemoStore',
      recipientCountry: 'US',
      linkBaseUrl: base,
    });
    const fixed = 'Sale: '.length + l + ' or '.length + l + '\nReply STOP to opt out'.length;
    expect([tracked.minLength, tracked.maxLength]).toEqual([fixed, fixed]);
    // Without tracking, the literal link counts as written.
    const untracked = analyzeComposedTemplate({
      kind: 'marketing',
      template,
      ...shop,
      senderId: 'DemoStore',
      recipientCountry: 'US',
    });
    expect(untracked.minLength).toBeGreaterThanOrEqual('Sale: '.length + long.length);
  });

  it('tracks transactional URL fields only when the shop enabled it', () => {
    const base = 'https://sms.example.com';
    const template = 'Track it: {{ shipment.tracking_url }}';
    const on = analyzeComposedTemplate({
      kind: 'transactional',
      template,
      ...shop,
      recipientCountry: 'US',
      linkBaseUrl: base,
      trackTransactionalLinks: true,
    });
    expect([on.minLength, on.maxLength]).toEqual([
      'Track it: '.length + shortUrlLength(base),
      'Track it: '.length + shortUrlLength(base),
    ]);
    const off = analyzeComposedTemplate({
      kind: 'transactional',
      template,
      ...shop,
      recipientCountry: 'US',
      linkBaseUrl: base,
    });
    expect(off.maxLength).toBe('Track it: '.length + 120);
  });
});
