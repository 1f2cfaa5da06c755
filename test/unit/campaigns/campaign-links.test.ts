import { campaignUtm, isShopUrl } from '../../../server/campaigns/campaign-render.js';
import { appendUtm } from '../../../server/messaging/links/utm.js';

describe('campaign link UTM', () => {
  it('tags links to the shop own domain only, and only when UTM is on', () => {
    expect(
      campaignUtm('https://demo.myshopify.com/products/x', 'demo.myshopify.com', 'spring-sale', true),
    ).toEqual({ medium: 'sms', campaign: 'spring-sale' });
    expect(campaignUtm('https://WWW.demo.myshopify.com/', 'demo.myshopify.com', 's', true)).toEqual({
      medium: 'sms',
      campaign: 's',
    });
    expect(campaignUtm('https://instagram.com/demo', 'demo.myshopify.com', 's', true)).toEqual({
      medium: 'sms',
      off: true,
    });
    expect(campaignUtm('https://demo.myshopify.com/', 'demo.myshopify.com', 's', false)).toEqual({
      medium: 'sms',
      off: true,
    });
    expect(isShopUrl('not a url', 'demo.myshopify.com')).toBe(false);
    expect(isShopUrl('https://evil-demo.myshopify.com.example/', 'demo.myshopify.com')).toBe(false);
  });

  it('appendUtm adds utm_source, utm_medium, utm_campaign, or nothing when off', () => {
    expect(
      appendUtm('https://demo.myshopify.com/p?x=1#top', { medium: 'sms', campaign: 'spring-sale' }),
    ).toBe('https://demo.myshopify.com/p?x=1&utm_source=sms&utm_medium=sms&utm_campaign=spring-sale#top');
    expect(appendUtm('https://instagram.com/demo', { medium: 'sms', off: true })).toBe(
      'https://instagram.com/demo',
    );
  });
});
