// The merchant's own test number: test sends to it (flow pages, the message API) skip the consent checks, so
// the merchant can try a message on their phone without subscribing to their own shop. A number becomes the
// test number only once the one-time code texted to it is entered here (valid 10 minutes, 5 tries).
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Form,
  InlineStack,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import { requestTestPhoneCodeSchema, type PendingTestPhone } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import {
  fetchTestPhoneState,
  removeTestPhone,
  sendTestPhoneCode,
  verifyTestPhoneCode,
} from './test-phone-api.js';

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; saved: string | null; pending: PendingTestPhone | null };

const CODE = /^\d{6}$/;
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** Field messages from the server either start with the number ("+1900… is a premium-rate number") or not. */
const phoneMessage = (m: string): string => (m.startsWith('+') ? m : `Phone ${m}`);
const expiryTime = (iso: string): string =>
  new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });

export function TestPhoneCard({ onSaved }: { onSaved(message: string): void }) {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [draft, setDraft] = useState('');
  const [code, setCode] = useState('');
  const [phoneError, setPhoneError] = useState<string | undefined>();
  const [codeError, setCodeError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchTestPhoneState(controller.signal).then(
      ({ phone, pending }) => {
        setState({ status: 'ready', saved: phone, pending });
        setDraft(pending?.phone ?? phone ?? '');
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', message: messageOf(failure) });
      },
    );
    return () => controller.abort();
  }, []);

  const saved = state.status === 'ready' ? state.saved : null;
  const number = draft.trim();
  const pending = state.status === 'ready' && state.pending?.phone === number ? state.pending : null;
  const verified = saved !== null && number === saved;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };

  const sendCode = () =>
    run(async () => {
      const parsed = requestTestPhoneCodeSchema.safeParse({ phone: number });
      if (!parsed.success) {
        setPhoneError(`Phone ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
        return;
      }
      try {
        const sent = await sendTestPhoneCode(parsed.data.phone);
        setState({ status: 'ready', saved, pending: sent });
        setCode('');
        setPhoneError(undefined);
        setCodeError(undefined);
        onSaved(`Code sent to ${sent.phone}`);
      } catch (failure) {
        const field = failure instanceof ApiError ? failure.fields.phone : undefined;
        setPhoneError(
          field !== undefined && failure instanceof ApiError && failure.status === 400
            ? phoneMessage(field)
            : messageOf(failure),
        );
      }
    });

  const verify = () =>
    run(async () => {
      if (!CODE.test(code.trim())) {
        setCodeError('Enter the 6-digit code we texted to this number');
        return;
      }
      try {
        const phone = await verifyTestPhoneCode(number, code.trim());
        setState({ status: 'ready', saved: phone, pending: null });
        setCode('');
        setCodeError(undefined);
        onSaved('Test number verified');
      } catch (failure) {
        const field = failure instanceof ApiError ? failure.fields.code : undefined;
        setCodeError(
          failure instanceof ApiError && failure.status === 400 && field !== undefined
            ? `Code ${field}`
            : messageOf(failure),
        );
      }
    });

  const remove = () =>
    run(async () => {
      try {
        await removeTestPhone();
        setState({ status: 'ready', saved: null, pending: null });
        setPhoneError(undefined);
        onSaved('Test number removed');
      } catch (failure) {
        setPhoneError(messageOf(failure));
      }
    });

  const submit = () => void (pending ? verify() : verified || number === '' ? undefined : sendCode());

  return (
    <Form onSubmit={submit}>
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                Your test number
              </Text>
              {saved !== null && <Badge tone="success">{`Verified: ${saved}`}</Badge>}
            </InlineStack>
            <Text as="p" tone="subdued">
              Test messages to this number are sent without the consent checks, so you can try a message on
              your own phone. To prove the phone is yours, we text it a code to enter here. Tests to any other
              number go out only if it subscribed, and no test goes to a number that replied STOP.
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
              setPhoneError(undefined);
              setCodeError(undefined);
            }}
            autoComplete="tel"
            helpText="In international format, such as +14155550123."
            error={phoneError}
            disabled={busy || state.status !== 'ready'}
          />
          {pending && (
            <TextField
              label="Verification code"
              value={code}
              inputMode="numeric"
              maxLength={6}
              placeholder="123456"
              onChange={(value) => {
                setCode(value);
                setCodeError(undefined);
              }}
              autoComplete="one-time-code"
              helpText={`We texted a 6-digit code to ${pending.phone}. It works until ${expiryTime(pending.expiresAt)}, for 5 tries.`}
              error={codeError}
              disabled={busy}
            />
          )}
          <InlineStack align="end" gap="200">
            {saved !== null && number === '' && (
              <Button tone="critical" onClick={() => void remove()} loading={busy}>
                Remove test number
              </Button>
            )}
            {pending ? (
              <>
                <Button onClick={() => void sendCode()} disabled={busy}>
                  Send a new code
                </Button>
                <Button submit variant="primary" loading={busy}>
                  Verify
                </Button>
              </>
            ) : (
              number !== '' && (
                <Button submit loading={busy} disabled={verified}>
                  Send code
                </Button>
              )
            )}
          </InlineStack>
        </BlockStack>
      </Card>
    </Form>
  );
}
