// Step 3: when the campaign goes out (now, at a time in the shop's zone, or at the same local time in each
// recipient's zone) and its sending options (quiet hours and caps: hold or skip; smart sending; UTM tags;
// holdout share).
import {
  BlockStack,
  Card,
  Checkbox,
  ChoiceList,
  InlineGrid,
  Select,
  Text,
  TextField,
} from '@shopify/polaris';
import type { CampaignOptions, CampaignSchedule } from '../../../server/contracts/index.js';
import { NumberField } from './number-field.js';

interface ScheduleStepProps {
  schedule: CampaignSchedule;
  options: CampaignOptions;
  timezone: string;
  errors: Record<string, string>;
  onChange(patch: { schedule?: CampaignSchedule; options?: CampaignOptions }): void;
}

function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function ScheduleStep({ schedule, options, timezone, errors, onChange }: ScheduleStepProps) {
  const setSchedule = (next: CampaignSchedule) => onChange({ schedule: next });
  const setOptions = (patch: Partial<CampaignOptions>) => onChange({ options: { ...options, ...patch } });
  const dated = schedule.kind === 'now' ? { date: tomorrow(), time: '10:00' } : schedule;
  const scheduleError =
    errors.schedule ?? Object.entries(errors).find(([k]) => k.startsWith('schedule'))?.[1];

  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            When
          </Text>
          <ChoiceList
            title="When to send"
            titleHidden
            choices={[
              {
                label: 'Send now',
                value: 'now',
                helpText: 'Starts as soon as you send it on the next step.',
              },
              { label: `At a date and time in your shop's time zone (${timezone})`, value: 'at' },
              {
                label: "At the same local time in each recipient's time zone",
                value: 'recipient_local',
                helpText: 'The send rolls across time zones.',
              },
            ]}
            selected={[schedule.kind]}
            onChange={([kind]) =>
              setSchedule(
                kind === 'at'
                  ? { kind: 'at', date: dated.date, time: dated.time }
                  : kind === 'recipient_local'
                    ? { kind: 'recipient_local', date: dated.date, time: dated.time, whenPast: 'at_once' }
                    : { kind: 'now' },
              )
            }
          />
          {schedule.kind !== 'now' && (
            <InlineGrid columns={2} gap="300">
              <TextField
                label="Date"
                type="date"
                value={schedule.date}
                onChange={(date) => setSchedule({ ...schedule, date })}
                autoComplete="off"
                error={errors['schedule.date']}
              />
              <TextField
                label="Time"
                type="time"
                value={schedule.time}
                onChange={(time) => setSchedule({ ...schedule, time })}
                autoComplete="off"
                error={errors['schedule.time']}
              />
            </InlineGrid>
          )}
          {schedule.kind === 'recipient_local' && (
            <Select
              label="Where that time has already passed when the send starts"
              options={[
                { label: 'Send at once', value: 'at_once' },
                { label: 'Send at that time the next day', value: 'tomorrow' },
              ]}
              value={schedule.whenPast}
              onChange={(whenPast) =>
                setSchedule({ ...schedule, whenPast: whenPast === 'tomorrow' ? 'tomorrow' : 'at_once' })
              }
            />
          )}
          {scheduleError !== undefined && errors['schedule.date'] === undefined && (
            <Text as="p" tone="critical">
              {scheduleError}
            </Text>
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            Sending options
          </Text>
          <ChoiceList
            title="A recipient in quiet hours or over a frequency cap"
            choices={[
              { label: 'Hold the message until it is allowed', value: 'hold' },
              { label: 'Skip the recipient', value: 'skip' },
            ]}
            selected={[options.whenBlocked]}
            onChange={([choice]) => setOptions({ whenBlocked: choice === 'skip' ? 'skip' : 'hold' })}
          />
          <InlineGrid columns={2} gap="300">
            <NumberField
              label="Skip recipients texted in the last"
              suffix="hours"
              min={0}
              max={168}
              value={options.smartSendingHours}
              onChange={(smartSendingHours) => setOptions({ smartSendingHours })}
              helpText="Smart sending; 0 turns it off."
              error={errors['options.smartSendingHours']}
            />
            <NumberField
              label="Holdout"
              suffix="% of the audience"
              min={0}
              max={50}
              value={options.holdoutPercent}
              onChange={(holdoutPercent) => setOptions({ holdoutPercent })}
              helpText="Receives nothing; reports compare it to show incremental orders and revenue."
              error={errors['options.holdoutPercent']}
            />
          </InlineGrid>
          <Checkbox
            label="Tag links to your store with utm_source=sms, utm_medium=sms and utm_campaign"
            checked={options.utm}
            onChange={(utm) => setOptions({ utm })}
          />
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
