// A tiny client-side renderer for the SMS preview: `{{ root.field | filter: "arg" }}` outputs with sample
// values, and `{% if %}`/`{% unless %}` blocks (`elsif`, `else`, `and`/`or`, `==`/`!=`) decided on those
// values, enough to show the merchant what a recipient reads. It is a preview, not the sending engine:
// other tags render nothing, unknown filters leave the value unchanged. The server renders real messages;
// the analysis panel's numbers come from the server.

/** Sample values by merge-field path, e.g. `{ 'order.name': '#1042' }`. */
export type SampleValues = Readonly<Record<string, string>>;

/** The value of a path or literal expression. */
type Resolve = (expression: string) => string;

interface Filter {
  name: string;
  args: string[];
}

const QUOTED = /^(?:"([^"]*)"|'([^']*)')$/;

function splitOutsideQuotes(source: string, separator: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === separator) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** A literal ("text", 'text' or a number) as its string, or undefined for a variable path. */
function literal(expression: string): string | undefined {
  const match = QUOTED.exec(expression);
  if (match !== null) return match[1] ?? match[2] ?? '';
  return /^-?\d+(\.\d+)?$/.test(expression) ? expression : undefined;
}

function parseFilter(raw: string): Filter {
  const colon = raw.indexOf(':');
  const name = (colon < 0 ? raw : raw.slice(0, colon)).trim();
  const args = colon < 0 ? [] : splitOutsideQuotes(raw.slice(colon + 1), ',').map((a) => a.trim());
  return { name, args };
}

const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  EUR: '€',
  USD: '$',
  GBP: '£',
  CAD: 'CA$',
  AUD: 'A$',
};

function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value) || amount.trim() === '') return amount;
  const code = currency.trim().toUpperCase();
  return `${CURRENCY_SYMBOLS[code] ?? (code === '' ? '' : `${code} `)}${value.toFixed(2)}`;
}

function applyFilter(value: string, filter: Filter, resolve: Resolve): string {
  const arg = (index: number): string => resolve(filter.args[index] ?? '');
  switch (filter.name) {
    case 'default':
      return value.trim() === '' ? arg(0) : value;
    case 'upcase':
      return value.toUpperCase();
    case 'downcase':
      return value.toLowerCase();
    case 'capitalize':
      return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase();
    case 'strip':
      return value.trim();
    case 'truncate': {
      const max = Number(arg(0) || '50');
      const chars = Array.from(value);
      return chars.length <= max ? value : `${chars.slice(0, Math.max(0, max - 3)).join('')}...`;
    }
    case 'money':
      return formatMoney(value, arg(0));
    default:
      return value;
  }
}

/** Liquid-like condition on sample values: a value is true when present and not blank. */
function isTrue(condition: string, resolve: Resolve): boolean {
  return condition.split(/\s+or\s+/).some((alternative) =>
    alternative.split(/\s+and\s+/).every((term) => {
      const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(term.trim());
      if (comparison === null) return resolve(term).trim() !== '';
      const side = (s: string) => (s.trim() === 'blank' || s.trim() === 'empty' ? '' : resolve(s));
      const equal = side(comparison[1] ?? '') === side(comparison[3] ?? '');
      return comparison[2] === '==' ? equal : !equal;
    }),
  );
}

interface Block {
  kind: 'if' | 'comment';
  /** Whether the enclosing text renders. */
  parent: boolean;
  /** Whether a branch of this if/unless was already taken. */
  taken: boolean;
  active: boolean;
}

