// Length, encoding, segments and estimated cost of the template being edited, with what to do about
// characters that force Unicode (UCS-2).
import {
  Banner,
  BlockStack,
  Box,
  Button,
  InlineGrid,
  InlineStack,
  List,
  Spinner,
  Text,
} from '@shopify/polaris';
import type { AutomationTemplateAnalysis } from '../../../server/contracts/index.js';
import { formatCostRange, formatCount, formatRange } from './format.js';
import type { AnalysisState } from './analysis-state.js';

/** Common typographic characters with a GSM-7 look-alike. */
export const GSM_REPLACEMENTS: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u2022': '-',
};

const ENCODING_HELP: Record<AutomationTemplateAnalysis['encoding'], string> = {
  'GSM-7': 'Standard SMS characters: up to 160 per segment (153 when split).',
  'UCS-2': 'Unicode (emoji or special characters): up to 70 per segment (67 when split).',
  variable: 'Depends on the values filled in: Unicode when a value has special characters.',
};

const encodingLabel = (encoding: AutomationTemplateAnalysis['encoding']): string =>
  encoding === 'variable' ? 'Variable' : encoding;

function Figure({
  label,
  value,
  testId,
  help,
}: {
  label: string;
  value: string;
  testId: string;
  help?: string;
}) {
  return (
    <Box background="bg-surface-secondary" padding="300" borderRadius="200">
      <BlockStack gap="100">
        <Text as="span" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="span" variant="headingMd" fontWeight="semibold">
          <span data-testid={testId}>{value}</span>
        </Text>
        {help !== undefined && (
          <Text as="span" variant="bodySm" tone="subdued">
            {help}
          </Text>
        )}
      </BlockStack>
    </Box>
  );
}

function UnicodeAdvice({
  characters,
  onReplace,
}: {
  characters: string[];
  onReplace(from: string, to: string): void;
}) {
  const shown = characters.map((c) =>
    c.trim() === '' ? `U+${c.codePointAt(0)?.toString(16).toUpperCase()}` : c,
  );
  const replaceable = characters.filter((c) => GSM_REPLACEMENTS[c] !== undefined);
  return (
    <Banner tone="warning" title="Unicode characters make this message longer">
      <BlockStack gap="200">
        <p>
          {shown.join(' ')} {characters.length === 1 ? 'switches' : 'switch'} the message to Unicode (UCS-2),
          so each segment holds 70 characters instead of 160. Remove or replace{' '}
          {characters.length === 1 ? 'it' : 'them'} to send fewer segments.
        </p>
        {replaceable.length > 0 && (
          <InlineStack gap="200">
            {replaceable.map((c) => (
              <Button key={c} size="slim" onClick={() => onReplace(c, GSM_REPLACEMENTS[c] ?? c)}>
                {`Replace ${c} with ${GSM_REPLACEMENTS[c] ?? c}`}
              </Button>
            ))}
          </InlineStack>
        )}
      </BlockStack>
    </Banner>
  );
}

function Figures({ analysis }: { analysis: AutomationTemplateAnalysis }) {
  const lengthUnit = analysis.maxLength === 1 ? 'character' : 'characters';
  return (
    <BlockStack gap="300">
      <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
        <Figure
          label="Length"
          value={formatRange(analysis.minLength, analysis.maxLength)}
          testId="analysis-length"
          help={lengthUnit}
        />
        <Figure label="Encoding" value={encodingLabel(analysis.encoding)} testId="analysis-encoding" />
        <Figure
          label="Segments"
          value={formatRange(analysis.minSegments, analysis.maxSegments)}
          testId="analysis-segments"
          help={
            analysis.maxSegments === 1 ? 'SMS billed per send' : 'SMS billed per send, joined on the phone'
          }
        />
        <Figure
          label="Estimated cost"
          value={formatCostRange(analysis.cost)}
          testId="analysis-cost"
          help={`per send (${analysis.cost.country} rate)`}
        />
      </InlineGrid>
      <Text as="p" variant="bodySm" tone="subdued">
        {ENCODING_HELP[analysis.encoding]}
        {analysis.exact ? '' : ' Some values have no fixed length, so the figures are estimates.'}
        {analysis.fields.length > 0
          ? ` Uses ${formatCount(analysis.fields.length)} merge field${analysis.fields.length === 1 ? '' : 's'}.`
          : ''}
      </Text>
    </BlockStack>
  );
}

interface AnalysisPanelProps {
  state: AnalysisState | undefined;
  pending: boolean;
  onReplace(from: string, to: string): void;
}

export function AnalysisPanel({ state, pending, onReplace }: AnalysisPanelProps) {
  const header = (
    <InlineStack gap="200" blockAlign="center">
      <Text as="h3" variant="headingSm">
        Message analysis
      </Text>
      {pending && <Spinner size="small" accessibilityLabel="Updating the analysis" />}
    </InlineStack>
  );
  if (state === undefined) return header;
  if (state.status === 'failed') {
    return (
      <BlockStack gap="300">
        {header}
        <Banner tone="critical" title="We couldn't analyze this message">
          <p>{state.message}</p>
        </Banner>
      </BlockStack>
    );
  }
  const { result } = state;
  return (
    <BlockStack gap="300">
      {header}
      {result.valid ? (
        <>
          <Figures analysis={result.analysis} />
          {result.analysis.unicodeCharacters.length > 0 && (
            <UnicodeAdvice characters={result.analysis.unicodeCharacters} onReplace={onReplace} />
          )}
        </>
      ) : (
        <Banner tone="critical" title="This template can't be sent yet">
          <List>
            {result.errors.map((issue, index) => (
              <List.Item key={index}>
                {issue.message}
                {issue.line !== undefined
                  ? ` (line ${issue.line}${issue.column !== undefined ? `, column ${issue.column}` : ''})`
                  : ''}
              </List.Item>
            ))}
          </List>
        </Banner>
      )}
    </BlockStack>
  );
}
