// A titled card, the shape most cards of the admin share: the title (with actions on its right), then the
// content, or one subdued line instead when there is nothing to show.
import { BlockStack, Card, InlineStack, Text, type BlockStackProps } from '@shopify/polaris';
import type { ReactNode } from 'react';

export interface SectionCardProps {
  title: string;
  /** The title's size: headingSm (default) or headingMd. */
  size?: 'sm' | 'md';
  /** Space between the title and the content (default 200). */
  gap?: BlockStackProps['gap'];
  actions?: ReactNode;
  /** A line shown (subdued) instead of the content: nothing to show. False or absent: the content. */
  empty?: string | false;
  children?: ReactNode;
}

export function SectionCard({ title, size = 'sm', gap = '200', actions, empty, children }: SectionCardProps) {
  const heading = (
    <Text as="h2" variant={size === 'md' ? 'headingMd' : 'headingSm'}>
      {title}
    </Text>
  );
  return (
    <Card>
      <BlockStack gap={gap}>
        {actions === undefined ? (
          heading
        ) : (
          <InlineStack align="space-between" blockAlign="center">
            {heading}
            {actions}
          </InlineStack>
        )}
        {empty ? (
          <Text as="p" tone="subdued">
            {empty}
          </Text>
        ) : (
          children
        )}
      </BlockStack>
    </Card>
  );
}
