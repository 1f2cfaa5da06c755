// Drill-down: the recipients behind one report figure (keyset pages, CSV), and for one phone number "why
// did this person not get it" (the outcome, the suppression reason and its time).
import {
  Banner,
  BlockStack,
  Button,
  DataTable,
  InlineStack,
  Modal,
  SkeletonBodyText,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type { RecipientFigure, RecipientRow, WhyNotAnswer } from '../../../server/contracts/index.js';
import { downloadFile } from '../api/download.js';
import { formatDateTime } from '../subscribers/format.js';
import { fetchRecipients, fetchWhyNot, recipientsPath, type ReportSubject } from './report-api.js';
import { errorMessage, reasonLabel, statusLabel } from './report-format.js';

export interface DrillTarget {
  figure: RecipientFigure;
  label: string;
  reason?: string;
}

const OUTCOME_TEXT: Record<WhyNotAnswer['outcome'], string> = {
  received: 'It was sent to this person',
  suppressed: 'It was not sent',
  failed: 'It was sent but did not arrive',
  pending: 'It is still on its way',
  holdout: 'This person was in the holdout group (kept out on purpose to measure the lift)',
  not_in_audience: 'This person was not in the audience',
};

function WhyNot({ subject, initialPhone }: { subject: ReportSubject; initialPhone: string }) {
  const [phone, setPhone] = useState(initialPhone);
  const [answer, setAnswer] = useState<
    | { status: 'idle' }
    | { status: 'busy' }
    | { status: 'done'; answer: WhyNotAnswer }
    | { status: 'failed'; message: string }
  >({
    status: 'idle',
  });
  const ask = async (target: string) => {
    setAnswer({ status: 'busy' });
    try {
      setAnswer({ status: 'done', answer: await fetchWhyNot(subject, target.trim()) });
    } catch (error) {
      setAnswer({ status: 'failed', message: errorMessage(error) });
    }
  };
  useEffect(() => {
    setPhone(initialPhone);
    if (initialPhone) void ask(initialPhone);
  }, [initialPhone]);

  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <div style={{ flexGrow: 1 }}>
          <TextField
            label="Why did this person not get it?"
            placeholder="+14155550123"
            value={phone}
            onChange={setPhone}
            autoComplete="off"
          />
        </div>
        <Button
          onClick={() => void ask(phone)}
          loading={answer.status === 'busy'}
          disabled={phone.trim() === ''}
        >
          Check
        </Button>
      </InlineStack>
      {answer.status === 'failed' && <Banner tone="critical">{answer.message}</Banner>}
      {answer.status === 'done' && (
        <Banner
          tone={answer.answer.outcome === 'received' ? 'success' : 'info'}
          title={OUTCOME_TEXT[answer.answer.outcome]}
        >
          <p>
            {answer.answer.reason !== null && <>Reason: {reasonLabel(answer.answer.reason)}. </>}
            {answer.answer.status !== null && <>Status: {statusLabel(answer.answer.status)}. </>}
            {answer.answer.at !== null && <>At {formatDateTime(answer.answer.at)}.</>}
          </p>
        </Banner>
      )}
    </BlockStack>
  );
}

export function DrillDownModal({
  subject,
  target,
  onClose,
}: {
  subject: ReportSubject;
  target: DrillTarget;
  onClose: () => void;
}) {
  const [rows, setRows] = useState<RecipientRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<
    { status: 'loading' } | { status: 'ready' } | { status: 'failed'; message: string }
  >({ status: 'loading' });
  const [picked, setPicked] = useState('');

  const load = async (cursor: string | null) => {
    setState({ status: 'loading' });
    try {
      const page = await fetchRecipients(subject, target.figure, target.reason, cursor);
      setRows((previous) => (cursor === null ? page.items : [...previous, ...page.items]));
      setNext(page.nextCursor);
      setState({ status: 'ready' });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  };
  useEffect(() => {
    void load(null);
  }, []);

  const title = target.reason === undefined ? target.label : `${target.label}: ${reasonLabel(target.reason)}`;
  return (
    <Modal
      open
      onClose={onClose}
      title={title}
      size="large"
      secondaryActions={[
        {
          content: 'Export CSV',
          onAction: () =>
            void downloadFile(
              recipientsPath(subject, target.figure, target.reason, { format: 'csv' }),
              `${target.figure}.csv`,
            ),
        },
      ]}
    >
      <Modal.Section>
        <WhyNot subject={subject} initialPhone={picked} />
      </Modal.Section>
      <Modal.Section>
        <BlockStack gap="300">
          {state.status === 'failed' && (
            <Banner tone="critical" title="We couldn't load the recipients">
              {state.message}
            </Banner>
          )}
          {rows.length === 0 && state.status === 'ready' ? (
            <Text as="p" tone="subdued">
              No recipients behind this number.
            </Text>
          ) : (
            <DataTable
              columnContentTypes={['text', 'text', 'text', 'text']}
              headings={['Phone', 'Status', 'Reason', 'When']}
              rows={rows.map((row) => [
                <Button
                  key="p"
                  variant="plain"
                  onClick={() => setPicked(row.phone)}
                  accessibilityLabel={`Why: ${row.phone}`}
                >
                  {row.phone}
                </Button>,
                statusLabel(row.status),
                row.reason === null ? '—' : reasonLabel(row.reason),
                formatDateTime(row.at),
              ])}
            />
          )}
          {state.status === 'loading' && <SkeletonBodyText lines={4} />}
          {next !== null && state.status === 'ready' && (
            <InlineStack align="center">
              <Button onClick={() => void load(next)}>Load more</Button>
            </InlineStack>
          )}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
