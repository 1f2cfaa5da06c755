// One condition of the builder: the field picker, then the operator and value fields of that field's kind,
// and a remove button. Picking another field starts that field's default condition.
import { Button, ChoiceList, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import { DeleteIcon } from '@shopify/polaris-icons';
import {
  automationFlowKeys,
  consentSources,
  rfmGroups,
  type SegmentCondition,
  type SegmentConditionKind,
} from '../../../server/contracts/index.js';
import { useBuilder } from './builder-context.js';
import { DateCompareFields, NumberCompareFields, TextCompareFields, WindowFields } from './compare-fields.js';
import { conditionFields, fieldOptions, rfmGroupLabels } from './condition-catalog.js';
import { errorAt, type Path } from './definition-edit.js';
import { ProductsFields } from './products-picker.js';
import { NumberInput } from './text-inputs.js';

const consentLabels: Record<(typeof consentSources)[number], string> = {
  checkout: 'Checkout',
  thank_you_page: 'Thank-you page',
  keyword: 'Text keyword',
  admin: 'Added in the app',
  import: 'Import',
  shopify_sync: 'Shopify',
  demo_seed: 'Demo data',
};
const consentChoices = consentSources.map((value) => ({ value, label: consentLabels[value] }));
const flowChoices = [
  { value: '', label: 'any automation or campaign' },
  ...automationFlowKeys.map((value) => ({ value, label: value.replaceAll('_', ' ') })),
];

function KindFields({ condition, path }: { condition: SegmentCondition; path: Path }) {
  const { set, errors } = useBuilder();
  switch (condition.kind) {
    case 'order_count':
    case 'total_spent':
    case 'average_order_value':
      return (
        <>
          <NumberCompareFields path={[...path, 'compare']} money={condition.kind !== 'order_count'} />
          <WindowFields path={[...path, 'window']} />
        </>
      );
    case 'first_order_date':
    case 'last_order_date':
    case 'customer_created_date':
    case 'subscribed_date':
      return <DateCompareFields path={[...path, 'compare']} />;
    case 'products':
      return (
        <>
          <ProductsFields path={path} />
          <WindowFields path={[...path, 'window']} />
        </>
      );
    case 'discount_code':
      return (
        <>
          <Text as="span">code</Text>
          <div className="segment-text-input">
            <DiscountCodeField path={path} code={condition.code} />
          </div>
          <WindowFields path={[...path, 'window']} />
        </>
      );
    case 'abandoned_checkout':
      return <WindowFields path={[...path, 'window']} />;
    case 'customer_tags':
      return <TextCompareFields path={[...path, 'compare']} placeholder="Tag, e.g. VIP" />;
    case 'customer_province':
      return <TextCompareFields path={[...path, 'compare']} placeholder="e.g. CA or Ontario" />;
    case 'customer_locale':
      return <TextCompareFields path={[...path, 'compare']} placeholder="e.g. en or fr" />;
    case 'customer_country':
    case 'phone_country':
      return <TextCompareFields path={[...path, 'compare']} upperCase placeholder="Country code, e.g. US" />;
    case 'consent_source':
      return <TextCompareFields path={[...path, 'compare']} choices={consentChoices} />;
    case 'received_message':
      return (
        <>
          <Select
            label="From"
            labelHidden
            options={flowChoices}
            value={condition.flow ?? ''}
            onChange={(next) => set([...path, 'flow'], next === '' ? undefined : next)}
          />
          <WindowFields path={[...path, 'window']} />
        </>
      );
    case 'clicked':
    case 'not_clicked':
      return (
        <>
          <Text as="span">in the last</Text>
          <NumberInput path={[...path, 'days']} value={condition.days} label="Days" suffix="days" />
        </>
      );
    case 'rfm':
      return (
        <ChoiceList
          title="RFM groups"
          titleHidden
          allowMultiple
          choices={rfmGroups.map((value) => ({ value, label: rfmGroupLabels[value] }))}
          selected={condition.groups}
          error={errorAt(errors, [...path, 'groups'])}
          onChange={(next) => set([...path, 'groups'], next)}
        />
      );
    case 'top_spenders':
      return (
        <>
          <Text as="span">in the top</Text>
          <NumberInput path={[...path, 'percent']} value={condition.percent} label="Percent" suffix="%" />
        </>
      );
  }
}

function DiscountCodeField({ path, code }: { path: Path; code: string | undefined }) {
  const { set, errors } = useBuilder();
  return (
    <TextField
      label="Discount code"
      labelHidden
      autoComplete="off"
      placeholder="any code"
      value={code ?? ''}
      error={errorAt(errors, [...path, 'code'])}
      onChange={(next) => set([...path, 'code'], next === '' ? undefined : next)}
    />
  );
}

export function ConditionRow({
  condition,
  path,
  onRemove,
}: {
  condition: SegmentCondition;
  path: Path;
  onRemove: () => void;
}) {
  const { set } = useBuilder();
  return (
    <div className="segment-condition" data-testid="segment-condition">
      <InlineStack gap="200" blockAlign="start" wrap>
        <Select
          label="Field"
          labelHidden
          options={fieldOptions}
          value={condition.kind}
          onChange={(next) => set(path, conditionFields[next as SegmentConditionKind].initial)}
        />
        <KindFields condition={condition} path={path} />
        <div className="segment-condition-remove">
          <Button
            icon={DeleteIcon}
            variant="tertiary"
            accessibilityLabel="Remove condition"
            onClick={onRemove}
          />
        </div>
      </InlineStack>
    </div>
  );
}
