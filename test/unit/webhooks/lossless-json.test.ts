import { decodeWebhookJson } from '../../../server/webhooks/schemas/lossless-json.js';

const decode = (text: string): unknown => {
  const result = decodeWebhookJson(text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};

describe('decodeWebhookJson', () => {
  it('keeps every digit of integers above 2^53 - 1 by turning them into strings', () => {
    expect(JSON.parse('{"id":820982911946154508}')).toEqual({ id: 820982911946154500 });
    expect(decode('{"id":820982911946154508,"orders":[5789012345678,820982911946154509]}')).toEqual({
      id: '820982911946154508',
      orders: [5789012345678, '820982911946154509'],
    });
    expect(decode('[-9007199254740993]')).toEqual(['-9007199254740993']);
  });

  it('leaves safe integers, decimals, exponents and string contents exactly as JSON.parse does', () => {
    const text =
      '{"a":9007199254740991,"b":"820982911946154508","c":"say \\"x\\": 820982911946154508,","d":12.50,"e":1e25,"f":-3,"g":[true,null,false],"h":"\\\\"}';
    expect(decode(text)).toEqual(JSON.parse(text));
  });

  it('handles whitespace around large numbers', () => {
    expect(decode('{ "id" :\n\t820982911946154508 \n}')).toEqual({ id: '820982911946154508' });
  });

  it('reports invalid JSON as a value instead of throwing', () => {
    const result = decodeWebhookJson('{"id": 1,');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^Body is not valid JSON: /);
    expect(decodeWebhookJson('')).toMatchObject({ ok: false });
  });
});
