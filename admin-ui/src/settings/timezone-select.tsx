// Timezone picker over the browser's IANA time zone list.
import { Select } from '@shopify/polaris';
import { useMemo } from 'react';

let supportedZones: readonly string[] | undefined;

function timeZones(): readonly string[] {
  supportedZones ??= Intl.supportedValuesOf('timeZone');
  return supportedZones;
}

interface TimezoneSelectProps {
  value: string;
  error?: string;
  disabled?: boolean;
  onChange(value: string): void;
}

export function TimezoneSelect({ value, error, disabled, onChange }: TimezoneSelectProps) {
  const options = useMemo(() => {
    const zones = timeZones();
    // Keep the saved value selectable even when this browser doesn't list it (e.g. "UTC" aliases).
    const all = value === '' || zones.includes(value) ? zones : [value, ...zones];
    return all.map((zone) => ({ label: zone.replaceAll('_', ' '), value: zone }));
  }, [value]);
  return (
    <Select
      label="Timezone"
      options={options}
      value={value}
      onChange={onChange}
      error={error}
      disabled={disabled}
      helpText="Used for quiet hours and for scheduling campaigns."
    />
  );
}