/** Keeps the text of the branches that render; drops every `{% %}` tag. */
function evaluateTags(template: string, resolve: Resolve): string {
  const out: string[] = [];
  const stack: Block[] = [];
  const active = (): boolean => stack.at(-1)?.active ?? true;
  const tag = /\{%-?([\s\S]*?)-?%\}/g;
  let last = 0;
  for (let match = tag.exec(template); match !== null; match = tag.exec(template)) {
    if (active()) out.push(template.slice(last, match.index));
    last = match.index + match[0].length;
    const [name = '', ...rest] = (match[1] ?? '').trim().split(/\s+/);
    const argument = rest.join(' ');
    const top = stack.at(-1);
    if (name === 'if' || name === 'unless') {
      const parent = active();
      const condition = isTrue(argument, resolve) === (name === 'if');
      stack.push({ kind: 'if', parent, taken: condition, active: parent && condition });
    } else if (name === 'elsif' && top?.kind === 'if') {
      const condition = !top.taken && isTrue(argument, resolve);
      top.active = top.parent && condition;
      top.taken ||= condition;
    } else if (name === 'else' && top?.kind === 'if') {
      top.active = top.parent && !top.taken;
      top.taken = true;
    } else if ((name === 'endif' || name === 'endunless') && top?.kind === 'if') stack.pop();
    else if (name === 'comment')
      stack.push({ kind: 'comment', parent: active(), taken: false, active: false });
    else if (name === 'endcomment' && top?.kind === 'comment') stack.pop();
  }
  if (active()) out.push(template.slice(last));
  return out.join('');
}

/** A piece of rendered text: literal template text, or the value of one `{{ }}` output. */
export type RenderedPart = { kind: 'text'; text: string } | { kind: 'output'; source: string; value: string };

/** Renders a template with sample values into its parts; fields without a sample render empty (or their default). */
export function renderParts(template: string, samples: SampleValues): RenderedPart[] {
  const resolve: Resolve = (expression) => {
    const trimmed = expression.trim();
    return literal(trimmed) ?? samples[trimmed] ?? '';
  };
  const withoutTags = evaluateTags(template, resolve);
  const parts: RenderedPart[] = [];
  const output = /\{\{-?([\s\S]*?)-?\}\}/g;
  let last = 0;
  for (let match = output.exec(withoutTags); match !== null; match = output.exec(withoutTags)) {
    if (match.index > last) parts.push({ kind: 'text', text: withoutTags.slice(last, match.index) });
    last = match.index + match[0].length;
    const [expression = '', ...filters] = splitOutsideQuotes(match[1] ?? '', '|');
    const value = filters
      .map(parseFilter)
      .reduce((current, filter) => applyFilter(current, filter, resolve), resolve(expression));
    parts.push({ kind: 'output', source: (match[1] ?? '').trim(), value });
  }
  if (last < withoutTags.length) parts.push({ kind: 'text', text: withoutTags.slice(last) });
  return parts;
}

export const joinParts = (parts: readonly RenderedPart[]): string =>
  parts.map((part) => (part.kind === 'text' ? part.text : part.value)).join('');

/** Renders a template with sample values. */
export const renderPreview = (template: string, samples: SampleValues): string =>
  joinParts(renderParts(template, samples));

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface ServerAlignment {
  /** What the server put before the body (the marketing shop-name prefix), and after it (the footer). */
  prefix: string;
  footer: string;
  /** The server's value for each output (by its source, e.g. `checkout.recovery_url`), like tracked short links. */
  values: ReadonlyMap<string, string>;
}

/**
 * Lines the parts of a template up with the server's rendering of the same template: the literal text must
 * match, outputs take what lies between (one line at most), the footer starts on a new line.
 */
export function alignWithServer(
  parts: readonly RenderedPart[],
  serverText: string,
): ServerAlignment | undefined {
  const outputs = parts.filter((part) => part.kind === 'output');
  const body = parts.map((part) => (part.kind === 'text' ? escapeRegExp(part.text) : '([^\\n]*)')).join('');
  const match = new RegExp(`^([^\\n]*?)${body}((?:\\n[\\s\\S]*)?)$`).exec(serverText);
  if (match === null) return undefined;
  const values = new Map<string, string>();
  outputs.forEach((part, index) => {
    if (!values.has(part.source)) values.set(part.source, match[index + 2] ?? '');
  });
  return { prefix: match[1] ?? '', footer: match[outputs.length + 2] ?? '', values };
}

/** Inserts `text` into `value` in place of the selection [start, end); returns the new value and caret. */
export function insertAt(
  value: string,
  text: string,
  selection: { start: number; end: number },
): { value: string; caret: number } {
  const start = Math.max(0, Math.min(selection.start, value.length));
  const end = Math.max(start, Math.min(selection.end, value.length));
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length };
}
