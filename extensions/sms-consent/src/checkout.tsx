import { render } from 'preact';
import { ConsentBlock } from './consent-block.js';
import { writeCheckoutOptIn } from './shopify-api.js';

// purchase.checkout.contact.render-after: the consent box under the contact section.
export default async () => {
  render(
    <ConsentBlock
      api={shopify}
      consentedInCheckout={false}
      onCheckedChange={(checked) => void writeCheckoutOptIn(shopify.storage, checked)}
    />,
    document.body,
  );
};
