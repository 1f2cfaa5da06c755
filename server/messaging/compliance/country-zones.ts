// Country → province → postal-prefix tables of candidate IANA zones. Where a table cannot tell
// which side of a time-zone border an address is on, it lists every candidate zone, so the
// quiet-hours check (which must pass in all candidates) errs on the side of not sending.

import { CA_PROVINCES, US_STATES } from './north-america-zones.js';
import { one, split, ZONE, type CountryZones, type RegionZones } from './zone-table.js';

export { ZONE };
export type { CountryZones, PostalTable, RegionZones } from './zone-table.js';

const { ET, CT, MT, MST, PT, AKT, HAT, HT } = ZONE;

const MX_CENTRAL = 'America/Mexico_City';
const MX_BORDER = ['America/Monterrey', 'America/Matamoros'] as const;
const MX_CHIHUAHUA = ['America/Chihuahua', 'America/Ciudad_Juarez', 'America/Ojinaga'] as const;
const MX_PACIFIC = ['America/Mazatlan', 'America/Bahia_Banderas'] as const;
/** Mexican states outside Central time (several spellings of Shopify/ISO codes accepted). */
const MX_PROVINCES: Record<string, RegionZones> = Object.fromEntries(
  (
    [
      [['BC', 'BCN'], ['America/Tijuana']],
      [['BCS'], ['America/Mazatlan']],
      [['SIN'], ['America/Mazatlan']],
      [['NAY'], MX_PACIFIC],
      [['SON'], ['America/Hermosillo']],
      [['CHIH', 'CHH'], MX_CHIHUAHUA],
      [['Q ROO', 'QROO', 'QR', 'ROO'], ['America/Cancun']],
      [['TAMPS', 'TAM', 'COAH', 'COA', 'NL', 'NLE'], MX_BORDER],
    ] as const
  ).flatMap(([codes, zones]) => codes.map((code) => [code, { zones }] as const)),
);

const BR_ZONES: Record<string, readonly string[]> = {
  'America/Sao_Paulo': ['DF', 'ES', 'GO', 'MG', 'PR', 'RJ', 'RS', 'SC', 'SP'],
  'America/Fortaleza': ['CE', 'MA', 'PI', 'RN'],
  'America/Maceio': ['AL', 'SE'],
  'America/Belem': ['AP', 'PA'],
  'America/Recife': ['PB'],
  'America/Bahia': ['BA'],
  'America/Araguaina': ['TO'],
  'America/Cuiaba': ['MT'],
  'America/Campo_Grande': ['MS'],
  'America/Porto_Velho': ['RO'],
  'America/Boa_Vista': ['RR'],
  'America/Rio_Branco': ['AC'],
};
function brStates(): Record<string, RegionZones> {
  const states: Record<string, RegionZones> = {
    AM: { zones: ['America/Manaus', 'America/Eirunepe'] },
    // Fernando de Noronha (CEP 53990) is UTC−2.
    PE: split(['America/Recife', 'America/Noronha'], ['America/Recife'], { '53990': ['America/Noronha'] }),
  };
  for (const [zone, codes] of Object.entries(BR_ZONES)) for (const code of codes) states[code] = one(zone);
  return states;
}

const AU = {
  ACT: one('Australia/Sydney'),
  // Broken Hill (2880) keeps South Australian time; Lord Howe Island (2898) has its own zone.
  NSW: split(['Australia/Sydney', 'Australia/Broken_Hill', 'Australia/Lord_Howe'], ['Australia/Sydney'], {
    '2880': ['Australia/Broken_Hill'],
    '2898': ['Australia/Lord_Howe'],
  }),
  NT: one('Australia/Darwin'),
  QLD: one('Australia/Brisbane'),
  SA: one('Australia/Adelaide'),
  TAS: one('Australia/Hobart'),
  VIC: one('Australia/Melbourne'),
  WA: one('Australia/Perth'),
};

const allZonesOf = (regions: Record<string, RegionZones>): string[] => [
  ...new Set(Object.values(regions).flatMap((r) => r.zones)),
];

