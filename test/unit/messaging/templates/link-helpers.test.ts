// Pure helpers of the tracked links (server/messaging/links): codes, finding and rewriting links, UTM.
import {
  appendUtm,
  findUrls,
  generateShortCode,
  isPreviewBot,
  rewriteLinks,
  SHORT_CODE_PATTERN,
  shortUrl,
  trackableUrls,
} from '../../../../server/messaging/links/index.js';

describe('short codes', () => {
  it('are 8 base62 characters, uniformly random', () => {
    const codes = Array.from({ length: 5000 }, () => generateShortCode());
    for (const c of codes.slice(0, 100)) {
      expect(c).toMatch(/^[0-9A-Za-z]{8}$/);
      expect(SHORT_CODE_PATTERN.test(c)).toBe(true);
    }
    expect(new Set(codes).size).toBe(codes.length);
    // 40,000 characters over 62 symbols: every symbol appears, none wildly over-represented.
    const counts = new Map<string, number>();
    for (const ch of codes.join('')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Mean 645, sd ≈ 25: 770 is 5 sd; a modulo-biased generator would give 8 symbols ≈ 781 each.
    expect(Math.max(...counts.values())).toBeLessThan(770);
  });

  it('build short URLs on the app base', () => {
    expect(shortUrl('https://sms.example.com/', 'Ab3dEf9h')).toBe('https://sms.example.com/r/Ab3dEf9h');
    expect(shortUrl('http://127.0.0.1:3000', 'Ab3dEf9h')).toBe('http://127.0.0.1:3000/r/Ab3dEf9h');
  });
});

describe('finding and rewriting links', () => {
  it('finds http(s) links and leaves sentence punctuation out', () => {
    expect(
      findUrls(
        'Sale at https://shop.com/sale. Also (https://shop.com/a_(b)) and https://shop.com/x?y=1&z=2! http://shop.com, ftp://no www.no.com',
      ),
    ).toEqual([
      'https://shop.com/sale',
      'https://shop.com/a_(b)',
      'https://shop.com/x?y=1&z=2',
      'http://shop.com',
    ]);
    expect(findUrls('https://shop.com/a https://shop.com/a')).toEqual(['https://shop.com/a']);
  });

  it('rewrites only whole links that are in the map', () => {
    const map = new Map([
      ['https://shop.com', 'https://t.co/r/AAAAAAAA'],
      ['https://shop.com/sale', 'https://t.co/r/BBBBBBBB'],
    ]);
    expect(rewriteLinks('Go https://shop.com/sale or https://shop.com. Not https://other.com/x', map)).toBe(
      'Go https://t.co/r/BBBBBBBB or https://t.co/r/AAAAAAAA. Not https://other.com/x',
    );
    expect(rewriteLinks('no links', map)).toBe('no links');
    expect(rewriteLinks('x https://shop.com/sale', { 'https://shop.com/sale': 'S' })).toBe('x S');
  });

  it('tracks every marketing link, and transactional URL fields only when enabled', () => {
    const body = 'Track https://carrier.com/t/1 or see https://shop.com/faq';
    expect(trackableUrls({ kind: 'marketing', body, urlFieldValues: [], trackTransactional: false })).toEqual(
      ['https://carrier.com/t/1', 'https://shop.com/faq'],
    );
    expect(
      trackableUrls({
        kind: 'transactional',
        body,
        urlFieldValues: ['https://carrier.com/t/1'],
        trackTransactional: true,
      }),
    ).toEqual(['https://carrier.com/t/1']);
    expect(
      trackableUrls({
        kind: 'transactional',
        body,
        urlFieldValues: ['https://carrier.com/t/1'],
        trackTransactional: false,
      }),
    ).toEqual([]);
  });
});

describe('appendUtm', () => {
  const utm = { medium: 'campaign', campaign: 'summer sale' };
  it('adds source, medium and campaign', () => {
    expect(appendUtm('https://shop.com/sale', utm)).toBe(
      'https://shop.com/sale?utm_source=sms&utm_medium=campaign&utm_campaign=summer%20sale',
    );
    expect(appendUtm('https://shop.com/?a=1#top', { medium: 'automation' })).toBe(
      'https://shop.com/?a=1&utm_source=sms&utm_medium=automation#top',
    );
    expect(appendUtm('https://shop.com/?', { medium: 'm' })).toBe(
      'https://shop.com/?utm_source=sms&utm_medium=m',
    );
  });

  it('never overwrites the merchant’s own UTM parameters, and keeps the rest byte for byte', () => {
    expect(appendUtm('https://shop.com/p?q=a+b%20c&utm_campaign=mine', utm)).toBe(
      'https://shop.com/p?q=a+b%20c&utm_campaign=mine&utm_source=sms&utm_medium=campaign',
    );
    const all = 'https://shop.com/?utm_source=x&utm_medium=y&utm_campaign=z';
    expect(appendUtm(all, utm)).toBe(all);
  });
});

describe('isPreviewBot', () => {
  it('flags link-preview bots, crawlers, HEAD probes and missing user agents', () => {
    const bots = [
      'facebookexternalhit/1.1 Facebot Twitterbot/1.0', // iMessage
      'WhatsApp/2.23.20.0 A',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'TelegramBot (like TwitterBot)',
      'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    ];
    for (const ua of bots) expect(isPreviewBot(ua, 'GET')).toBe(true);
    expect(isPreviewBot(null, 'GET')).toBe(true);
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    expect(isPreviewBot(iphone, 'GET')).toBe(false);
    expect(isPreviewBot(iphone, 'HEAD')).toBe(true);
  });
});
