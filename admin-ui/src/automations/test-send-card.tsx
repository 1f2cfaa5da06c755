// "Send a test": the template as currently edited (saved or not), in the selected language, to one number.
import { Banner, BlockStack, Button, Card, Form, InlineStack, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import type { AutomationLocale, MessageItem } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { sendAutomationTest } from './automation-api.js';

type Outcome = { status: 'sent'; message: MessageItem } | { status: 'failed'; message: string };

interface TestSendCardProps {
  flow: string;
  locale: AutomationLocale;
  template: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** Statuses of a message that is queued, sent or delivered (the others mean it won't arrive). */
const ON_ITS_WAY: readonly MessageItem['status'][] = ['queued', 'sending', 'unknown', 'sent', 'delivered'];

function outcomeBanner(outcome: Outcome, onDismiss: () => void) {
  if (outcome.status === 'failed') {
    return (
      <Banner tone="critical" title="The test wasn't sent" onDismiss={onDismiss}>
        <p>{outcome.message}</p>
      </Banner>
    );
  }
  const { message } = outcome;
  const segments = `${message.segments} segment${message.segments === 1 ? '' : 's'}, ${message.encoding}`;
  if (!ON_ITS_WAY.includes(message.status)) {
    const reason = message.suppressedReason ?? message.errorCode ?? message.status;
    return (
      <Banner tone="warning" title={`The test to ${message.phone} was not delivered`} onDismiss={onDismiss}>
        <p>Reason: {reason.replaceAll('_', ' ')}.</p>
      </Banner>
    );
  }
  return (
    <Banner tone="success" title={`Test message sent to ${message.phone}`} onDismiss={onDismiss}>
      <p>
        Status: {message.status} ({segments}).
      </p>
    </Banner>
  );
}

export function TestSendCard({ flow, locale, template }: TestSendCardProps) {
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const send = async () => {
    setOutcome(undefined);
    const number = phone.trim();
    if (!E164.test(number)) {
      setError('Enter a phone number in international format, such as +14155550123');
      return;
    }
    setSending(true);
    try {
      const { message } = await sendAutomationTest(flow, { phone: number, locale, template });
      setError(undefined);
      setOutcome({ status: 'sent', message });
    } catch (failure) {
      const phoneError = failure instanceof ApiError ? failure.fields.phone : undefined;
      if (phoneError !== undefined) setError(`Phone ${phoneError}`);
      else
        setOutcome({
          status: 'failed',
          message: failure instanceof Error ? failure.message : String(failure),
        });
    } finally {
      setSending(false);
    }
  };

  return (
    <Card>
      <Form onSubmit={() => void send()}>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Send a test
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              Sends the {locale === 'fr' ? 'French' : 'English'} message as it is in the editor, with example
              values.
            </Text>
          </BlockStack>
          {outcome !== undefined && outcomeBanner(outcome, () => setOutcome(undefined))}
          <TextField
            label="Test phone number"
            type="tel"
            value={phone}
            placeholder="+14155550123"
            onChange={(value) => {
              setPhone(value);
              setError(undefined);
            }}
            autoComplete="tel"
            error={error}
            disabled={sending}
          />
          <InlineStack align="end">
            <Button submit loading={sending}>
              Send test
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
