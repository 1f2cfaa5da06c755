// The live SMS preview: the template rendered in the browser with each merge field's example value as the
// merchant types, completed with what the server's last rendered preview shows (the shop-name prefix and
// opt-out footer of marketing messages, links as tracked short links).
import { BlockStack, Card, Text } from '@shopify/polaris';
import { useMemo } from 'react';
import type { MergeFieldGroup } from '../../../server/contracts/templates.js';
import { PhonePreview } from './phone-preview.js';
import { alignWithServer, joinParts, renderParts, type SampleValues } from './preview-renderer.js';
import type { AnalysisState } from './use-template-analysis.js';

export function sampleValues(groups: readonly MergeFieldGroup[]): SampleValues {
  const samples: Record<string, string> = {};
  for (const group of groups) {
    for (const field of group.fields) samples[`${group.root}.${field.name}`] = field.example;
  }
  return samples;
}

/**
 * The text the phone shows for `template`: rendered here as the merchant types, with what the server's last
 * preview (possibly of an older text) tells about the real message: prefix, footer, tracked short links.
 */
export function previewText(
  template: string,
  samples: SampleValues,
  state: AnalysisState | undefined,
): string {
  const parts = renderParts(template, samples);
  if (state?.status !== 'ready' || !state.result.valid) return joinParts(parts);
  const serverText = state.result.analysis.preview;
  const aligned = alignWithServer(renderParts(state.template, samples), serverText);
  if (aligned === undefined) return state.template === template ? serverText : joinParts(parts);
  const body = parts
    .map((part) => (part.kind === 'text' ? part.text : (aligned.values.get(part.source) ?? part.value)))
    .join('');
  return aligned.prefix + body + aligned.footer;
}

interface PreviewCardProps {
  template: string;
  mergeFields: readonly MergeFieldGroup[];
  analysis: AnalysisState | undefined;
  sender: string;
}

export function PreviewCard({ template, mergeFields, analysis, sender }: PreviewCardProps) {
  const samples = useMemo(() => sampleValues(mergeFields), [mergeFields]);
  const text = previewText(template, samples, analysis);
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
