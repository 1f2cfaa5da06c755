// Import subscribers (/subscribers/import): upload a CSV, map its columns, preview the first rows with
// each row's problem, then import in the background with a progress bar; the rejected rows (with reasons)
// download as CSV.
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  DropZone,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import type {
  ImportField,
  ImportMapping,
  ImportPreview,
  SubscriberImport,
} from '../../../server/contracts/index.js';
import { importFields } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { downloadFile } from '../api/download.js';
import { errorMessage } from '../subscribers/format.js';
import { fetchImport, previewImport, startImport, uploadImport } from '../subscribers/subscriber-api.js';

const FIELD_LABELS: Record<ImportField, string> = {
  phone: 'Phone (required)',
  consentDate: 'Consent date (required)',
  consentSource: 'Consent source',
  disclosureText: 'Disclosure text',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  country: 'Country',
};
const FIELD_ORDER: ImportField[] = [
  'phone',
  'consentDate',
  'consentSource',
  'disclosureText',
  'firstName',
  'lastName',
  'email',
  'country',
];

const REASON_LABELS: Record<string, string> = {
  column_count: 'Wrong number of fields',
  invalid_phone: 'Invalid phone',
  landline: 'Landline',
  missing_consent_date: 'Missing consent date',
  invalid_consent_date: 'Invalid consent date',
  future_consent_date: 'Consent date in the future',
  missing_consent_source: 'Missing consent source',
  invalid_country: 'Invalid country',
  invalid_email: 'Invalid email',
  duplicate: 'Duplicate',
};

type Draft = Record<ImportField, string> & { defaultConsentSource: string; defaultDisclosureText: string };

function draftFrom(guess: Record<string, string>): Draft {
  const d = { defaultConsentSource: '', defaultDisclosureText: '' } as Draft;
  for (const f of importFields) d[f] = guess[f] ?? '';
  return d;
}

function mappingOf(d: Draft): ImportMapping {
  const m: Record<string, string> = {};
  for (const f of importFields) if (d[f]) m[f] = d[f];
  if (d.defaultConsentSource.trim()) m.defaultConsentSource = d.defaultConsentSource.trim();
  if (d.defaultDisclosureText.trim()) m.defaultDisclosureText = d.defaultDisclosureText.trim();
  return m as ImportMapping;
}

