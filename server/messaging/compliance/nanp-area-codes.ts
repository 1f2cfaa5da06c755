// North American Numbering Plan geographic area codes → country, state/province and zone(s).
// Area codes never cross state/province lines, so the state is exact; the zone is exact except
// for the area codes listed in SPLIT_AREA_CODES, which cover more than one zone.
import { COUNTRY_ZONES, ZONE } from './country-zones.js';

export interface AreaCodeInfo {
  readonly countryCode: string;
  /** Null when the code is shared by several provinces (902/782, 867) or belongs to a territory. */
  readonly provinceCode: string | null;
  readonly zones: readonly string[];
}

const US_AREA_CODES: Record<string, string> = {
  AL: '205 251 256 334 483 659 938',
  AK: '907',
  AZ: '480 520 602 623 928',
  AR: '327 479 501 870',
  CA: '209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 837 840 858 909 916 925 949 951',
  CO: '303 719 720 970 983',
  CT: '203 475 860 959',
  DE: '302',
  DC: '202 771',
  FL: '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
  GA: '229 404 470 478 678 706 762 770 912 943',
  HI: '808',
  ID: '208 986',
  IL: '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872',
  IN: '219 260 317 463 574 765 812 930',
  IA: '319 515 563 641 712',
  KS: '316 620 785 913',
  KY: '270 364 502 606 859',
  LA: '225 318 337 457 504 985',
  ME: '207',
  MD: '227 240 301 410 443 667',
  MA: '339 351 413 508 617 774 781 857 978',
  MI: '231 248 269 313 517 586 616 679 734 810 906 947 989',
  MN: '218 320 507 612 651 763 924 952',
  MS: '228 601 662 769',
  MO: '235 314 417 557 573 636 660 816 975',
  MT: '406',
  NE: '308 402 531',
  NV: '702 725 775',
  NH: '603',
  NJ: '201 551 609 640 732 848 856 862 908 973',
  NM: '505 575',
  NY: '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934',
  NC: '252 336 472 704 743 828 910 919 980 984',
  ND: '701',
  OH: '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937',
  OK: '405 539 572 580 918',
  OR: '458 503 541 971',
  PA: '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878',
  RI: '401',
  SC: '803 821 839 843 854 864',
  SD: '605',
  TN: '423 615 629 731 865 901 931',
  TX: '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
  UT: '385 435 801',
  VT: '802',
  VA: '276 434 540 571 686 703 757 804 826 948',
  WA: '206 253 360 425 509 564',
  WV: '304 681',
  WI: '262 274 353 414 534 608 715 920',
  WY: '307',
};

const CA_AREA_CODES: Record<string, string> = {
  AB: '368 403 587 780 825',
  BC: '236 250 257 604 672 778',
  MB: '204 431 584',
  NB: '428 506',
  NL: '709 879',
  ON: '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942',
  QC: '263 354 367 418 438 450 468 514 579 581 819 873',
  SK: '306 474 639',
};

/** Canadian area codes shared by several provinces/territories. */
const CA_SHARED_AREA_CODES = '782 867 902';

/** US territories dial +1 but are separate ISO countries. */
const TERRITORY_AREA_CODES: Record<string, string> = {
  PR: '787 939',
  VI: '340',
  GU: '671',
  MP: '670',
  AS: '684',
};

const { ET, CT, MT, MST, PT, AKT, HAT, BOISE, INDY, DETROIT, MENOMINEE } = ZONE;
const { TORONTO, WINNIPEG, HALIFAX, ST_JOHNS, GOOSE_BAY, VANCOUVER, EDMONTON, DAWSON_CREEK, REGINA } = ZONE;
const NORTH = [
  'America/Whitehorse',
  EDMONTON,
  'America/Iqaluit',
  'America/Rankin_Inlet',
  'America/Cambridge_Bay',
];
const BC_INTERIOR = [VANCOUVER, EDMONTON, DAWSON_CREEK];

