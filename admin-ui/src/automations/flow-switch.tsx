// An on/off switch (role="switch") styled with Polaris tokens; Polaris 13 has no toggle of its own.
import { InlineStack, Spinner, Text } from '@shopify/polaris';
import type { CSSProperties } from 'react';

interface FlowSwitchProps {
  checked: boolean;
  /** Accessible name, e.g. "Abandoned checkout". */
  label: string;
  busy?: boolean;
  disabled?: boolean;
  onChange(checked: boolean): void;
}

const TRACK_WIDTH = 36;
const KNOB = 16;

export function FlowSwitch({ checked, label, busy = false, disabled = false, onChange }: FlowSwitchProps) {
  const track: CSSProperties = {
    position: 'relative',
    width: TRACK_WIDTH,
    height: 20,
    padding: 0,
    border: 'none',
    borderRadius: 10,
    cursor: disabled ? 'not-allowed' : 'pointer',
    opacity: disabled ? 0.5 : 1,
    background: checked
      ? 'var(--p-color-bg-fill-success, #29845a)'
      : 'var(--p-color-bg-fill-tertiary, #c9cccf)',
    transition: 'background 120ms ease',
    flexShrink: 0,
  };
  const knob: CSSProperties = {
    position: 'absolute',
    top: 2,
    left: checked ? TRACK_WIDTH - KNOB - 2 : 2,
    width: KNOB,
    height: KNOB,
    borderRadius: '50%',
    background: '#fff',
    boxShadow: '0 1px 2px rgba(0, 0, 0, 0.3)',
    transition: 'left 120ms ease',
  };
  return (
    <InlineStack gap="200" blockAlign="center" wrap={false}>
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-label={label}
        disabled={disabled}
        style={track}
        onClick={() => onChange(!checked)}
      >
        <span style={knob} aria-hidden />
      </button>
      <Text as="span" variant="bodySm" tone={checked ? 'success' : 'subdued'}>
        {checked ? 'On' : 'Off'}
      </Text>
      {busy && <Spinner size="small" accessibilityLabel="Saving" />}
    </InlineStack>
  );
}
