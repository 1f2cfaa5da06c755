import { useState } from 'preact/hooks';
import { renderModelFromApi, type VisibleModel } from './render-model.js';
import type { SignalLike, SmsConsentApi } from './shopify-api.js';
import { useSubscriptions } from './use-subscriptions.js';

const NO_SIGNAL: SignalLike<undefined> = { value: undefined, subscribe: () => () => undefined };

function watchedSignals(api: SmsConsentApi): SignalLike<unknown>[] {
  return [
    api.settings,
    api.appMetafields,
    api.extension.capabilities,
    api.buyerIdentity?.customer ?? NO_SIGNAL,
    api.buyerIdentity?.phone ?? NO_SIGNAL,
  ];
}

function isChecked(event: Event): boolean {
  const target = event.currentTarget;
  return typeof target === 'object' && target !== null && 'checked' in target && target.checked === true;
}

interface ConsentViewProps {
  readonly model: VisibleModel;
  readonly onCheckedChange: (checked: boolean) => void;
}

function ConsentView({ model, onCheckedChange }: ConsentViewProps) {
  const { checkbox, phoneField, disclosure } = model;
  return (
    <s-stack direction="block" gap="small-200">
      {model.heading !== null && <s-heading>{model.heading}</s-heading>}
      <s-consent-checkbox
        policy={checkbox.policy}
        name={checkbox.name}
        label={checkbox.label}
        defaultChecked={checkbox.defaultChecked}
        onChange={(event: Event) => onCheckedChange(isChecked(event))}
      />
      {phoneField !== null && (
        <s-consent-phone-field
          policy={phoneField.policy}
          name={phoneField.name}
          label={phoneField.label}
          type={phoneField.type}
          autocomplete={phoneField.autocomplete}
        />
      )}
      <s-paragraph type="small" color="subdued">
        {disclosure.text}
        {disclosure.links.map((link) => (
          <span key={link.href}>
            {' '}
            <s-link href={link.href} target="_blank">
              {link.label}
            </s-link>
          </span>
        ))}
      </s-paragraph>
    </s-stack>
  );
}

export interface ConsentBlockProps {
  readonly api: SmsConsentApi;
  /** Whether the buyer already ticked the box earlier in this checkout. */
  readonly consentedInCheckout: boolean;
  readonly onCheckedChange?: (checked: boolean) => void;
}

export function ConsentBlock({ api, consentedInCheckout, onCheckedChange }: ConsentBlockProps) {
  const [checked, setChecked] = useState(false);
  useSubscriptions(watchedSignals(api));
  const model = renderModelFromApi(api, { checked, consentedInCheckout });
  if (model.kind === 'hidden') return null;
  return (
    <ConsentView
      model={model}
      onCheckedChange={(next) => {
        setChecked(next);
        onCheckedChange?.(next);
      }}
    />
  );
}
