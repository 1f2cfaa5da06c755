// Add one subscriber by hand: only with where and when they agreed (not in the future) and the exact text
// they agreed to. Where the shop's settings ask for double opt-in, they are texted to confirm first.
import { Banner, BlockStack, FormLayout, Modal, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import type { SubscriberDetail } from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { createSubscriber } from './subscriber-api.js';
import { errorMessage } from './format.js';

const today = () => new Date().toISOString().slice(0, 10);

export function AddSubscriberModal({
  onClose,
  onAdded,
}: {
  onClose(): void;
  onAdded(detail: SubscriberDetail): void;
}) {
  const [phone, setPhone] = useState('');
  const [country, setCountry] = useState('');
  const [consentSource, setConsentSource] = useState('');
  const [consentDate, setConsentDate] = useState(today());
  const [disclosureText, setDisclosureText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!phone.trim()) local.phone = 'Phone is required';
    if (!consentSource.trim())
      local.consentSource = 'Say where and how they agreed (for example: paper form at the counter)';
    if (!consentDate) local.consentDate = 'The date they agreed is required';
    else if (consentDate > today()) local.consentDate = 'The consent date cannot be in the future';
    if (!disclosureText.trim()) local.disclosureText = 'The exact text they agreed to is required';
    setErrors(local);
    setFormError(undefined);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    try {
      const detail = await createSubscriber({
        phone,
        ...(country.trim() ? { countryCode: country.trim() } : {}),
        consentSource,
        consentDate,
        disclosureText,
      });
      onAdded(detail);
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setFormError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="Add subscriber"
      onClose={onClose}
      primaryAction={{ content: 'Add subscriber', onAction: () => void submit(), loading: saving }}
      secondaryActions={[{ content: 'Cancel', onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {formError !== undefined && (
            <Banner tone="critical">
              <p>{formError}</p>
            </Banner>
          )}
          <Text as="p" tone="subdued">
            Only add people who agreed to receive your texts. Where your settings ask for double opt-in, they
            get a text asking them to reply Y first.
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label="Phone"
                value={phone}
                onChange={setPhone}
                error={errors.phone}
                placeholder="+14155550123"
                autoComplete="off"
              />
              <TextField
                label="Country"
                value={country}
                onChange={setCountry}
                error={errors.countryCode}
                maxLength={2}
                placeholder="US"
                helpText="For numbers written without +country code"
                autoComplete="off"
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField
                label="Consent source"
                value={consentSource}
                onChange={setConsentSource}
                error={errors.consentSource}
                placeholder="Paper form at the counter"
                autoComplete="off"
              />
              <TextField
                label="Consent date"
                type="date"
                value={consentDate}
                onChange={setConsentDate}
                error={errors.consentDate}
                max={today()}
                autoComplete="off"
              />
            </FormLayout.Group>
            <TextField
              label="Disclosure they agreed to"
              value={disclosureText}
              onChange={setDisclosureText}
              error={errors.disclosureText}
              multiline={3}
              autoComplete="off"
            />
          </FormLayout>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
