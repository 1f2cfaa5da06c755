// An empty state that says what to do next (no illustration: nothing to download, nothing to shift).
import { BlockStack, Box, Button, Card, Text } from '@shopify/polaris';

export function NextStep({
  heading,
  children,
  action,
}: {
  heading: string;
  children: string;
  action?: { content: string; url: string };
}) {
  return (
    <Card>
      <Box paddingBlock="600" paddingInline="400">
        <BlockStack gap="200" inlineAlign="center">
          <Text as="h2" variant="headingMd" alignment="center">
            {heading}
          </Text>
          <Text as="p" tone="subdued" alignment="center">
            {children}
          </Text>
          {action !== undefined && (
            <Button variant="primary" url={action.url}>
              {action.content}
            </Button>
          )}
        </BlockStack>
      </Box>
    </Card>
  );
}
