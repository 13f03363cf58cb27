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
