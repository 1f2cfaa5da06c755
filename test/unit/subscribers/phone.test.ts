import { normalizePhone } from '../../../server/subscribers/phone.js';

describe('normalizePhone', () => {
  it('accepts E.164 mobile numbers and reports country and type', () => {
    expect(normalizePhone('+33 6 12 34 56 78')).toEqual({
      ok: true,
      e164: '+33612345678',
      country: 'FR',
      type: 'MOBILE',
    });
    expect(normalizePhone('+4915112345678')).toMatchObject({
      ok: true,
      e164: '+4915112345678',
      country: 'DE',
      type: 'MOBILE',
    });
  });

  it('accepts US numbers, which are FIXED_LINE_OR_MOBILE', () => {
    expect(normalizePhone('(201) 555-0123', { defaultCountry: 'US' })).toEqual({
      ok: true,
      e164: '+12015550123',
      country: 'US',
      type: 'FIXED_LINE_OR_MOBILE',
    });
    expect(normalizePhone('+1 415 555 0123')).toMatchObject({ ok: true, e164: '+14155550123' });
  });

  it('reads national numbers in the first known default country (customer, then shop)', () => {
    expect(normalizePhone('06 12 34 56 78', { defaultCountry: ['FR', 'US'] })).toMatchObject({
      ok: true,
      e164: '+33612345678',
    });
    expect(normalizePhone('06 12 34 56 78', { defaultCountry: [null, '', 'fr'] })).toMatchObject({
      ok: true,
      e164: '+33612345678',
    });
    expect(normalizePhone('(201) 555-0123', { defaultCountry: [undefined, 'US'] })).toMatchObject({
      ok: true,
      e164: '+12015550123',
    });
  });

  it('rejects fixed lines and other numbers that cannot receive SMS, with a reason', () => {
    const landline = normalizePhone('01 42 68 53 00', { defaultCountry: 'FR' });
    expect(landline).toMatchObject({ ok: false, reason: 'not_mobile' });
    expect(landline.ok ? '' : landline.message).toContain('landline');
    expect(normalizePhone('0800 123 456', { defaultCountry: 'FR' })).toMatchObject({
      ok: false,
      reason: 'not_mobile',
    });
    expect(normalizePhone('+1 900 555 0123')).toMatchObject({ ok: false, reason: 'not_mobile' });
  });

  it('rejects empty, non-numbers, short, long and invalid numbers with distinct reasons', () => {
    expect(normalizePhone('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(normalizePhone(null)).toMatchObject({ ok: false, reason: 'empty' });
    expect(normalizePhone('hello', { defaultCountry: 'US' })).toMatchObject({
      ok: false,
      reason: 'not_a_number',
    });
    expect(normalizePhone('12', { defaultCountry: 'US' })).toMatchObject({ ok: false, reason: 'too_short' });
    expect(normalizePhone('+33 6 12 34 56 78 9')).toMatchObject({ ok: false, reason: 'too_long' });
    expect(normalizePhone('0612345678')).toMatchObject({ ok: false, reason: 'missing_country' });
    expect(normalizePhone('+1 123 555 0123')).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
