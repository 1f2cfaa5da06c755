// The one liquidjs engine every template is parsed and rendered with: only the whitelisted filters and
// tags exist (an unknown one is a parse error), strict filters, no output escaping (SMS is plain text,
// `&` must stay `&`), own properties only, no file system access (no include/render/layout tags).
import { Liquid } from 'liquidjs';
import { TEMPLATE_FILTERS, TEMPLATE_TAGS } from '../../contracts/templates.js';

const NON_BREAKING_SPACES = /[\u00a0\u202f]/g;

/**
 * `{{ amount | money: currency }}`: "€59.90", "$1,250.00", "CHF 12.00". Non-breaking spaces that Intl puts
 * between symbol and amount are replaced with plain spaces, which keep the message GSM-7. A value that is
 * not a number renders unchanged; without a well-formed currency code it renders as "12.00".
 */
export function formatMoney(value: unknown, currency?: unknown): string {
  const amount =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(amount)) return value === null || value === undefined ? '' : String(value);
  const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) return amount.toFixed(2);
  return currencyFormatter(code).format(amount).replace(NON_BREAKING_SPACES, ' ');
}

// Building an Intl.NumberFormat costs ~0.5 ms; one per currency is kept (ISO 4217 has under 200 codes).
const formatters = new Map<string, Intl.NumberFormat>();
function currencyFormatter(code: string): Intl.NumberFormat {
  let f = formatters.get(code);
  if (!f) {
    // Any well-formed code is accepted by Intl; one it does not know is shown as the code itself ("XYZ 12.00").
    f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: code,
      currencyDisplay: 'narrowSymbol',
    });
    formatters.set(code, f);
  }
  return f;
}

function createEngine(): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    // Unknown fields are rejected when the template is saved (validateTemplate); at send time a known field
    // without a value renders as '' (or its `default:`), it never fails the send.
    strictVariables: false,
    ownPropertyOnly: true,
    outputEscape: undefined,
    relativeReference: false,
    cache: false,
  });
  engine.registerFilter('money', formatMoney);
  const filters = new Set<string>(TEMPLATE_FILTERS.map((f) => f.name));
  for (const name of Object.keys(engine.filters)) if (!filters.has(name)) engine.unregisterFilter(name);
  const tags = new Set<string>(TEMPLATE_TAGS);
  for (const name of Object.keys(engine.tags)) if (!tags.has(name)) delete engine.tags[name];
  return engine;
}

export const liquid: Liquid = createEngine();
