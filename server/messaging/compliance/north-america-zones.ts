// US states and Canadian provinces → candidate zones, split by ZIP / postal-code prefix where a
// region straddles a time-zone border. Unresolvable cases list every candidate zone.
import { one, split, ZONE, type RegionZones } from './zone-table.js';

const { ET, CT, MT, MST, PT, AKT, HAT, HT, BOISE, INDY, DETROIT, MENOMINEE } = ZONE;

/** US states split across zones, disambiguated by ZIP prefix (3 digits, or 5 for single towns). */
const US_SPLIT_STATES: Record<string, RegionZones> = {
  // Panhandle west of the Apalachicola River is Central; Port St. Joe (Gulf County) is Eastern.
  FL: split([ET, CT], [ET], { '324': [CT], '325': [CT], '32456': [ET] }),
  // El Paso, Hudspeth and Culberson counties are Mountain; 798xx mixes Mountain and Central counties.
  TX: split([CT, MT], [CT], { '798': [CT, MT], '799': [MT], '885': [MT] }),
  // Sherman, Wallace, Greeley and Hamilton counties are Mountain.
  KS: split([CT, MT], [CT], { '677': [CT, MT], '678': [CT, MT] }),
  // The panhandle is Mountain; the 690–692 areas straddle the line.
  NE: split([CT, MT], [CT], { '690': [CT, MT], '691': [CT, MT], '692': [CT, MT], '693': [MT] }),
  // West River is Mountain.
  SD: split([CT, MT], [CT], { '575': [CT, MT], '576': [CT, MT], '577': [MT] }),
  // The south-west is Mountain.
  ND: split([CT, MT], [CT], { '585': [CT, MT], '586': [CT, MT], '588': [CT, MT] }),
  // The northern panhandle is Pacific.
  ID: split([BOISE, PT], [BOISE], { '835': [BOISE, PT], '838': [PT] }),
  // Malheur County is Mountain.
  OR: split([PT, BOISE], [PT], { '979': [PT, BOISE] }),
  // East Tennessee is Eastern; the Chattanooga-area 373xx mixes both.
  TN: split([ET, CT], [CT], {
    '373': [ET, CT],
    '374': [ET],
    '376': [ET],
    '377': [ET],
    '378': [ET],
    '379': [ET],
  }),
  // Western Kentucky is Central.
  KY: split([ET, CT], [ET], {
    '401': [ET, CT],
    '420': [CT],
    '421': [CT],
    '422': [CT],
    '423': [CT],
    '424': [CT],
    '426': [ET, CT],
    '427': [ET, CT],
  }),
  // North-west (Gary) and south-west (Evansville) corners are Central.
  IN: split([INDY, CT], [INDY], {
    '463': [CT],
    '464': [CT],
    '465': [INDY, CT],
    '475': [INDY, CT],
    '476': [CT],
    '477': [CT],
    '479': [INDY, CT],
  }),
  // Four Upper Peninsula counties bordering Wisconsin are Central.
  MI: split([DETROIT, MENOMINEE], [DETROIT], { '498': [DETROIT, MENOMINEE], '499': [DETROIT, MENOMINEE] }),
  // The Aleutians west of 169.5°W (Adak, Atka) are Hawaii–Aleutian time.
  AK: split([AKT, HAT], [AKT], { '99546': [HAT], '99547': [HAT] }),
  // Arizona has no DST except the Navajo Nation (north-east, 860xx/865xx mixed).
  AZ: split([MST, MT], [MST], { '860': [MST, MT], '865': [MST, MT] }),
  // West Wendover observes Mountain time.
  NV: split([PT, MT], [PT], { '89883': [MT] }),
};

const US_SINGLE_ZONE: Record<string, readonly string[]> = {
  [ET]: [
    'CT',
    'DC',
    'DE',
    'GA',
    'MA',
    'MD',
    'ME',
    'NC',
    'NH',
    'NJ',
    'NY',
    'OH',
    'PA',
    'RI',
    'SC',
    'VA',
    'VT',
    'WV',
  ],
  [CT]: ['AL', 'AR', 'IA', 'IL', 'LA', 'MN', 'MO', 'MS', 'OK', 'WI'],
  [MT]: ['CO', 'MT', 'NM', 'UT', 'WY'],
  [PT]: ['CA', 'WA'],
  [HT]: ['HI'],
  'America/Puerto_Rico': ['PR'],
  'America/St_Thomas': ['VI'],
  'Pacific/Guam': ['GU'],
  'Pacific/Saipan': ['MP'],
  'Pacific/Pago_Pago': ['AS'],
};

function buildUsStates(): Record<string, RegionZones> {
  const states: Record<string, RegionZones> = { ...US_SPLIT_STATES };
  for (const [zone, codes] of Object.entries(US_SINGLE_ZONE))
    for (const code of codes) states[code] = one(zone);
  return states;
}

export const US_STATES: Readonly<Record<string, RegionZones>> = buildUsStates();

const C = ZONE;
export const CA_PROVINCES: Record<string, RegionZones> = {
  AB: one(C.EDMONTON),
  MB: one(C.WINNIPEG),
  NB: one('America/Moncton'),
  NS: one(C.HALIFAX),
  PE: one(C.HALIFAX),
  NT: one(C.EDMONTON),
  YT: one('America/Whitehorse'),
  // North-western Ontario (Kenora, Dryden, Sioux Lookout, Fort Frances) is Central.
  ON: split([C.TORONTO, C.WINNIPEG], [C.TORONTO], {
    P9N: [C.WINNIPEG],
    P8N: [C.WINNIPEG],
    P8T: [C.WINNIPEG],
    P9A: [C.WINNIPEG],
    P0T: [C.TORONTO, C.WINNIPEG],
    P0V: [C.TORONTO, C.WINNIPEG],
    P0W: [C.TORONTO, C.WINNIPEG],
  }),
  // Magdalen Islands and the Lower North Shore keep Atlantic time.
  QC: split([C.TORONTO, C.HALIFAX], [C.TORONTO], { G4T: [C.HALIFAX], G0G: [C.TORONTO, C.HALIFAX] }),
  // Labrador (mostly) keeps Atlantic time.
  NL: split([C.ST_JOHNS, C.GOOSE_BAY], [C.ST_JOHNS], {
    A0P: [C.GOOSE_BAY],
    A0R: [C.GOOSE_BAY],
    A2V: [C.GOOSE_BAY],
  }),
  // East Kootenay is Mountain; the Peace River region and Creston keep MST all year.
  BC: split([C.VANCOUVER, C.EDMONTON, C.DAWSON_CREEK], [C.VANCOUVER], {
    V1C: [C.EDMONTON],
    V1G: [C.DAWSON_CREEK],
    V1J: [C.DAWSON_CREEK],
    V0A: [C.VANCOUVER, C.EDMONTON],
    V0B: [C.VANCOUVER, C.DAWSON_CREEK],
    V0C: [C.VANCOUVER, C.DAWSON_CREEK],
  }),
  // Lloydminster follows Alberta time.
  SK: split([C.REGINA, C.EDMONTON], [C.REGINA], { S9V: [C.EDMONTON] }),
  NU: split(
    ['America/Iqaluit', 'America/Rankin_Inlet', 'America/Cambridge_Bay'],
    ['America/Iqaluit', 'America/Rankin_Inlet', 'America/Cambridge_Bay'],
    {
      X0A: ['America/Iqaluit', 'America/Rankin_Inlet'],
      X0B: ['America/Cambridge_Bay'],
      X0C: ['America/Rankin_Inlet'],
    },
  ),
};
