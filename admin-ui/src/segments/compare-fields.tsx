// Operator and value fields of a comparison (numbers, dates, text) and of an optional date window, in the
// merchant's words ("more than", "in the last 60 days"), written into the contract's shapes.
import { Select, Text, TextField } from '@shopify/polaris';
import { useBuilder } from './builder-context.js';
import { errorAt, getAt, type Path } from './definition-edit.js';
import { ListInput, NumberInput } from './text-inputs.js';

type Json = Record<string, unknown>;
const asRecord = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});

/** The single value an operator change carries over. */
function firstValue(compare: Json): unknown {
  if (Array.isArray(compare.value)) return compare.value[0];
  if (Array.isArray(compare.values)) return compare.values[0];
  return compare.value;
}

function withOp(compare: Json, op: string, blank: unknown): Json {
  const v = firstValue(compare) ?? blank;
  if (op === 'is_set') return { op };
  if (op === 'between') return { op, value: [v, v] };
  if (op === 'in' || op === 'not_in') return { op, values: v === '' ? [] : [v] };
  return { op, value: v };
}

const numberOps = [
  { value: 'gt', label: 'more than' },
  { value: 'gte', label: 'at least' },
  { value: 'lt', label: 'less than' },
  { value: 'lte', label: 'at most' },
  { value: 'eq', label: 'exactly' },
  { value: 'ne', label: 'not' },
  { value: 'between', label: 'between' },
];
const listOps = [
  { value: 'in', label: 'any of' },
  { value: 'not_in', label: 'none of' },
  { value: 'is_set', label: 'any value' },
];

export function NumberCompareFields({ path, money }: { path: Path; money: boolean }) {
  const { set, currency, errors, definition } = useBuilder();
  const compare = asRecord(getAt(definition, path));
  const op = String(compare.op);
  const options = ['in', 'not_in', 'is_set'].includes(op) ? [...numberOps, ...listOps] : numberOps;
  const unit = { suffix: money ? currency : 'orders' };
  const label = money ? 'Amount' : 'Count';
  return (
    <>
      <Select
        label="Operator"
        labelHidden
        options={options}
        value={op}
        onChange={(next) => set(path, withOp(compare, next, 0))}
      />
      {op === 'between' ? (
        <>
          <NumberInput
            path={[...path, 'value', 0]}
            value={getAt(compare, ['value', 0])}
            label={`${label} from`}
            {...unit}
          />
          <Text as="span">and</Text>
          <NumberInput
            path={[...path, 'value', 1]}
            value={getAt(compare, ['value', 1])}
            label={`${label} to`}
            {...unit}
          />
          {errors[[...path, 'value'].join('.')] !== undefined && (
            <Text as="span" tone="critical">
              {errors[[...path, 'value'].join('.')]}
            </Text>
          )}
        </>
      ) : op === 'in' || op === 'not_in' ? (
        <ListInput path={[...path, 'values']} value={compare.values} label={label} />
      ) : op === 'is_set' ? null : (
        <NumberInput path={[...path, 'value']} value={compare.value} label={label} {...unit} />
      )}
    </>
  );
}

type DateMode = 'last' | 'ago' | 'before' | 'after' | 'between' | 'is_set';

const dateModes: Array<{ value: DateMode; label: string }> = [
  { value: 'last', label: 'in the last' },
  { value: 'ago', label: 'more than' },
  { value: 'before', label: 'before' },
  { value: 'after', label: 'on or after' },
  { value: 'between', label: 'between' },
  { value: 'is_set', label: 'at any time' },
];

const isRelative = (v: unknown): boolean => typeof v === 'object' && v !== null && 'daysAgo' in v;

function dateModeOf(compare: Json): DateMode {
  const op = String(compare.op);
  if (op === 'is_set') return 'is_set';
  if (op === 'between') return 'between';
  const early = op === 'lt' || op === 'lte';
  if (isRelative(compare.value)) return early ? 'ago' : 'last';
  return early ? 'before' : 'after';
}

const today = (): string => new Date().toISOString().slice(0, 10);

function compareForMode(mode: DateMode, days: number): Json {
  switch (mode) {
    case 'last':
      return { op: 'gte', value: { daysAgo: days } };
    case 'ago':
      return { op: 'lt', value: { daysAgo: days } };
    case 'before':
      return { op: 'lt', value: today() };
    case 'after':
      return { op: 'gte', value: today() };
    case 'between':
      return { op: 'between', value: [today(), today()] };
    case 'is_set':
      return { op: 'is_set' };
  }
}

function DateValueInput({ path, value, label }: { path: Path; value: unknown; label: string }) {
  const { set, errors } = useBuilder();
  if (isRelative(value)) {
    return (
      <NumberInput
        path={[...path, 'daysAgo']}
        value={asRecord(value).daysAgo}
        label={`${label}, days ago`}
        suffix="days ago"
      />
    );
  }
  return (
    <TextField
      label={label}
      labelHidden
      type="date"
      autoComplete="off"
      value={typeof value === 'string' ? value : ''}
      error={errorAt(errors, path)}
      onChange={(next) => set(path, next)}
    />
  );
}