/** Area codes spanning several zones (all candidates), or whose zone differs from the state's main one. */
const SPLIT_AREA_CODES: Record<string, readonly string[]> = {
  // Florida panhandle: Tallahassee is Eastern, Pensacola/Panama City are Central.
  '850': [ET, CT],
  '448': [ET, CT],
  '432': [CT, MT],
  '915': [MT],
  '620': [CT, MT],
  '785': [CT, MT],
  '308': [CT, MT],
  '605': [CT, MT],
  '701': [CT, MT],
  '208': [BOISE, PT],
  '986': [BOISE, PT],
  '541': [PT, BOISE],
  '458': [PT, BOISE],
  '423': [ET, CT],
  '865': [ET],
  '270': [CT, ET],
  '364': [CT, ET],
  '606': [ET, CT],
  '219': [CT, INDY],
  '574': [INDY, CT],
  '812': [INDY, CT],
  '930': [INDY, CT],
  '906': [DETROIT, MENOMINEE],
  '907': [AKT, HAT],
  '928': [MST, MT],
  '775': [PT, MT],
  '807': [TORONTO, WINNIPEG],
  '418': [TORONTO, HALIFAX],
  '581': [TORONTO, HALIFAX],
  '367': [TORONTO, HALIFAX],
  '709': [ST_JOHNS, GOOSE_BAY],
  '879': [ST_JOHNS, GOOSE_BAY],
  '250': BC_INTERIOR,
  '236': BC_INTERIOR,
  '778': BC_INTERIOR,
  '672': BC_INTERIOR,
  '257': BC_INTERIOR,
  '306': [REGINA, EDMONTON],
  '639': [REGINA, EDMONTON],
  '474': [REGINA, EDMONTON],
  '867': NORTH,
};

/** Zone used for a split state's area codes not listed above. */
const MAIN_ZONE: Record<string, string> = {
  'US-FL': ET,
  'US-TX': CT,
  'US-KS': CT,
  'US-NE': CT,
  'US-TN': CT,
  'US-KY': ET,
  'US-IN': INDY,
  'US-MI': DETROIT,
  'US-AZ': MST,
  'US-NV': PT,
  'US-OR': PT,
  'CA-ON': TORONTO,
  'CA-QC': TORONTO,
  'CA-BC': VANCOUVER,
};

function build(): ReadonlyMap<string, AreaCodeInfo> {
  const map = new Map<string, AreaCodeInfo>();
  const add = (
    countryCode: string,
    provinceCode: string | null,
    codes: string,
    fallback: readonly string[],
  ): void => {
    const main = provinceCode === null ? undefined : MAIN_ZONE[`${countryCode}-${provinceCode}`];
    for (const code of codes.split(' ')) {
      const zones = SPLIT_AREA_CODES[code] ?? (main ? [main] : fallback);
      map.set(code, { countryCode, provinceCode, zones });
    }
  };
  const provinceZones = (cc: string, province: string): readonly string[] =>
    COUNTRY_ZONES[cc]?.provinces?.[province]?.zones ?? [];
  for (const [state, codes] of Object.entries(US_AREA_CODES))
    add('US', state, codes, provinceZones('US', state));
  for (const [province, codes] of Object.entries(CA_AREA_CODES))
    add('CA', province, codes, provinceZones('CA', province));
  add('CA', null, CA_SHARED_AREA_CODES, [HALIFAX]); // 867 is listed in SPLIT_AREA_CODES
  for (const [territory, codes] of Object.entries(TERRITORY_AREA_CODES))
    add(territory, null, codes, COUNTRY_ZONES[territory]?.zones ?? []);
  return map;
}

const AREA_CODES = build();

/** Country, state/province and zone(s) of a NANP area code, or undefined for unknown/non-geographic codes. */
export function lookupAreaCode(areaCode: string): AreaCodeInfo | undefined {
  return AREA_CODES.get(areaCode);
}
