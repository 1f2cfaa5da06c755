// Inputs that keep what the merchant is typing while the definition holds the parsed value: a number field
// ("12." stays on screen while 12 is stored; "abc" is stored as text so the check flags it) and a
// comma-separated list field.
import { TextField } from '@shopify/polaris';
import { useState } from 'react';
import { useBuilder } from './builder-context.js';
import { errorAt, parseNumber, type Path } from './definition-edit.js';

interface InputProps {
  path: Path;
  value: unknown;
  label: string;
  prefix?: string;
  suffix?: string;
  placeholder?: string;
}

const shown = (value: unknown): string =>
  typeof value === 'number' || typeof value === 'string' ? String(value) : '';

/** Text kept locally while it still means the stored value; otherwise the stored value is shown. */
function useTypedText<T>(value: T, format: (v: T) => string, parse: (text: string) => T) {
  const [text, setText] = useState(() => format(value));
  const current = format(parse(text)) === format(value) ? text : format(value);
  return [current, setText] as const;
}

export function NumberInput({ path, value, label, prefix, suffix, placeholder }: InputProps) {
  const { errors, set } = useBuilder();
  const [text, setText] = useTypedText<unknown>(value, shown, parseNumber);
  return (
    <div className="segment-number-input">
      <TextField
        label={label}
        labelHidden
        autoComplete="off"
        inputMode="decimal"
        value={text}
        prefix={prefix}
        suffix={suffix}
        placeholder={placeholder}
        error={errorAt(errors, path)}
        onChange={(next) => {
          setText(next);
          set(path, parseNumber(next));
        }}
      />
    </div>
  );
}

const joinList = (values: unknown): string => (Array.isArray(values) ? values.map(shown).join(', ') : '');
const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

export function ListInput({
  path,
  value,
  label,
  placeholder,
  transform = (v) => v,
}: InputProps & { transform?: (v: string) => string }) {
  const { errors, set } = useBuilder();
  const [text, setText] = useTypedText<unknown>(value, joinList, (t) => splitList(t).map(transform));
  return (
    <TextField
      label={label}
      labelHidden
      autoComplete="off"
      value={text}
      placeholder={placeholder ?? 'Separate values with commas'}
      error={errorAt(errors, path)}
      onChange={(next) => {
        setText(next);
        set(path, splitList(next).map(transform));
      }}
    />
  );
}
