// Flow options the contract offers: a unique discount code, and the win-back interval.
import { BlockStack, Card, Checkbox, Text, TextField } from '@shopify/polaris';
import {
  WIN_BACK_DAYS_MAX,
  WIN_BACK_DAYS_MIN,
  type AutomationOptions,
} from '../../../server/contracts/index.js';
import type { FieldErrors, FlowDraft } from './flow-draft.js';

interface OptionsCardProps {
  options: AutomationOptions;
  draft: FlowDraft;
  errors: FieldErrors;
  disabled: boolean;
  onChange(changes: Partial<FlowDraft>): void;
}

export function OptionsCard({ options, draft, errors, disabled, onChange }: OptionsCardProps) {
  if (options.discount === null && options.winBackDays === null) return null;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Options
        </Text>
        {options.discount !== null && (
          <BlockStack gap="200">
            <Checkbox
              label="Include a unique discount code"
              helpText="Each recipient gets their own single-use code, available in the template as {{ discount.code }}."
              checked={draft.discountEnabled}
              disabled={disabled}
              error={errors['options.discount.enabled']}
              onChange={(checked) => onChange({ discountEnabled: checked })}
            />
            {draft.discountEnabled && (
              <TextField
                label="Discount"
                type="number"
                suffix="% off"
                min={1}
                max={100}
                value={draft.discountPercentage}
                autoComplete="off"
                disabled={disabled}
                error={errors['options.discount.percentage']}
                onChange={(value) => onChange({ discountPercentage: value })}
              />
            )}
          </BlockStack>
        )}
        {options.winBackDays !== null && (
          <TextField
            label="Days since the last order"
            type="number"
            suffix="days"
            min={WIN_BACK_DAYS_MIN}
            max={WIN_BACK_DAYS_MAX}
            value={draft.winBackDays}
            autoComplete="off"
            disabled={disabled}
            error={errors['options.winBackDays']}
            helpText={`Between ${WIN_BACK_DAYS_MIN} and ${WIN_BACK_DAYS_MAX} days. Also the minimum time between two win-back messages to the same person.`}
            onChange={(value) => onChange({ winBackDays: value })}
          />
        )}
      </BlockStack>
    </Card>
  );
}
