// A whole-number text field that keeps what the merchant types (even empty) and reports the parsed value
// (NaN when it is not a whole number, which the server then names as the field's error).
import { TextField } from '@shopify/polaris';
import { useEffect, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  onChange(value: number): void;
  helpText?: string;
  suffix?: string;
  error?: string;
  min?: number;
  max?: number;
}

export function NumberField({ label, value, onChange, helpText, suffix, error, min, max }: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value ? current : String(value)));
  }, [value]);
  return (
    <TextField
      label={label}
      type="number"
      value={text}
      min={min}
      max={max}
      suffix={suffix}
      helpText={helpText}
      error={error}
      autoComplete="off"
      onChange={(next) => {
        setText(next);
        onChange(/^\d+$/.test(next.trim()) ? Number(next) : Number.NaN);
      }}
    />
  );
}
