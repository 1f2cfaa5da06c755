// A grid of report figures. A figure with a drill-down opens the recipients behind it; each value carries
// data-figure="<name>" so the browser tests can compare it with the API's number.
import { BlockStack, Box, Card, InlineGrid, Text } from '@shopify/polaris';
import type { CSSProperties } from 'react';
import type { RecipientFigure } from '../../../server/contracts/index.js';

export interface FigureTile {
  /** Stable name (data-figure), e.g. "sent". */
  name: string;
  label: string;
  value: string;
  /** A second line, e.g. a rate. */
  detail?: string;
  drill?: RecipientFigure;
}

// The figure's own size and weight, in the link colour: the number itself opens its recipients.
const LINK_STYLE: CSSProperties = {
  all: 'unset',
  cursor: 'pointer',
  color: 'var(--p-color-text-link)',
  textDecoration: 'underline dotted',
  textUnderlineOffset: '4px',
};

export function FigureTiles({
  tiles,
  onDrill,
  columns = 4,
}: {
  tiles: FigureTile[];
  onDrill?: (figure: RecipientFigure, label: string) => void;
  columns?: number;
}) {
  return (
    <InlineGrid columns={{ xs: 2, md: columns }} gap="300">
      {tiles.map((tile) => (
        <Card key={tile.name} padding="300">
          <BlockStack gap="100">
            <Text as="h3" variant="bodySm" tone="subdued">
              {tile.label}
            </Text>
            <Box>
              {tile.drill !== undefined && onDrill !== undefined ? (
                <Text as="p" variant="headingLg">
                  <button
                    type="button"
                    style={LINK_STYLE}
                    aria-label={`${tile.label}: ${tile.value}, show the recipients`}
                    onClick={() => onDrill(tile.drill as RecipientFigure, tile.label)}
                  >
                    <span data-figure={tile.name}>{tile.value}</span>
                  </button>
                </Text>
              ) : (
                <Text as="p" variant="headingLg">
                  <span data-figure={tile.name}>{tile.value}</span>
                </Text>
              )}
            </Box>
            <Text as="p" variant="bodySm" tone="subdued">
              {tile.detail ?? '\u00a0'}
            </Text>
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}
