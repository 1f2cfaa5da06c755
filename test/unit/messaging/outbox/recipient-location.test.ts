import { locateRecipient, phonePrefixKey } from '../../../../server/messaging/outbox/recipient-location.js';

describe('phonePrefixKey', () => {
  it('keys NANP numbers by their area code', () => {
    expect(phonePrefixKey('+13055550123')).toBe('+1305');
    expect(phonePrefixKey('+14165550123')).toBe('+1416');
  });

  it('keys other numbers by their first digits and their length', () => {
    expect(phonePrefixKey('+33612345678')).toBe('+3361234|12');
    expect(phonePrefixKey('+447700123456')).toBe('+4477001|13');
    expect(phonePrefixKey('+44770012345')).toBe('+4477001|12');
  });
});

describe('locateRecipient', () => {
  it('locates a NANP number by its area code when there is no address', () => {
    expect(locateRecipient('+13055550123')).toEqual({
      zones: ['America/New_York'],
      countryCode: 'US',
      provinceCode: 'FL',
      regionCode: 'US-FL',
    });
    expect(locateRecipient('+14165550123')).toEqual({
      zones: ['America/Toronto'],
      countryCode: 'CA',
      provinceCode: 'ON',
      regionCode: 'CA-ON',
    });
  });

  it('lists every zone of an area code that spans a zone border', () => {
    expect(locateRecipient('+18505550123')).toEqual({
      zones: ['America/New_York', 'America/Chicago'],
      countryCode: 'US',
      provinceCode: 'FL',
      regionCode: 'US-FL',
    });
  });

  it('prefers the address over the number, normalizing its codes', () => {
    expect(locateRecipient('+13055550124', { countryCode: 'us', provinceCode: 'us-ca', zip: null })).toEqual({
      zones: ['America/Los_Angeles'],
      countryCode: 'US',
      provinceCode: 'CA',
      regionCode: 'US-CA',
    });
  });

  it('takes the province from the number only when the address is in the same country', () => {
    expect(locateRecipient('+13055550125', { countryCode: 'US' })).toEqual({
      zones: ['America/New_York'],
      countryCode: 'US',
      provinceCode: 'FL',
      regionCode: 'US-FL',
    });
    const elsewhere = locateRecipient('+13055550126', { countryCode: 'FR' });
    expect(elsewhere).toEqual({
      zones: ['Europe/Paris'],
      countryCode: 'FR',
      provinceCode: null,
      regionCode: null,
    });
  });

  it('gets only the country from a number outside NANP', () => {
    expect(locateRecipient('+33612345678')).toEqual({
      zones: ['Europe/Paris'],
      countryCode: 'FR',
      provinceCode: null,
      regionCode: null,
    });
  });

  it('knows nothing about a number from an unassigned calling code', () => {
    expect(locateRecipient('+99912345678')).toEqual({
      zones: [],
      countryCode: null,
      provinceCode: null,
      regionCode: null,
    });
  });

  it('does not let an invalid number decide the location of valid numbers with the same first digits', () => {
    // 9 national digits: not a valid UK number, so libphonenumber cannot pick GB, GG, IM or JE.
    expect(locateRecipient('+44770012345')).toEqual({
      zones: [],
      countryCode: null,
      provinceCode: null,
      regionCode: null,
    });
    // A valid UK mobile sharing its first 7 digits must still be located (memoized per prefix).
    expect(locateRecipient('+447700123456')).toEqual({
      zones: ['Europe/London'],
      countryCode: 'GB',
      provinceCode: null,
      regionCode: null,
    });
  });
});
