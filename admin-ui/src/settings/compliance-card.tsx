// Compliance and sending settings (GET|PUT /api/settings/compliance): double opt-in countries, program
// name, HELP reply per language, checkout disclosure, the shop's own sending window (only stricter than the
// law, whose windows are listed read-only), frequency caps, attribution windows, the reply number
// (read-only), and the list of past changes.
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Text,
  TextField,
} from '@shopify/polaris';
import { useEffect, useState } from 'react';
import {
  complianceSettingsSchema,
  settingsAuditListSchema,
  type ComplianceSettings,
  type SettingsAuditEntry,
} from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { apiGet, apiPut } from '../api/client.js';
import { SectionCard } from '../ui/section-card.js';
import { AuditCard, LegalHoursCard } from './compliance-read-only.js';
import { bodyOf, draftOf, type Draft } from './compliance-draft.js';

export function ComplianceCard({ onSaved }: { onSaved(message: string): void }) {
  const [settings, setSettings] = useState<ComplianceSettings | null>(null);
  const [audit, setAudit] = useState<SettingsAuditEntry[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const loadAudit = () =>
    apiGet('/api/settings/compliance/audit', settingsAuditListSchema).then(
      (a) => setAudit(a.entries),
      () => undefined,
    );
  useEffect(() => {
    apiGet('/api/settings/compliance', complianceSettingsSchema).then(
      (s) => {
        setSettings(s);
        setDraft(draftOf(s));
      },
      (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)),
    );
    void loadAudit();
  }, []);

  if (draft === null || settings === null)
    return (
      <Card>
        <Text as="p" tone={failure ? 'critical' : 'subdued'}>
          {failure ? `We couldn't load the compliance settings: ${failure}` : 'Loading compliance settings…'}
        </Text>
      </Card>
    );

  const set = (key: keyof Draft) => (value: string | boolean) => {
    setDraft((d) => (d ? { ...d, [key]: value } : d));
    setErrors({});
  };
  const err = (...keys: string[]) => keys.map((k) => errors[k]).find(Boolean);
  /** A text field's value and change handler, and its error: the first of the server's `errorKeys` for it. */
  const bind = (key: Exclude<keyof Draft, 'ownWindow'>, ...errorKeys: string[]) => ({
    value: draft[key],
    onChange: set(key),
    error: err(...errorKeys),
    autoComplete: 'off',
  });

  const save = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      const saved = await apiPut('/api/settings/compliance', bodyOf(draft), complianceSettingsSchema);
      setSettings(saved);
      setDraft(draftOf(saved));
      void loadAudit();
      onSaved('Compliance settings saved');
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        setErrors(error.fields);
        setFailure(error.message);
      } else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <BlockStack gap="400">
      <SectionCard title="Compliance and sending" size="md" gap="400">
        {failure !== undefined && (
          <Banner tone="critical" title="Not saved">
            <p>{failure}</p>
          </Banner>
        )}
        <FormLayout>
          <TextField
            label="Double opt-in countries"
            {...bind('doubleOptInCountries')}
            error={Object.entries(errors).find(([k]) => k.startsWith('doubleOptInCountries'))?.[1]}
            helpText="Two-letter codes, comma separated (* for every country). New subscribers there must reply Y before any marketing text."
          />
          <FormLayout.Group>
            <TextField
              label="Program name"
              {...bind('programName', 'programName')}
              helpText="Starts your HELP and confirmation texts."
            />
            <TextField
              label="Support contact"
              {...bind('supportContact', 'supportContact')}
              helpText="Email, website or phone for HELP replies."
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField
              label="HELP reply (English)"
              {...bind('helpEn', 'helpText.en')}
              multiline={2}
              helpText="Empty: the built-in reply. Must say how to opt out (STOP)."
            />
            <TextField label="HELP reply (French)" {...bind('helpFr', 'helpText.fr')} multiline={2} />
          </FormLayout.Group>
          <TextField
            label="Checkout disclosure"
            {...bind('consentDisclosure', 'consentDisclosure')}
            multiline={3}
            helpText="The text shown next to the SMS box at checkout, recorded with each checkout opt-in."
          />
          <Checkbox
            label="Use my own sending window (stricter than the law)"
            checked={draft.ownWindow}
            onChange={set('ownWindow')}
          />
          {draft.ownWindow && (
            <FormLayout.Group>
              <TextField
                label="Send from"
                type="time"
                {...bind('windowStart', 'quietHours.startMinute', 'quietHours')}
                helpText="Recipient's local time"
              />
              <TextField label="Send until" type="time" {...bind('windowEnd', 'quietHours.endMinute')} />
            </FormLayout.Group>
          )}
          <FormLayout.Group>
            <TextField
              label="Minimum hours between marketing texts"
              type="number"
              min={0}
              {...bind('minHoursBetween', 'frequencyCaps.minHoursBetween')}
            />
            <TextField
              label="Maximum marketing texts per 7 days"
              type="number"
              min={1}
              {...bind('maxPer7Days', 'frequencyCaps.maxPer7Days')}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField
              label="Attribution window after a click (days)"
              type="number"
              min={1}
              {...bind('clickDays', 'attributionWindows.clickDays')}
            />
            <TextField
              label="Attribution window after delivery (hours)"
              type="number"
              min={0}
              {...bind('deliveredHours', 'attributionWindows.deliveredHours')}
            />
          </FormLayout.Group>
          <TextField
            label="Reply number"
            value={settings.smsNumber ?? 'Not assigned yet'}
            disabled
            helpText="Receives STOP, HELP and Y replies. Assigned by the app operator; contact support to change it."
            autoComplete="off"
          />
        </FormLayout>
        <InlineStack align="end">
          <Button variant="primary" loading={saving} onClick={() => void save()}>
            Save compliance settings
          </Button>
        </InlineStack>
      </SectionCard>
      <LegalHoursCard hours={settings.legalQuietHours} />
      <AuditCard entries={audit} />
    </BlockStack>
  );
}