function ImportProgress({ imp }: { imp: SubscriberImport }) {
  const done = imp.status === 'completed';
  const percent = imp.totalRows === 0 ? 100 : Math.round((imp.processedRows / imp.totalRows) * 100);
  const reject = async () =>
    downloadFile(
      `/api/subscribers/imports/${imp.id}/rejected`,
      `rejected-rows-${imp.filename ?? imp.id}.csv`,
    );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">
            {done ? 'Import finished' : imp.status === 'failed' ? 'Import failed' : 'Importing…'}
          </Text>
          <Badge tone={done ? 'success' : imp.status === 'failed' ? 'critical' : 'info'}>{imp.status}</Badge>
        </InlineStack>
        <ProgressBar progress={percent} tone={imp.status === 'failed' ? 'critical' : 'primary'} />
        <Text as="p">
          {imp.processedRows.toLocaleString('en-US')} of {imp.totalRows.toLocaleString('en-US')} rows
          processed ({percent}%)
        </Text>
        <Text as="p">
          {imp.imported.toLocaleString('en-US')} imported · {imp.unchanged.toLocaleString('en-US')} already
          subscribed · {imp.rejected.toLocaleString('en-US')} rejected
        </Text>
        {imp.error !== null && (
          <Banner tone="critical">
            <p>{imp.error}</p>
          </Banner>
        )}
        <InlineStack gap="200">
          {imp.rejected > 0 && <Button onClick={() => void reject()}>Download rejected rows (CSV)</Button>}
          {done && (
            <Button variant="plain" url="/subscribers">
              View subscribers
            </Button>
          )}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

export function SubscriberImportPage() {
  const [upload, setUpload] = useState<SubscriberImport | null>(null);
  const [draft, setDraft] = useState<Draft>(draftFrom({}));
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState<SubscriberImport | null>(null);

  useEffect(() => {
    if (running === null || running.status === 'completed' || running.status === 'failed') return;
    const timer = setTimeout(() => {
      fetchImport(running.id).then(setRunning, (error: unknown) => setFailure(errorMessage(error)));
    }, 700);
    return () => clearTimeout(timer);
  }, [running]);

  const onDrop = async (_all: File[], accepted: File[]) => {
    const file = accepted[0];
    if (!file) return;
    setBusy(true);
    setFailure(undefined);
    setPreview(null);
    try {
      const created = await uploadImport(await file.text(), file.name);
      setUpload(created);
      setDraft(draftFrom(created.mapping));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const withMapping = async (action: (id: string, mapping: ImportMapping) => Promise<void>) => {
    if (!upload) return;
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      await action(upload.id, mappingOf(draft));
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const columnOptions = [
    { label: '— not in the file —', value: '' },
    ...(upload?.columns ?? []).map((c) => ({ label: c, value: c })),
  ];
  const field = (f: ImportField) => (
    <Select
      key={f}
      label={FIELD_LABELS[f]}
      options={columnOptions}
      value={draft[f]}
      error={errors[`mapping.${f}`]}
      onChange={(v) => {
        setDraft((d) => ({ ...d, [f]: v }));
        setPreview(null);
      }}
    />
  );

  return (
    <Page title="Import subscribers" backAction={{ content: 'Subscribers', url: '/subscribers' }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {failure !== undefined && (
              <Banner tone="critical" title="Something went wrong" onDismiss={() => setFailure(undefined)}>
                <p>{failure}</p>
              </Banner>
            )}
            {running !== null ? (
              <ImportProgress imp={running} />
            ) : (
              <>
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      1. Upload a CSV file
                    </Text>
                    <Text as="p" tone="subdued">
                      One person per row, the first row naming the columns. Import only people who agreed to
                      receive your texts: each row needs the date they agreed and where.
                    </Text>
                    <DropZone
                      accept=".csv,text/csv"
                      type="file"
                      allowMultiple={false}
                      onDrop={(all, accepted) => void onDrop(all, accepted)}
                      label="CSV file"
                      labelHidden
                    >
                      {upload ? (
                        <BlockStack gap="100" inlineAlign="center">
                          <Text as="p" fontWeight="semibold">
                            {upload.filename}
                          </Text>
                          <Text as="p" tone="subdued">
                            {upload.totalRows.toLocaleString('en-US')} rows · {upload.columns.length} columns
                          </Text>
                        </BlockStack>
                      ) : (
                        <DropZone.FileUpload actionTitle="Choose a CSV file" actionHint="or drop it here" />
                      )}
                    </DropZone>
                  </BlockStack>
                </Card>
                {upload !== null && (
                  <Card>
                    <BlockStack gap="300">
                      <Text as="h2" variant="headingMd">
                        2. Match the columns
                      </Text>
                      <FormLayout>
                        <FormLayout.Group>{FIELD_ORDER.slice(0, 2).map(field)}</FormLayout.Group>
                        <FormLayout.Group>{FIELD_ORDER.slice(2, 4).map(field)}</FormLayout.Group>
                        <FormLayout.Group>{FIELD_ORDER.slice(4, 6).map(field)}</FormLayout.Group>
                        <FormLayout.Group>{FIELD_ORDER.slice(6).map(field)}</FormLayout.Group>
                        {draft.consentSource === '' && (
                          <TextField
                            label="Where was consent collected? (for every row)"
                            value={draft.defaultConsentSource}
                            onChange={(v) => setDraft((d) => ({ ...d, defaultConsentSource: v }))}
                            error={errors['mapping.consentSource'] ?? errors['mapping.defaultConsentSource']}
                            placeholder="Sign-up form on our old website"
                            autoComplete="off"
                          />
                        )}
                        {draft.disclosureText === '' && (
                          <TextField
                            label="Disclosure they agreed to (for every row, optional)"
                            value={draft.defaultDisclosureText}
                            onChange={(v) => setDraft((d) => ({ ...d, defaultDisclosureText: v }))}
                            multiline={2}
                            autoComplete="off"
                          />
                        )}
                      </FormLayout>
                      <InlineStack gap="200">
                        <Button
                          loading={busy}
                          onClick={() =>
                            void withMapping(async (id, m) => setPreview(await previewImport(id, m)))
                          }
                        >
                          Preview
                        </Button>
                        <Button
                          variant="primary"
                          loading={busy}
                          disabled={preview === null}
                          onClick={() =>
                            void withMapping(async (id, m) => setRunning(await startImport(id, m)))
                          }
                        >
                          {`Import ${upload.totalRows.toLocaleString('en-US')} rows`}
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  </Card>
                )}
                {preview !== null && (
                  <Card>
                    <BlockStack gap="300">
                      <Text as="h2" variant="headingMd">
                        3. Check the first rows
                      </Text>
                      <DataTable
                        columnContentTypes={['numeric', 'text', 'text', 'text', 'text']}
                        headings={['Line', 'Phone', 'Name', 'Consent date', 'Result']}
                        rows={preview.rows.map((r) => [
                          r.line,
                          r.values.phone ?? '',
                          [r.values.firstName, r.values.lastName].filter(Boolean).join(' '),
                          r.values.consentDate ?? '',
                          r.reason === null ? (
                            <Badge tone="success">OK</Badge>
                          ) : (
                            <BlockStack gap="050">
                              <Badge tone="critical">{REASON_LABELS[r.reason] ?? r.reason}</Badge>
                              <Text as="span" variant="bodySm" tone="subdued">
                                {r.message}
                              </Text>
                            </BlockStack>
                          ),
                        ])}
                      />
                    </BlockStack>
                  </Card>
                )}
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
