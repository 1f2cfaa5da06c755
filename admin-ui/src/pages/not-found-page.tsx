// Shown for paths the admin UI doesn't know.
import { BlockStack, Button, Card, Page, Text } from '@shopify/polaris';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <Card>
        <BlockStack gap="300" inlineAlign="start">
          <Text as="p">
            There's no page at this address. Check the address, or use the navigation to find what you need.
          </Text>
          <Button url="/settings">Go to Settings</Button>
        </BlockStack>
      </Card>
    </Page>
  );
}
