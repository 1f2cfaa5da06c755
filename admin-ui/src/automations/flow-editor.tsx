// One flow's page body: on/off, template per locale with live analysis and preview, timing, options, test
// send. Save PUTs only what changed; the server's 400 `error.fields` show next to their fields.
import { Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from '@shopify/polaris';
import { useState } from 'react';
import {
  automationLocales,
  type AutomationDetailResponse,
  type AutomationLocale,
} from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { updateAutomation } from './automation-api.js';
import { FlowSwitch } from './flow-switch.js';
import {
  buildUpdate,
  draftFrom,
  isDirty,
  isFormField,
  previewDiscountOf,
  type FieldErrors,
  type FlowDraft,
} from './flow-draft.js';
import { KindBadge } from './kind-badge.js';
import { OptionsCard } from './options-card.js';
import { PreviewCard } from './preview-card.js';
import { TemplateCard } from './template-card.js';
import { TestSendCard } from './test-send-card.js';
import { TimingCard } from './timing-card.js';
import { useTemplateAnalysis } from './use-template-analysis.js';
import { FlowReport } from '../reports/flow-report.js';

interface FlowEditorProps {
  initial: AutomationDetailResponse;
  /** Shown as the sender in the phone preview. */
  sender: string;
  onToast(message: string, error?: boolean): void;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function FlowEditor({ initial, sender, onToast }: FlowEditorProps) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<FlowDraft>(() => draftFrom(initial.flow));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [locale, setLocale] = useState<AutomationLocale>('en');
  const { flow } = saved;
  const template = draft.templates[locale];
  const discount = previewDiscountOf(flow, draft);
  const analysis = useTemplateAnalysis(flow.key, locale, template, discount, {
    templates: initial.flow.templates,
    discount: previewDiscountOf(initial.flow, draftFrom(initial.flow)),
    analysis: initial.analysis,
  });
  const dirty = isDirty(flow, draft);

  const change = (changes: Partial<FlowDraft>, clears: string[]) => {
    setDraft((current) => ({ ...current, ...changes }));
    setErrors((current) => ({ ...current, ...Object.fromEntries(clears.map((key) => [key, undefined])) }));
  };

  const showErrors = (fieldErrors: FieldErrors) => {
    setErrors(fieldErrors);
    const localeWithError = automationLocales.find((l) => fieldErrors[`templates.${l}`] !== undefined);
    if (localeWithError !== undefined && fieldErrors[`templates.${locale}`] === undefined)
      setLocale(localeWithError);
  };

  const save = async () => {
    setFormError(undefined);
    const { body, errors: found } = buildUpdate(flow, draft);
    if (Object.keys(found).length > 0) {
      showErrors(found);
      return;
    }
    if (Object.keys(body).length === 0) return;
    setSaving(true);
    try {
      const response = await updateAutomation(flow.key, body);
      setSaved(response);
      setDraft(draftFrom(response.flow));
      setErrors({});
      onToast(`${response.flow.title} saved`);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      const shown = Object.fromEntries(Object.entries(fields).filter(([key]) => isFormField(key)));
      showErrors(shown);
      const unshown = Object.entries(fields).filter(([key]) => !isFormField(key));
      if (Object.keys(shown).length === 0 || unshown.length > 0) {
        const details = unshown.map(([key, message]) => `${key}: ${message}`).join('; ');
        setFormError(details === '' ? errorMessage(error) : `${errorMessage(error)} (${details})`);
      }
    } finally {
      setSaving(false);
    }
  };

  const toggle = async (enabled: boolean) => {
    setToggling(true);
    setSaved((current) => ({ ...current, flow: { ...current.flow, enabled } }));
    try {
      const response = await updateAutomation(flow.key, { enabled });
      setSaved((current) => ({ ...current, flow: { ...current.flow, enabled: response.flow.enabled } }));
      onToast(`${flow.title} turned ${response.flow.enabled ? 'on' : 'off'}`);
    } catch (error) {
      setSaved((current) => ({ ...current, flow: { ...current.flow, enabled: !enabled } }));
      onToast(`Couldn't turn ${enabled ? 'on' : 'off'} ${flow.title}: ${errorMessage(error)}`, true);
    } finally {
      setToggling(false);
    }
  };

  const busy = saving;
  return (
    <Page
      title={flow.title}
      titleMetadata={<KindBadge kind={flow.kind} />}
      backAction={{ content: 'Automations', url: '/automations' }}
      primaryAction={{ content: 'Save', onAction: () => void save(), loading: saving, disabled: !dirty }}
      secondaryActions={[
        {
          content: 'Discard changes',
          disabled: !dirty || saving,
          onAction: () => {
            setDraft(draftFrom(flow));
            setErrors({});
            setFormError(undefined);
          },
        },
      ]}
    >
      <Layout>
        {formError !== undefined && (
          <Layout.Section>
            <Banner
              tone="critical"
              title="Your changes weren't saved"
              onDismiss={() => setFormError(undefined)}
            >
              <p>{formError}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Status
                  </Text>
                  <Text as="p">{flow.description}</Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    Starts on: {flow.trigger}
                  </Text>
                </BlockStack>
                <FlowSwitch
                  checked={flow.enabled}
                  label={`${flow.title} enabled`}
                  busy={toggling}
                  disabled={toggling}
                  onChange={(enabled) => void toggle(enabled)}
                />
              </InlineStack>
            </Card>
            <TemplateCard
              locale={locale}
              onLocaleChange={setLocale}
              value={template}
              onChange={(value) =>
                change({ templates: { ...draft.templates, [locale]: value } }, [`templates.${locale}`])
              }
              errors={{ en: errors['templates.en'], fr: errors['templates.fr'] }}
              mergeFields={saved.mergeFields}
              analysis={analysis}
              disabled={busy}
            />
            <TimingCard
              delay={flow.delay}
              exitConditions={flow.exitConditions}
              amount={draft.delayAmount}
              unit={draft.delayUnit}
              error={errors.delayMinutes}
              disabled={busy}
              onAmountChange={(delayAmount) => change({ delayAmount }, ['delayMinutes'])}
              onUnitChange={(delayUnit) => change({ delayUnit }, ['delayMinutes'])}
            />
            <OptionsCard
              options={flow.options}
              draft={draft}
              errors={errors}
              disabled={busy}
              onChange={(changes) => change(changes, Object.keys(changes).map(optionErrorKey))}
            />
            <TestSendCard flow={flow.key} locale={locale} template={template} discount={discount} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <PreviewCard
              template={template}
              mergeFields={saved.mergeFields}
              analysis={analysis.state}
              discount={discount}
              sender={sender}
            />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <FlowReport flow={flow.key} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function optionErrorKey(draftKey: string): string {
  switch (draftKey) {
    case 'discountEnabled':
      return 'options.discount.enabled';
    case 'discountPercentage':
      return 'options.discount.percentage';
    case 'winBackDays':
      return 'options.winBackDays';
    default:
      return draftKey;
  }
}
