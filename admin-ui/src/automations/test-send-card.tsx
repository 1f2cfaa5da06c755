// "Send a test": the template as currently edited (saved or not), in the selected language, with the discount
// option as edited, to one number. The shop's own test number (Settings) is filled in and gets the test
// whatever its consent; any other number gets it only if it subscribed, and the card says why it did not.
import { Banner, BlockStack, Button, Card, Form, InlineStack, Link, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type {
  AutomationLocale,
  AutomationTestResponse,
  PreviewDiscount,
} from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { fetchTestPhone } from '../settings/test-phone-api.js';
import { sendAutomationTest } from './automation-api.js';

type Outcome = { status: 'sent'; response: AutomationTestResponse } | { status: 'failed'; message: string };

interface TestSendCardProps {
  flow: string;
  locale: AutomationLocale;
  template: string;
  /** The discount option as edited; undefined for flows without one. */
  discount: PreviewDiscount | undefined;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Why a test to a number other than the shop's own test number did not go out, in words. */
const CONSENT_REASONS: Readonly<Record<string, string>> = {
  no_subscriber: 'This number is not a subscriber.',
  no_marketing_consent: 'This number has not agreed to marketing texts.',
  no_transactional_consent: 'This number has not agreed to order updates.',
  opted_out: 'This number opted out (replied STOP).',
};

function outcomeBanner(outcome: Outcome, onDismiss: () => void) {
  if (outcome.status === 'failed') {
    return (
      <Banner tone="critical" title="The test wasn't sent" onDismiss={onDismiss}>
        <p>{outcome.message}</p>
      </Banner>
    );
  }
  const { message, ownTestNumber, notSentReason } = outcome.response;
  const segments = `${message.segments} segment${message.segments === 1 ? '' : 's'}, ${message.encoding}`;
  if (notSentReason !== null) {
    const consent = CONSENT_REASONS[notSentReason];
    return (
      <Banner tone="warning" title={`The test to ${message.phone} was not delivered`} onDismiss={onDismiss}>
        <p>Reason: {notSentReason.replaceAll('_', ' ')}.</p>
        {consent !== undefined && (
          <p>
            {consent} Tests follow the consent rules, except to your own test number, set in{' '}
            <Link url="/settings">Settings</Link>.
          </p>
        )}
      </Banner>
    );
  }
  const title = ownTestNumber
    ? `Test message sent to your test number ${message.phone}`
    : `Test message sent to ${message.phone}`;
  return (
    <Banner tone="success" title={title} onDismiss={onDismiss}>
      <p>
        Status: {message.status} ({segments}).
      </p>
    </Banner>
  );
}

export function TestSendCard({ flow, locale, template, discount }: TestSendCardProps) {
  const [phone, setPhone] = useState('');
  const [testPhone, setTestPhone] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    fetchTestPhone(controller.signal).then(
      (saved) => {
        setTestPhone(saved);
        if (saved !== null) setPhone((typed) => (typed === '' ? saved : typed));
      },
      () => undefined, // without it the card still works; the help text just doesn't mention the number
    );
    return () => controller.abort();
  }, []);

  const send = async () => {
    setOutcome(undefined);
    const number = phone.trim();
    if (!E164.test(number)) {
      setError('Enter a phone number in international format, such as +14155550123');
      return;
    }
    setSending(true);
    try {
      const response = await sendAutomationTest(flow, {
        phone: number,
        locale,
        template,
        ...(discount === undefined ? {} : { discount }),
      });
      setError(undefined);
      setOutcome({ status: 'sent', response });
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

  const help =
    testPhone === null
      ? 'Only subscribed numbers receive tests. Set your own test number in Settings to receive tests without subscribing.'
      : phone.trim() === testPhone
        ? 'Your test number (Settings): it receives tests without subscribing.'
        : `Numbers other than your test number (${testPhone}) receive tests only if they subscribed.`;

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
            helpText={help}
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
