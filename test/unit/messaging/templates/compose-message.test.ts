import {
  buildOptOutFooter,
  buildSenderPrefix,
  composeMessage,
  optOutHint,
  senderIdentifiesShop,
} from '../../../../server/messaging/templates/index.js';
import { analyzeSms } from '../../../../server/messaging/encoding.js';

const shop = { shopName: 'Demo Store', senderId: 'ACME' };

describe('sender prefix', () => {
  it('starts marketing messages with the shop name unless the sender ID already is it', () => {
    expect(buildSenderPrefix(shop)).toBe('Demo Store: ');
    expect(buildSenderPrefix({ shopName: 'Demo Store', senderId: 'DemoStore' })).toBe('');
    expect(buildSenderPrefix({ shopName: 'Demo Store', senderId: 'DEMO STORE' })).toBe('');
    expect(buildSenderPrefix({ shopName: "Joe's Café", senderId: 'JoesCafe' })).toBe("Joe's Café: ");
    expect(buildSenderPrefix({ shopName: "Joe's Cafe", senderId: 'JoesCafe' })).toBe('');
    expect(buildSenderPrefix({ shopName: 'The Great Outdoors', senderId: 'GreatOutdrs' })).toBe(
      'The Great Outdoors: ',
    );
    expect(buildSenderPrefix({ shopName: 'Demo Store', senderId: '+14155550123' })).toBe('Demo Store: ');
    expect(buildSenderPrefix({ shopName: 'Demo Store', senderId: null })).toBe('Demo Store: ');
  });

  it('compares names ignoring case, spaces and punctuation only', () => {
    expect(senderIdentifiesShop('demo store', 'Demo-Store')).toBe(true);
    expect(senderIdentifiesShop('Demo', 'Demo Store')).toBe(false);
    expect(senderIdentifiesShop('', '')).toBe(false);
  });
});

describe('opt-out footer', () => {
  it('is English by default and for unknown countries', () => {
    for (const country of ['US', 'CA', 'GB', 'us', null, undefined, '', 'XX']) {
      expect(optOutHint({ recipientCountry: country })).toBe('Reply STOP to opt out');
    }
  });

  it('is "STOP au <number>" in France, with the shop number or a numeric sender ID', () => {
    expect(optOutHint({ recipientCountry: 'FR', shopNumber: '36111' })).toBe('STOP au 36111');
    expect(optOutHint({ recipientCountry: 'FR', senderId: '38123' })).toBe('STOP au 38123');
    expect(optOutHint({ recipientCountry: 'RE', senderId: '+33612345678' })).toBe('STOP au +33612345678');
    expect(optOutHint({ recipientCountry: 'FR', shopNumber: '36111', senderId: 'ACME' })).toBe(
      'STOP au 36111',
    );
    // No number to text back: never a made-up short code.
    expect(optOutHint({ recipientCountry: 'FR', senderId: 'ACME' })).toBe(
      'Répondez STOP pour vous désabonner',
    );
  });

  it('speaks Spanish and German where they are the language', () => {
    expect(optOutHint({ recipientCountry: 'ES' })).toBe('Responde STOP para darte de baja');
    expect(optOutHint({ recipientCountry: 'MX' })).toBe('Responde STOP para darte de baja');
    expect(optOutHint({ recipientCountry: 'DE' })).toBe('Antworte STOP zum Abmelden');
    expect(optOutHint({ recipientCountry: 'AT' })).toBe('Antworte STOP zum Abmelden');
  });

  it('never forces UCS-2', () => {
    for (const country of ['US', 'FR', 'ES', 'DE']) {
      for (const shopNumber of [undefined, '36111']) {
        expect(analyzeSms(buildOptOutFooter({ recipientCountry: country, shopNumber })).encoding).toBe(
          'GSM-7',
        );
      }
    }
  });
});

describe('composeMessage', () => {
  it('wraps marketing bodies in prefix and footer', () => {
    expect(
      composeMessage({ kind: 'marketing', body: '20% off today only!', ...shop, recipientCountry: 'US' }),
    ).toEqual({
      text: 'Demo Store: 20% off today only!\nReply STOP to opt out',
      prefix: 'Demo Store: ',
      footer: '\nReply STOP to opt out',
    });
    expect(
      composeMessage({
        kind: 'marketing',
        body: 'Soldes !',
        shopName: 'Demo Store',
        senderId: 'DemoStore',
        recipientCountry: 'FR',
        shopNumber: '36111',
      }).text,
    ).toBe('Soldes !\nSTOP au 36111');
  });

  it('does not repeat a shop name or hint the body already has', () => {
    expect(
      composeMessage({ kind: 'marketing', body: 'Demo Store: sale!', ...shop, recipientCountry: 'US' }).text,
    ).toBe('Demo Store: sale!\nReply STOP to opt out');
    expect(
      composeMessage({
        kind: 'marketing',
        body: 'Sale! Reply stop to opt out',
        ...shop,
        recipientCountry: 'US',
      }),
    ).toEqual({
      text: 'Demo Store: Sale! Reply stop to opt out',
      prefix: 'Demo Store: ',
      footer: '',
    });
  });

  it('leaves transactional messages untouched', () => {
    const body = 'Your order #1042 has shipped: https://x.co/t ';
    for (const country of ['US', 'FR', 'DE']) {
      expect(
        composeMessage({
          kind: 'transactional',
          body,
          ...shop,
          recipientCountry: country,
          shopNumber: '36111',
        }),
      ).toEqual({
        text: body,
        prefix: '',
        footer: '',
      });
    }
  });
});
