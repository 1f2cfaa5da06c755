// The merchant's own test number: test sends to it (flow pages, the message API) skip the consent checks,
// so the merchant can try a message on their phone without subscribing to their own shop.
import { Banner, BlockStack, Button, Card, Form, InlineStack, Text, TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { testPhoneSettingSchema } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { fetchTestPhone, saveTestPhone } from './test-phone-api.js';

type LoadState =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; saved: string | null };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function TestPhoneCard({ onSaved }: { onSaved(message: string): void }) {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchTestPhone(controller.signal).then(
      (saved) => {
        setState({ status: 'ready', saved });
        setDraft(saved ?? '');
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', message: messageOf(failure) });
      },
    );
    return () => controller.abort();
  }, []);

  const saved = state.status === 'ready' ? state.saved : null;
  const dirty = state.status === 'ready' && draft.trim() !== (saved ?? '');

  const save = async () => {
    const phone = draft.trim() === '' ? null : draft.trim();
    const parsed = testPhoneSettingSchema.safeParse({ phone });
    if (!parsed.success) {
      setError(`Phone ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
      return;
    }
    setSaving(true);
    try {
      const stored = await saveTestPhone(parsed.data.phone);
      setState({ status: 'ready', saved: stored });
      setDraft(stored ?? '');
      setError(undefined);
      onSaved(stored === null ? 'Test number removed' : 'Test number saved');
    } catch (failure) {
      const phoneError = failure instanceof ApiError ? failure.fields.phone : undefined;
      setError(phoneError !== undefined ? `Phone ${phoneError}` : messageOf(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form onSubmit={() => void save()}>
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Your test number
            </Text>
            <Text as="p" tone="subdued">
              Test messages to this number are sent without the consent checks, so you can try a message on
              your own phone. Tests to any other number go out only if it subscribed.
            </Text>
          </BlockStack>
          {state.status === 'failed' && (
            <Banner tone="critical" title="We couldn't load your test number">
              <p>{state.message}</p>
            </Banner>
          )}
          <TextField
            label="Test phone number"
            type="tel"
            value={draft}
            placeholder="+14155550123"
            onChange={(value) => {
              setDraft(value);
              setError(undefined);
            }}
            autoComplete="tel"
            helpText="In international format, such as +14155550123. Leave empty to have none."
            error={error}
            disabled={saving || state.status !== 'ready'}
          />
          <InlineStack align="end">
            <Button submit loading={saving} disabled={!dirty}>
              Set test number
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Form>
  );
}
