import { render } from 'preact';
import { ConsentBlock } from './consent-block.js';
import { readCheckoutOptIn } from './shopify-api.js';

// purchase.thank-you.customer-information.render-after: a second chance for buyers who
// skipped the box in checkout (and the only placement available below Shopify Plus).
export default async () => {
  const consentedInCheckout = await readCheckoutOptIn(shopify.storage);
  render(<ConsentBlock api={shopify} consentedInCheckout={consentedInCheckout} />, document.body);
};
