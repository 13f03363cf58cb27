/** The 249 officially assigned ISO 3166-1 alpha-2 codes (reserved and historic codes such as UK or XK are not). */
const ALPHA2 = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK
FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE
JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW
TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`;

export const COUNTRY_CODES: ReadonlySet<string> = new Set(ALPHA2.split(/\s+/));

/** The 27 member states (Greece is GR in ISO 3166, although the EU itself writes EL). */
export const EU_MEMBER_STATES: readonly string[] = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
];

/**
 * What the `EU` shorthand covers: the member states plus the parts of them that ISO 3166 codes
 * separately but that are inside the Union (Åland and the French outermost regions), so that a
 * licence granted "in the EU" is not refused in Réunion.
 */
export const EU_TERRITORY: ReadonlySet<string> = new Set([...EU_MEMBER_STATES, 'AX', 'GF', 'GP', 'MF', 'MQ', 'RE', 'YT']);

export const EU = 'EU';

/**
 * ISO 3166-2 codes of places that ISO 3166-1 also codes on their own: Puerto Rico is both US-PR
 * and PR, Aruba both NL-AW and AW, Guadeloupe FR-971 (formerly FR-GP) and GP.
 */
const OWN_CODES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'CN-HK': 'HK', 'CN-MO': 'MO', 'CN-TW': 'TW',
    'FI-01': 'AX',
    'FR-971': 'GP', 'FR-972': 'MQ', 'FR-973': 'GF', 'FR-974': 'RE', 'FR-976': 'YT',
    'FR-GP': 'GP', 'FR-MQ': 'MQ', 'FR-GF': 'GF', 'FR-RE': 'RE', 'FR-YT': 'YT',
    'FR-BL': 'BL', 'FR-MF': 'MF', 'FR-NC': 'NC', 'FR-PF': 'PF', 'FR-PM': 'PM', 'FR-TF': 'TF', 'FR-WF': 'WF',
    'NL-AW': 'AW', 'NL-CW': 'CW', 'NL-SX': 'SX', 'NL-BQ1': 'BQ', 'NL-BQ2': 'BQ', 'NL-BQ3': 'BQ',
    'NO-21': 'SJ', 'NO-22': 'SJ',
    'US-AS': 'AS', 'US-GU': 'GU', 'US-MP': 'MP', 'US-PR': 'PR', 'US-UM': 'UM', 'US-VI': 'VI',
  }),
);

/**
 * The ISO 3166-1 code a jurisdiction is judged by: the code itself (`DE`, `EU`), the country of a
 * subdivision (`US-CA` → `US`), or, for a subdivision ISO 3166-1 codes on its own, that code
 * (`US-PR` → `PR`), so that a place is judged the same however it is written.
 */
export function territoryOf(jurisdiction: string): string {
  const code = jurisdiction.trim().toUpperCase();
  return OWN_CODES.get(code) ?? code.split('-')[0];
}

export function isTerritory(code: unknown): code is string {
  return typeof code === 'string' && (code === EU || COUNTRY_CODES.has(code));
}

/** A list of alpha-2 codes and `EU` → the set of countries it names. */
export function expandTerritories(codes: readonly string[]): Set<string> {
  const countries = new Set<string>();
  for (const code of codes) {
    if (code === EU) EU_TERRITORY.forEach((c) => countries.add(c));
    else countries.add(code);
  }
  return countries;
}

/**
 * Is a request from `jurisdiction` inside `territories`? A country must be listed (or covered
 * by EU); a jurisdiction given only as `EU` is inside only if the whole EU territory is.
 */
export function withinTerritories(jurisdiction: string, territories: readonly string[]): boolean {
  const covered = expandTerritories(territories);
  if (jurisdiction === EU) return [...EU_TERRITORY].every((c) => covered.has(c));
  return COUNTRY_CODES.has(jurisdiction) && covered.has(jurisdiction);
}
