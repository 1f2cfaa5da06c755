// Names, places and valid mobile numbers for the demo shop's customers, per country.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Random } from './random.js';

export interface DemoCountry {
  code: CountryCode;
  weight: number;
  firstNames: readonly string[];
  lastNames: readonly string[];
  places: ReadonlyArray<{ province: string | null; zip: string; city: string }>;
  /** Produces a candidate national mobile number; validated with libphonenumber before use. */
  mobile(r: Random): string;
}

const digits = (r: Random, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');

export const demoCountries: readonly DemoCountry[] = [
  {
    code: 'US',
    weight: 45,
    firstNames: [
      'Emma',
      'Liam',
      'Olivia',
      'Noah',
      'Ava',
      'Ethan',
      'Sophia',
      'Mason',
      'Mia',
      'Lucas',
      'Harper',
      'Elijah',
      'Amelia',
      'James',
      'Zoë',
      'José',
    ],
    lastNames: [
      'Smith',
      'Johnson',
      'Williams',
      'Brown',
      'Jones',
      'Garcia',
      'Miller',
      'Davis',
      'Martinez',
      'Lopez',
      'Wilson',
      'Anderson',
      "O'Brien",
    ],
    places: [
      { province: 'NY', zip: '10001', city: 'New York' },
      { province: 'CA', zip: '94103', city: 'San Francisco' },
      { province: 'FL', zip: '33101', city: 'Miami' },
      { province: 'FL', zip: '32501', city: 'Pensacola' },
      { province: 'TX', zip: '73301', city: 'Austin' },
      { province: 'WA', zip: '98101', city: 'Seattle' },
      { province: 'IL', zip: '60601', city: 'Chicago' },
      { province: 'CO', zip: '80202', city: 'Denver' },
    ],
    mobile: (r) =>
      `${r.pick(['212', '415', '305', '850', '512', '206', '312', '303', '646', '917'])}${r.int(2, 9)}${digits(r, 6)}`,
  },
  {
    code: 'CA',
    weight: 15,
    firstNames: ['Chloé', 'William', 'Léa', 'Logan', 'Charlotte', 'Jacob', 'Florence', 'Thomas'],
    lastNames: ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'MacDonald', 'Campbell', 'Wong'],
    places: [
      { province: 'ON', zip: 'M5V 2T6', city: 'Toronto' },
      { province: 'QC', zip: 'H2X 1Y4', city: 'Montréal' },
      { province: 'BC', zip: 'V6B 1A1', city: 'Vancouver' },
    ],
    mobile: (r) => `${r.pick(['416', '647', '514', '438', '604', '778'])}${r.int(2, 9)}${digits(r, 6)}`,
  },
  {
    code: 'FR',
    weight: 20,
    firstNames: [
      'Camille',
      'Louis',
      'Manon',
      'Hugo',
      'Inès',
      'Jules',
      'Léna',
      'Gabriel',
      'Élodie',
      'Raphaël',
    ],
    lastNames: [
      'Martin',
      'Bernard',
      'Dubois',
      'Thomas',
      'Robert',
      'Richard',
      'Petit',
      'Durand',
      'Lefèvre',
      'Moreau',
    ],
    places: [
      { province: null, zip: '75011', city: 'Paris' },
      { province: null, zip: '69002', city: 'Lyon' },
      { province: null, zip: '13001', city: 'Marseille' },
      { province: null, zip: '33000', city: 'Bordeaux' },
    ],
    mobile: (r) => `${r.pick(['6', '7'])}${digits(r, 8)}`,
  },
  {
    code: 'GB',
    weight: 15,
    firstNames: ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Freya'],
    lastNames: ['Taylor', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hughes', 'Edwards'],
    places: [
      { province: 'ENG', zip: 'SW1A 1AA', city: 'London' },
      { province: 'SCT', zip: 'EH1 1YZ', city: 'Edinburgh' },
      { province: 'ENG', zip: 'M1 1AE', city: 'Manchester' },
    ],
    mobile: (r) => `7${r.pick(['4', '5', '7', '8', '9'])}${digits(r, 8)}`,
  },
  {
    code: 'DE',
    weight: 5,
    firstNames: ['Lukas', 'Mia', 'Leon', 'Hannah', 'Jonas', 'Lea'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer'],
    places: [
      { province: 'BE', zip: '10115', city: 'Berlin' },
      { province: 'BY', zip: '80331', city: 'München' },
    ],
    mobile: (r) => `1${r.pick(['51', '52', '60', '62', '70', '71', '76'])}${digits(r, 8)}`,
  },
];

/** A valid, mobile-capable E.164 number for the country (retries until libphonenumber agrees). */
export function demoMobile(country: DemoCountry, r: Random): string {
  for (let i = 0; i < 100; i++) {
    const p = parsePhoneNumberFromString(country.mobile(r), country.code);
    const type = p?.getType();
    if (p?.isValid() && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE')) return p.number;
  }
  throw new Error(`could not generate a valid ${country.code} mobile number`);
}

export function pickCountry(r: Random): DemoCountry {
  const total = demoCountries.reduce((s, c) => s + c.weight, 0);
  let x = r.next() * total;
  for (const c of demoCountries) {
    x -= c.weight;
    if (x < 0) return c;
  }
  return demoCountries[0]!;
}
