// The message template per locale (English/French tabs), the merge-field picker inserting at the cursor,
// and the live analysis under the editor.
import { BlockStack, Card, InlineStack, Tabs, Text, TextField } from '@shopify/polaris';
import { useRef } from 'react';
import type { AutomationLocale } from '../../../server/contracts/index.js';
import { MAX_TEMPLATE_SOURCE_LENGTH, type MergeFieldGroup } from '../../../server/contracts/templates.js';
import { AnalysisPanel } from './analysis-panel.js';
import { MergeFieldPicker } from './merge-field-picker.js';
import { insertAt } from './preview-renderer.js';
import type { TemplateAnalysis } from './use-template-analysis.js';

export const LOCALE_TABS: readonly { id: AutomationLocale; content: string; audience: string }[] = [
  {
    id: 'en',
    content: 'English',
    audience: 'Sent to recipients everywhere except French-speaking countries.',
  },
  {
    id: 'fr',
    content: 'French',
    audience: 'Sent to recipients in France, Belgium, Monaco, Luxembourg, Switzerland and Québec.',
  },
];

interface TemplateCardProps {
  locale: AutomationLocale;
  onLocaleChange(locale: AutomationLocale): void;
  value: string;
  onChange(value: string): void;
  /** Inline error per locale (from the server's 400 or the analysis). */
  errors: Partial<Record<AutomationLocale, string>>;
  mergeFields: readonly MergeFieldGroup[];
  analysis: TemplateAnalysis;
  disabled: boolean;
}

/** The editor's help, naming fields this message can use (a campaign has no order, a welcome no customer). */
function mergeFieldHelp(groups: readonly MergeFieldGroup[]): string {
  const paths = groups.flatMap((g) => g.fields.map((f) => `${g.root}.${f.name}`));
  const example = ['order.name', 'shop.name'].find((p) => paths.includes(p)) ?? paths[0];
  const named = ['customer.first_name', 'subscriber.first_name'].find((p) => paths.includes(p));
  return [
    example === undefined ? '' : `Merge fields like {{ ${example} }} are filled in for each recipient.`,
    named === undefined ? '' : `Add a fallback with {{ ${named} | default: "there" }}.`,
  ]
    .filter((t) => t !== '')
    .join(' ');
}

export function TemplateCard(props: TemplateCardProps) {
  const { locale, value, onChange, errors, analysis, disabled } = props;
  const wrapper = useRef<HTMLDivElement>(null);
  // Until the merchant has put the cursor in the editor, fields are appended at the end.
  const focused = useRef(false);
  const selectedIndex = Math.max(
    0,
    LOCALE_TABS.findIndex((tab) => tab.id === locale),
  );
  const current = LOCALE_TABS[selectedIndex] ?? LOCALE_TABS[0]!;

  const insert = (tag: string) => {
    const textarea = wrapper.current?.querySelector('textarea') ?? null;
    const selection =
      textarea !== null && focused.current
        ? { start: textarea.selectionStart, end: textarea.selectionEnd }
        : { start: value.length, end: value.length };
    const next = insertAt(value, tag, selection);
    onChange(next.value);
    window.requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(next.caret, next.caret);
    });
  };

  const tabs = LOCALE_TABS.map((tab) => ({
    id: `template-${tab.id}`,
    content:
      errors[tab.id] !== undefined && tab.id !== locale ? `${tab.content} (needs attention)` : tab.content,
    panelID: `template-${tab.id}-panel`,
  }));

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Message
        </Text>
        <Tabs
          tabs={tabs}
          selected={selectedIndex}
          onSelect={(index) => props.onLocaleChange(LOCALE_TABS[index]?.id ?? 'en')}
          fitted
        >
          <div id={`template-${current.id}-panel`} ref={wrapper} style={{ paddingTop: 'var(--p-space-400)' }}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="p" tone="subdued" variant="bodySm">
                  {current.audience}
                </Text>
                <MergeFieldPicker groups={props.mergeFields} disabled={disabled} onInsert={insert} />
              </InlineStack>
              <TextField
                label={`Message template (${current.content})`}
                value={value}
                onChange={onChange}
                onFocus={() => {
                  focused.current = true;
                }}
                multiline={4}
                maxLength={MAX_TEMPLATE_SOURCE_LENGTH}
                autoComplete="off"
                spellCheck
                error={errors[locale]}
                disabled={disabled}
                monospaced
                helpText={mergeFieldHelp(props.mergeFields)}
              />
              <AnalysisPanel
                state={analysis.state}
                pending={analysis.pending}
                onReplace={(from, to) => onChange(value.split(from).join(to))}
              />
            </BlockStack>
          </div>
        </Tabs>
      </BlockStack>
    </Card>
  );
}
