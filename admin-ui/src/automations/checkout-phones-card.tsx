// The shop-wide "order updates for checkout phone numbers" switch (off by default).
import { BlockStack, Card, Checkbox, Text } from '@shopify/polaris';

interface CheckoutPhonesCardProps {
  checked: boolean;
  saving: boolean;
  onChange(checked: boolean): void;
}

export function CheckoutPhonesCard({ checked, saving, onChange }: CheckoutPhonesCardProps) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Who gets order updates
        </Text>
        <Text as="p" tone="subdued">
          SMS subscribers get order updates unless they opted out.
        </Text>
        <Checkbox
          label="Also send order updates to phone numbers given at checkout"
          helpText="For shoppers who entered a phone number without subscribing to SMS marketing. They only get transactional messages, never marketing automations or campaigns."
          checked={checked}
          disabled={saving}
          onChange={onChange}
        />
      </BlockStack>
    </Card>
  );
}
