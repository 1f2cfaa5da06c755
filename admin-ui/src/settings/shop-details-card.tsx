// Read-only facts about the shop that come from Shopify.
import { BlockStack, Card, FormLayout, Text, TextField } from '@shopify/polaris';
import type { ShopSettings } from '../../../server/contracts/index.js';

export function ShopDetailsCard({ settings }: { settings: ShopSettings }) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Shop details
          </Text>
          <Text as="p" tone="subdued">
            These come from your Shopify store and can only be changed there.
          </Text>
        </BlockStack>
        <FormLayout>
          <TextField label="Shop domain" value={settings.shopDomain} readOnly autoComplete="off" />
          <FormLayout.Group>
            <TextField label="Currency" value={settings.currency} readOnly autoComplete="off" />
            <TextField label="Country" value={settings.countryCode} readOnly autoComplete="off" />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