const SINGLE_ZONE_COUNTRIES: Record<string, string> = {
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  FR: 'Europe/Paris',
  DE: 'Europe/Berlin',
  IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  CH: 'Europe/Zurich',
  AT: 'Europe/Vienna',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  PL: 'Europe/Warsaw',
  LU: 'Europe/Luxembourg',
  CZ: 'Europe/Prague',
  SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest',
  SI: 'Europe/Ljubljana',
  HR: 'Europe/Zagreb',
  RO: 'Europe/Bucharest',
  BG: 'Europe/Sofia',
  GR: 'Europe/Athens',
  EE: 'Europe/Tallinn',
  LV: 'Europe/Riga',
  LT: 'Europe/Vilnius',
  IS: 'Atlantic/Reykjavik',
  MT: 'Europe/Malta',
  CY: 'Asia/Nicosia',
  JP: 'Asia/Tokyo',
  IN: 'Asia/Kolkata',
  ZA: 'Africa/Johannesburg',
  SG: 'Asia/Singapore',
  HK: 'Asia/Hong_Kong',
  IL: 'Asia/Jerusalem',
  AE: 'Asia/Dubai',
  KR: 'Asia/Seoul',
  PH: 'Asia/Manila',
  PR: 'America/Puerto_Rico',
  GU: 'Pacific/Guam',
  VI: 'America/St_Thomas',
  MP: 'Pacific/Saipan',
  AS: 'Pacific/Pago_Pago',
  GG: 'Europe/Guernsey',
  JE: 'Europe/Jersey',
  IM: 'Europe/Isle_of_Man',
};
const BR_STATES = brStates();

export const COUNTRY_ZONES: Readonly<Record<string, CountryZones>> = {
  ...Object.fromEntries(Object.entries(SINGLE_ZONE_COUNTRIES).map(([cc, zone]) => [cc, one(zone)])),
  US: { zones: [ET, CT, MT, MST, PT, AKT, HAT, HT], provinces: US_STATES },
  CA: { zones: allZonesOf(CA_PROVINCES), provinces: CA_PROVINCES },
  MX: {
    zones: [
      MX_CENTRAL,
      'America/Cancun',
      ...MX_BORDER,
      ...MX_CHIHUAHUA,
      ...MX_PACIFIC,
      'America/Hermosillo',
      'America/Tijuana',
    ],
    provinces: MX_PROVINCES,
    otherProvinces: [MX_CENTRAL],
  },
  BR: { zones: allZonesOf(BR_STATES), provinces: BR_STATES },
  AU: { zones: allZonesOf(AU), provinces: AU },
  // Canary Islands: provinces GC (Las Palmas) and TF (Santa Cruz de Tenerife), postcodes 35xxx/38xxx.
  ES: {
    zones: ['Europe/Madrid', 'Atlantic/Canary'],
    provinces: { GC: one('Atlantic/Canary'), TF: one('Atlantic/Canary') },
    otherProvinces: ['Europe/Madrid'],
    postal: {
      prefixes: { '35': ['Atlantic/Canary'], '38': ['Atlantic/Canary'] },
      otherwise: ['Europe/Madrid'],
    },
  },
  // Azores (PT-20, postcodes 95xx–99xx) and Madeira (PT-30, 90xx–93xx).
  PT: {
    zones: ['Europe/Lisbon', 'Atlantic/Madeira', 'Atlantic/Azores'],
    provinces: {
      'PT-20': one('Atlantic/Azores'),
      '20': one('Atlantic/Azores'),
      'PT-30': one('Atlantic/Madeira'),
      '30': one('Atlantic/Madeira'),
    },
    otherProvinces: ['Europe/Lisbon'],
    postal: {
      prefixes: Object.fromEntries([
        ...['90', '91', '92', '93'].map((p) => [p, ['Atlantic/Madeira']] as const),
        ...['95', '96', '97', '98', '99'].map((p) => [p, ['Atlantic/Azores']] as const),
      ]),
      otherwise: ['Europe/Lisbon'],
    },
  },
  // Chatham Islands (postcode 8942).
  NZ: {
    zones: ['Pacific/Auckland', 'Pacific/Chatham'],
    postal: { prefixes: { '8942': ['Pacific/Chatham'] }, otherwise: ['Pacific/Auckland'] },
  },
};
