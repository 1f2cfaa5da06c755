// The live SMS preview card: the phone mock-up showing the template with example values (preview-text.ts),
// with the discount sentence only while the flow's discount option is on.
import { BlockStack, Card, Text } from '@shopify/polaris';
import type { MergeFieldGroup, PreviewDiscount } from '../../../server/contracts/index.js';
import { PhonePreview } from './phone-preview.js';
import { previewText } from './preview-text.js';
import type { AnalysisState } from './analysis-state.js';

interface PreviewCardProps {
  template: string;
  mergeFields: readonly MergeFieldGroup[];
  analysis: AnalysisState | undefined;
  /** The discount option as edited; undefined for flows without one. */
  discount: PreviewDiscount | undefined;
  sender: string;
}

export function PreviewCard({ template, mergeFields, analysis, discount, sender }: PreviewCardProps) {
  const text = previewText(template, mergeFields, discount, analysis);
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Preview
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            With example values. Each recipient sees their own.
          </Text>
        </BlockStack>
        <PhonePreview sender={sender} text={text} />
      </BlockStack>
    </Card>
  );
}
