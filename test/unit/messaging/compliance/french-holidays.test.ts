import {
  easterSunday,
  isFrenchPublicHoliday,
} from '../../../../server/messaging/compliance/french-holidays.js';

describe('easterSunday (computus)', () => {
  it.each([
    [1818, 3, 22], // earliest possible date
    [1943, 4, 25], // latest possible date
    [2008, 3, 23],
    [2024, 3, 31],
    [2025, 4, 20],
    [2027, 3, 28],
    [2038, 4, 25],
    [2285, 3, 22],
  ])('Easter %i is %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ year, month, day });
  });
});

describe('isFrenchPublicHoliday', () => {
  it.each([
    [2025, 1, 1],
    [2025, 5, 1],
    [2025, 5, 8],
    [2025, 7, 14],
    [2025, 8, 15],
    [2025, 11, 1],
    [2025, 11, 11],
    [2025, 12, 25],
  ])('fixed holiday %i-%i-%i', (y, m, d) => {
    expect(isFrenchPublicHoliday(y, m, d)).toBe(true);
  });

  it.each([
    [2025, 4, 21], // Easter Monday
    [2025, 5, 29], // Ascension
    [2025, 6, 9], // Whit Monday
    [2027, 3, 29], // Easter Monday 2027
    [2027, 5, 6], // Ascension 2027
    [2027, 5, 17], // Whit Monday 2027
    [2024, 4, 1],
    [2024, 5, 9],
    [2024, 5, 20],
  ])('movable holiday %i-%i-%i', (y, m, d) => {
    expect(isFrenchPublicHoliday(y, m, d)).toBe(true);
  });

  it.each([
    [2025, 4, 18], // Good Friday: only in Alsace-Moselle
    [2025, 12, 26], // St Stephen: only in Alsace-Moselle
    [2025, 4, 22],
    [2027, 3, 30],
    [2025, 7, 13],
    [2025, 6, 10],
  ])('ordinary day %i-%i-%i', (y, m, d) => {
    expect(isFrenchPublicHoliday(y, m, d)).toBe(false);
  });

  it('handles Ascension falling on Labour Day (2008)', () => {
    expect(isFrenchPublicHoliday(2008, 5, 1)).toBe(true);
    expect(isFrenchPublicHoliday(2008, 5, 12)).toBe(true); // Whit Monday 2008
  });
});
