import { AppError } from '../../../../server/errors.js';
import {
  compileTemplate,
  exampleVariables,
  formatMoney,
  renderTemplate,
} from '../../../../server/messaging/templates/index.js';

describe('renderTemplate', () => {
  const greeting = 'Hi {{ customer.first_name | default: "there" }}!';

  it('renders merge fields', () => {
    expect(renderTemplate(greeting, { customer: { first_name: 'Camille' } })).toBe('Hi Camille!');
    expect(
      renderTemplate('{{ order.name }}: {{ order.items_count }} items', {
        order: { name: '#1042', items_count: 2 },
      }),
    ).toBe('#1042: 2 items');
  });

  it('falls back to the default for missing, null, empty and blank values', () => {
    expect(renderTemplate(greeting, {})).toBe('Hi there!');
    expect(renderTemplate(greeting, { customer: {} })).toBe('Hi there!');
    expect(renderTemplate(greeting, { customer: { first_name: null } })).toBe('Hi there!');
    expect(renderTemplate(greeting, { customer: { first_name: '' } })).toBe('Hi there!');
    expect(renderTemplate(greeting, { customer: { first_name: '  \t' } })).toBe('Hi there!');
  });

  it('renders a missing field without a default as nothing, never failing', () => {
    expect(renderTemplate('Order {{ order.name }} shipped via {{ shipment.carrier }}.', {})).toBe(
      'Order  shipped via .',
    );
    expect(
      renderTemplate('{% if discount.code %}Code {{ discount.code }}{% else %}No code{% endif %}', {}),
    ).toBe('No code');
  });

  it('does not HTML-escape: SMS is plain text', () => {
    expect(
      renderTemplate('{{ shop.name }} & co <3 "{{ customer.first_name }}"', {
        shop: { name: "Ben & Jerry's <b>" },
        customer: { first_name: "O'Neil" },
      }),
    ).toBe('Ben & Jerry\'s <b> & co <3 "O\'Neil"');
  });

  it('trims values and applies the whitelisted filters', () => {
    expect(
      renderTemplate('[{{ customer.first_name | upcase }}]', { customer: { first_name: '  ana ' } }),
    ).toBe('[ANA]');
    expect(renderTemplate('{{ shop.name | truncate: 8 }}', { shop: { name: 'The Great Outdoors' } })).toBe(
      'The G...',
    );
    expect(
      renderTemplate('{{ checkout.total_price | money: checkout.currency }}', {
        checkout: { total_price: '74', currency: 'EUR' },
      }),
    ).toBe('€74.00');
  });

  it('formats money without non-breaking spaces and tolerates odd input', () => {
    expect(formatMoney('1250.5', 'USD')).toBe('$1,250.50');
    expect(formatMoney(12, 'CHF')).toBe('CHF 12.00');
    expect(formatMoney('12', 'chf')).not.toMatch(/[\u00a0\u202f]/);
    expect(formatMoney('12.3', undefined)).toBe('12.30');
    expect(formatMoney('12.3', 'ZZZ')).toBe('ZZZ 12.30');
    expect(formatMoney('12.3', 'EU')).toBe('12.30');
    expect(formatMoney('n/a', 'EUR')).toBe('n/a');
    expect(formatMoney(null, 'EUR')).toBe('');
  });

  it('is pure, and compiles each source once', () => {
    const vars = exampleVariables();
    const source = 'Your order {{ order.name }} is on its way: {{ shipment.tracking_url }}';
    const a = compileTemplate(source);
    expect(compileTemplate(source)).toBe(a);
    const first = renderTemplate(a, vars);
    expect(first).toBe(
      'Your order #1042 is on its way: https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901',
    );
    expect(renderTemplate(a, vars)).toBe(first);
    expect(vars.order?.name).toBe('#1042');
  });

  it('refuses to compile a template that does not parse under the rules', () => {
    expect(() => compileTemplate('{% for x in y %}{% endfor %}')).toThrow(AppError);
    expect(() => compileTemplate('{{ x | url_encode }}')).toThrow(
      expect.objectContaining({ code: 'invalid_template', status: 422 }),
    );
  });
});
