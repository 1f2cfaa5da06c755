import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
describe('toolchain', () => {
  it('runs ESM TypeScript tests', () => {
    expect(parsePhoneNumberFromString('+14155550123')?.country).toBe('US');
  });
});
