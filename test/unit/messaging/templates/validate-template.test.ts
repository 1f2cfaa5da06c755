import { validateTemplate } from '../../../../server/messaging/templates/index.js';
import { MERGE_FIELD_CATALOGUE } from '../../../../server/contracts/templates.js';

const errorsOf = (
  source: string,
  options: Parameters<typeof validateTemplate>[1] = { kind: 'marketing' },
) => {
  const r = validateTemplate(source, options);
  if (r.ok) throw new Error(`expected errors for ${source}`);
  return r.errors;
};

describe('validateTemplate', () => {
  it('accepts every catalogue field, filters and if/unless/case tags, listing the fields used', () => {
    const all = MERGE_FIELD_CATALOGUE.flatMap((g) => g.fields.map((f) => `{{ ${g.root}.${f.name} }}`)).join(
      ' ',
    );
    const r = validateTemplate(all, { kind: 'marketing' });
    expect(r.ok).toBe(true);
    const fields = r.ok ? r.fields : [];
    expect(fields).toHaveLength(MERGE_FIELD_CATALOGUE.reduce((n, g) => n + g.fields.length, 0));
    expect(fields.slice(0, 3)).toEqual(['subscriber.first_name', 'subscriber.last_name', 'subscriber.phone']);

    const rich =
      'Hi {{ customer.first_name | default: "there" | capitalize }}! ' +
      '{% if discount.code %}Use {{ discount.code | upcase }}{% else %}No code{% endif %} ' +
      '{% unless order.name %}-{% endunless %}{% case shipment.status %}{% when "delivered" %}Arrived{% endcase %} ' +
      '{{ order.total_price | money: order.currency }} {{ shop.name | truncate: 10 | downcase | strip }} {{ "now" | date: "%Y" }}' +
      '{% comment %}note{% endcomment %}';
    expect(validateTemplate(rich, { kind: 'marketing' })).toEqual({
      ok: true,
      fields: [
        'customer.first_name',
        'discount.code',
        'order.name',
        'shipment.status',
        'order.total_price',
        'order.currency',
        'shop.name',
      ],
    });
  });

  it('rejects an unknown field with its position and a suggestion', () => {
    expect(errorsOf('Hello\n  {{ customer.frist_name }}')).toEqual([
      {
        message: expect.stringContaining(
          'Unknown merge field "customer.frist_name". Did you mean "customer.first_name"?',
        ),
        field: 'customer.frist_name',
        line: 2,
        column: 6,
      },
    ]);
  });

  it('rejects an unknown root, a root alone, deeper paths and indexed access', () => {
    expect(errorsOf('{{ custmer.first_name }}')[0]).toMatchObject({
      field: 'custmer.first_name',
      message: expect.stringContaining('Did you mean "customer"?'),
    });
    expect(errorsOf('{{ order }}')[0]).toMatchObject({
      field: 'order',
      message: expect.stringContaining('order.name'),
    });
    expect(errorsOf('{{ order.name.size }}')[0]).toMatchObject({ field: 'order.name.size' });
    expect(errorsOf('{{ order[customer.first_name] }}')[0]!.message).toContain(
      'computed or indexed access is not supported',
    );
    // A quoted key is the same field as the dotted form.
    expect(validateTemplate('{{ order["name"] }}', { kind: 'marketing' })).toEqual({
      ok: true,
      fields: ['order.name'],
    });
  });

  it('reports every bad field, in source order', () => {
    const errors = errorsOf('{{ a.b }} {{ customer.first_name }} {% if c.d %}x{% endif %}');
    expect(errors.map((e) => [e.field, e.line, e.column])).toEqual([
      ['a.b', 1, 4],
      ['c.d', 1, 43],
    ]);
  });

  it('rejects a filter outside the whitelist, even one liquidjs has built in', () => {
    expect(errorsOf('Hi {{ customer.first_name | upcse }}')).toEqual([
      {
        message: expect.stringMatching(
          /^Unknown filter "upcse"\. Did you mean "upcase"\? Allowed filters: default, /,
        ),
        line: 1,
        column: 4,
      },
    ]);
    expect(errorsOf('{{ customer.first_name | url_encode }}')[0]!.message).toContain(
      'Unknown filter "url_encode"',
    );
  });

  it('rejects loops, includes and assignments', () => {
    expect(errorsOf('a\n  {% for x in (1..3) %}{{ x }}{% endfor %}')).toEqual([
      { message: expect.stringContaining('The {% for %} tag is not allowed'), line: 2, column: 3 },
    ]);
    expect(errorsOf('{% include "header" %}')[0]!.message).toContain('{% include %}');
    expect(errorsOf('{% assign x = 1 %}')[0]!.message).toContain('{% assign %}');
  });

  it('reports syntax errors with line and column', () => {
    expect(errorsOf('Hi\nthere {{ customer.first_name ')).toEqual([
      {
        message: expect.stringMatching(
          /^Template syntax error: output "\{\{ customer\.first_name " not closed\.$/,
        ),
        line: 2,
        column: 7,
      },
    ]);
    expect(errorsOf('x\n\n{% if customer.first_name %}y')).toEqual([
      { message: 'Template syntax error: tag {% if customer.first_name %} not closed.', line: 3, column: 1 },
    ]);
  });

  it('limits roots to those the message can fill, and keeps discounts out of transactional messages', () => {
    expect(
      errorsOf('{{ order.name }}', { kind: 'marketing', allowedRoots: ['customer', 'shop'] })[0],
    ).toMatchObject({
      field: 'order.name',
      message: '"order.name" is not available in this message. Available groups here: customer, shop.',
    });
    expect(errorsOf('{{ discount.code }}', { kind: 'transactional' })[0]!.message).toBe(
      '"discount.code" is marketing content and cannot be used in a transactional message.',
    );
    expect(
      validateTemplate('{{ discount.code }}', { kind: 'marketing', allowedRoots: ['discount'] }).ok,
    ).toBe(true);
  });

  it('rejects empty and oversized templates', () => {
    expect(errorsOf('   ')[0]!.message).toBe('The message is empty.');
    expect(errorsOf('x'.repeat(2001))[0]!.message).toContain('too long');
  });
});
