// When the message goes out (the delay, in the unit the merchant picks) and what stops it (read-only).
import { BlockStack, Card, List, Select, Text, TextField } from '@shopify/polaris';
import type { AutomationDelay, AutomationExitCondition } from '../../../server/contracts/index.js';
import { delayRangeText, delayUnits, type DelayUnit } from './flow-draft.js';
import { formatDuration } from './format.js';

interface TimingCardProps {
  delay: AutomationDelay | null;
  exitConditions: readonly AutomationExitCondition[];
  amount: string;
  unit: DelayUnit;
  error: string | undefined;
  disabled: boolean;
  onAmountChange(amount: string): void;
  onUnitChange(unit: DelayUnit): void;
}

const isDelayUnit = (value: string): value is DelayUnit =>
  value === 'minutes' || value === 'hours' || value === 'days';

export function TimingCard(props: TimingCardProps) {
  const { delay, exitConditions } = props;
  if (delay === null && exitConditions.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Timing
        </Text>
        {delay !== null && (
          <TextField
            label="Wait before sending"
            type="number"
            value={props.amount}
            onChange={props.onAmountChange}
            autoComplete="off"
            min={0}
            error={props.error}
            disabled={props.disabled}
            helpText={`Allowed: ${delayRangeText(delay)}. Default: ${formatDuration(delay.defaultMinutes)}.`}
            connectedRight={
              <Select
                label="Delay unit"
                labelHidden
                value={props.unit}
                disabled={props.disabled}
                options={delayUnits(delay).map((unit) => ({ label: unit, value: unit }))}
                onChange={(value) => {
                  if (isDelayUnit(value)) props.onUnitChange(value);
                }}
              />
            }
          />
        )}
        {exitConditions.length > 0 && (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              The message is not sent when
            </Text>
            <List>
              {exitConditions.map((condition) => (
                <List.Item key={condition.key}>{condition.description}</List.Item>
              ))}
            </List>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
