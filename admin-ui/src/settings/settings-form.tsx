// The editable SMS settings: validates with the shared zod schema, then PUTs only what changed.
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Form,
  FormLayout,
  InlineStack,
  Text,
  TextField,
} from '@shopify/polaris';
import { useState } from 'react';
import {
  shopSettingsSchema,
  updateShopSettingsSchema,
  type ShopSettings,
} from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { apiPut } from '../api/client.js';
import { TimezoneSelect } from './timezone-select.js';
import {
  changedFields,
  draftFrom,
  editableFields,
  fieldErrorsFromZod,
  type FieldErrors,
  type SettingsDraft,
  type SettingsField,
} from './settings-draft.js';

const SENDER_ID_HELP =
  'The name or number your texts come from: up to 11 letters, digits or spaces (at least one letter), ' +
  'or the phone number assigned to your shop (replies such as STOP reach that number only). Some countries, ' +
  'including the US and Canada, only deliver texts from phone numbers.';

const isSettingsField = (key: string): key is SettingsField =>
  (editableFields as readonly string[]).includes(key);

function pickFieldErrors(fields: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => isSettingsField(key)));
}

interface SettingsFormProps {
  settings: ShopSettings;
  onSaved(settings: ShopSettings): void;
}

export function SettingsForm({ settings, onSaved }: SettingsFormProps) {
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const changes = changedFields(settings, draft);
  const dirty = Object.keys(changes).length > 0;

  const update = (field: SettingsField) => (value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const save = async () => {
    setFormError(undefined);
    const parsed = updateShopSettingsSchema.safeParse(changes);
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error));
      return;
    }
    if (!dirty) return;
    setSaving(true);
    try {
      const saved = await apiPut('/api/settings', parsed.data, shopSettingsSchema);
      setErrors({});
      onSaved(saved);
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? pickFieldErrors(error.fields) : {};
      setErrors(fieldErrors);
      // Errors that no field shows (e.g. the server's "_" key, or not a validation error) go in the banner.
      const allShown =
        error instanceof ApiError &&
        Object.keys(error.fields).length > 0 &&
        Object.keys(error.fields).every(isSettingsField);
      if (!allShown) setFormError(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form onSubmit={() => void save()}>
      <Card>
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            SMS settings
          </Text>
          {formError !== undefined && (
            <Banner
              tone="critical"
              title="Your settings weren't saved"
              onDismiss={() => setFormError(undefined)}
            >
              <p>{formError}</p>
            </Banner>
          )}
          <FormLayout>
            <TextField
              label="Shop name"
              value={draft.shopName}
              onChange={update('shopName')}
              error={errors.shopName}
              helpText="Used in messages wherever a template mentions your shop."
              autoComplete="organization"
              disabled={saving}
            />
            <TextField
              label="Sender ID"
              value={draft.senderId}
              onChange={update('senderId')}
              error={errors.senderId}
              helpText={SENDER_ID_HELP}
              autoComplete="off"
              disabled={saving}
            />
            <TimezoneSelect
              value={draft.timezone}
              onChange={update('timezone')}
              error={errors.timezone}
              disabled={saving}
            />
          </FormLayout>
          <InlineStack align="end">
            <Button variant="primary" submit loading={saving} disabled={!dirty}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Form>
  );
}