export function DateCompareFields({ path }: { path: Path }) {
  const { set, definition } = useBuilder();
  const compare = asRecord(getAt(definition, path));
  const mode = dateModeOf(compare);
  const days = Number(asRecord(compare.value).daysAgo ?? 30);
  return (
    <>
      <Select
        label="Operator"
        labelHidden
        options={dateModes}
        value={mode}
        onChange={(next) => set(path, compareForMode(next as DateMode, Number.isFinite(days) ? days : 30))}
      />
      {mode === 'last' || mode === 'ago' ? (
        <NumberInput
          path={[...path, 'value', 'daysAgo']}
          value={asRecord(compare.value).daysAgo}
          label="Days"
          suffix={mode === 'ago' ? 'days ago' : 'days'}
        />
      ) : mode === 'between' ? (
        <>
          <DateValueInput path={[...path, 'value', 0]} value={getAt(compare, ['value', 0])} label="From" />
          <Text as="span">and</Text>
          <DateValueInput path={[...path, 'value', 1]} value={getAt(compare, ['value', 1])} label="To" />
        </>
      ) : mode === 'is_set' ? null : (
        <DateValueInput path={[...path, 'value']} value={compare.value} label="Date" />
      )}
    </>
  );
}

const textOps = [
  { value: 'eq', label: 'is' },
  { value: 'ne', label: 'is not' },
  { value: 'in', label: 'is any of' },
  { value: 'not_in', label: 'is none of' },
  { value: 'is_set', label: 'is known' },
];

export function TextCompareFields({
  path,
  choices,
  upperCase = false,
  placeholder,
}: {
  path: Path;
  /** The allowed values, offered in a select (for eq / ne). */
  choices?: ReadonlyArray<{ value: string; label: string }>;
  upperCase?: boolean;
  placeholder?: string;
}) {
  const { set, errors, definition } = useBuilder();
  const compare = asRecord(getAt(definition, path));
  const op = String(compare.op);
  const transform = upperCase ? (v: string) => v.toUpperCase() : (v: string) => v;
  return (
    <>
      <Select
        label="Operator"
        labelHidden
        options={textOps}
        value={op}
        onChange={(next) => set(path, withOp(compare, next, choices?.[0]?.value ?? ''))}
      />
      {op === 'in' || op === 'not_in' ? (
        <ListInput
          path={[...path, 'values']}
          value={compare.values}
          label="Values"
          transform={transform}
          placeholder={placeholder}
        />
      ) : op === 'is_set' ? null : choices !== undefined ? (
        <Select
          label="Value"
          labelHidden
          options={[...choices]}
          value={typeof compare.value === 'string' ? compare.value : ''}
          error={errorAt(errors, [...path, 'value'])}
          onChange={(next) => set([...path, 'value'], next)}
        />
      ) : (
        <TextField
          label="Value"
          labelHidden
          autoComplete="off"
          placeholder={placeholder}
          value={typeof compare.value === 'string' ? compare.value : ''}
          error={errorAt(errors, [...path, 'value'])}
          onChange={(next) => set([...path, 'value'], transform(next))}
        />
      )}
    </>
  );
}

type WindowMode = 'any' | 'last' | 'ago' | 'custom';

function windowModeOf(window: unknown): WindowMode {
  if (window === undefined) return 'any';
  const w = asRecord(window);
  if (isRelative(w.from) && w.to === undefined) return 'last';
  if (isRelative(w.to) && w.from === undefined) return 'ago';
  return 'custom';
}

/** "at any time" / "in the last N days" / "more than N days ago" for a condition's optional window. */
export function WindowFields({ path }: { path: Path }) {
  const { set, definition } = useBuilder();
  const window = getAt(definition, path);
  const mode = windowModeOf(window);
  const options = [
    { value: 'any', label: 'at any time' },
    { value: 'last', label: 'in the last' },
    { value: 'ago', label: 'more than' },
    ...(mode === 'custom' ? [{ value: 'custom', label: 'in a set period' }] : []),
  ];
  const key = mode === 'ago' ? 'to' : 'from';
  return (
    <>
      <Select
        label="Period"
        labelHidden
        options={options}
        value={mode}
        onChange={(next) =>
          set(
            path,
            next === 'any' ? undefined : next === 'ago' ? { to: { daysAgo: 30 } } : { from: { daysAgo: 30 } },
          )
        }
      />
      {(mode === 'last' || mode === 'ago') && (
        <NumberInput
          path={[...path, key, 'daysAgo']}
          value={getAt(window, [key, 'daysAgo'])}
          label="Period in days"
          suffix={mode === 'ago' ? 'days ago' : 'days'}
        />
      )}
    </>
  );
}
