// Step 2: the message per locale with merge fields, the live analysis (length, encoding, segments, cost per
// send), the phone preview, and the optional discount (one shared code, or a unique code per recipient).
import { BlockStack, Card, ChoiceList, InlineGrid, Layout, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import type { AutomationLocale, CampaignDiscount, CampaignMessage } from '../../../server/contracts/index.js';
import { PreviewCard } from '../automations/preview-card.js';
import { TemplateCard } from '../automations/template-card.js';
import { NumberField } from './number-field.js';
import { CAMPAIGN_MERGE_FIELDS, previewDiscountOf, useCampaignAnalysis } from './use-campaign-analysis.js';

interface MessageStepProps {
  message: CampaignMessage;
  sender: string;
  errors: Record<string, string>;
  onChange(message: CampaignMessage): void;
}

function DiscountCard({
  discount,
  errors,
  onChange,
}: {
  discount: CampaignDiscount | null;
  errors: Record<string, string>;
  onChange(discount: CampaignDiscount | null): void;
}) {
  const fieldError = (name: string) => errors[`message.discount.${name}`];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Discount
        </Text>
        <ChoiceList
          title="Discount code in the message"
          titleHidden
          choices={[
            { label: 'No discount', value: 'none' },
            { label: 'One code for everyone (an existing code of your store)', value: 'shared' },
            { label: 'A unique single-use code per recipient', value: 'unique' },
          ]}
          selected={[discount?.mode ?? 'none']}
          onChange={([mode]) =>
            onChange(
              mode === 'shared'
                ? { mode: 'shared', code: '' }
                : mode === 'unique'
                  ? { mode: 'unique', percentage: 10, validDays: 30 }
                  : null,
            )
          }
        />
        {discount?.mode === 'shared' && (
          <TextField
            label="Discount code"
            value={discount.code}
            onChange={(code) => onChange({ mode: 'shared', code })}
            autoComplete="off"
            helpText="Shown where the message has {{ discount.code }}."
            error={fieldError('code')}
          />
        )}
        {discount?.mode === 'unique' && (
          <InlineGrid columns={2} gap="300">
            <NumberField
              label="Percentage off"
              suffix="%"
              min={1}
              max={100}
              value={discount.percentage}
              onChange={(percentage) => onChange({ ...discount, percentage })}
              error={fieldError('percentage')}
            />
            <NumberField
              label="Valid for"
              suffix="days"
              min={1}
              max={365}
              value={discount.validDays}
              onChange={(validDays) => onChange({ ...discount, validDays })}
              error={fieldError('validDays')}
              helpText="Counted from when the send starts. Codes are created in your store then."
            />
          </InlineGrid>
        )}
        {discount !== null && (
          <Text as="p" variant="bodySm" tone="subdued">
            Put {'{{ discount.code }}'} in the message where the code goes.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

export function MessageStep({ message, sender, errors, onChange }: MessageStepProps) {
  const [locale, setLocale] = useState<AutomationLocale>('en');
  const value = (locale === 'en' ? message.templates.en : message.templates.fr) ?? '';
  const discount = previewDiscountOf(message.discount);
  const analysis = useCampaignAnalysis(locale, value, discount);

  const setTemplate = (text: string) =>
    onChange({
      ...message,
      templates:
        locale === 'en'
          ? { ...message.templates, en: text }
          : { en: message.templates.en, ...(text.trim() === '' ? {} : { fr: text }) },
    });

  const localeErrors: Partial<Record<AutomationLocale, string>> = {};
  for (const l of ['en', 'fr'] as const) {
    const error = errors[`message.templates.${l}`];
    if (error !== undefined) localeErrors[l] = error;
  }

  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          <TemplateCard
            locale={locale}
            onLocaleChange={setLocale}
            value={value}
            onChange={setTemplate}
            errors={localeErrors}
            mergeFields={CAMPAIGN_MERGE_FIELDS}
            analysis={analysis}
            disabled={false}
          />
          {locale === 'fr' && (
            <Text as="p" variant="bodySm" tone="subdued">
              Leave the French message empty to send the English one to French-speaking recipients too.
            </Text>
          )}
          <DiscountCard
            discount={message.discount}
            errors={errors}
            onChange={(next) => onChange({ ...message, discount: next })}
          />
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <PreviewCard
          template={value}
          mergeFields={CAMPAIGN_MERGE_FIELDS}
          analysis={analysis.state}
          discount={discount}
          sender={sender}
        />
      </Layout.Section>
    </Layout>
  );
}
