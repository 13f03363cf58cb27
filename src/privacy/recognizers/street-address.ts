import { type Finding, type Recognizer, type TextStats, finding } from '../entities.js';
import { capitalWidth, isDigit, isWhiteSpace } from './characters.js';

/**
 * Street addresses in the common European and North American layouts:
 *  - number first, type word last (US/UK/IE/CA/AU): "221B Baker Street", "4521 Oak Ave Apt 5"
 *  - number first, type word first (FR, BE): "12 rue de la Paix", "5 bis avenue Victor Hugo"
 *  - type word first, number last (ES/IT/PT/PL, FR-CH): "Calle de Alcalá 45", "Via Roma 10", "ul. Długa 7"
 *  - compound street word, number last (DE/AT/CH/NL/Nordics): "Lindenstraße 12", "Keizersgracht 123", "Kyrkgatan 4"
 * each optionally followed by a unit and a postcode and town, which belong to the address too.
 */

const NAME = `(?:(?:[dl]['’])?\\p{Lu}[\\p{L}'’]*(?:[-.]\\p{L}[\\p{L}'’]*)*|\\d{1,3}(?:st|nd|rd|th|e|ème|º|ª))`;
const PARTICLE = `(?:de|del|della|delle|dei|degli|di|da|do|dos|das|la|las|los|el|les|le|du|des|d'|l'|d’|l’|y|e|of|the|am|an|auf|im|in|der|den|dem|het|van|von|zum|zur|aan|op|'t|sur|sous|à|au|aux)`;

// The USPS street suffixes (Publication 28, C1) with their common abbreviations, and the usual British ones.
const EN_TYPE = [...new Set(`
  Alley Aly Annex Anx Arcade Arc Avenue Ave Av Bayou Byu Beach Bch Bend Bnd Bluff Blf Bluffs Bottom Btm Boulevard Blvd
  Branch Br Bridge Brg Brook Brk Brooks Burg Burgs Bypass Byp Camp Cp Canyon Cyn Cape Cpe Causeway Cswy Center Ctr Centre
  Centers Circle Cir Circles Cliff Clf Cliffs Club Common Commons Corner Cor Corners Course Crse Court Ct Courts Cove Cv
  Coves Creek Crk Crescent Cres Crest Crossing Xing Crossroad Curve Dale Dl Dam Divide Dv Drive Dr Drives Estate Est
  Estates Expressway Expy Extension Ext Extensions Falls Fls Ferry Fry Field Fld Fields Flat Flt Flats Ford Frd Fords
  Forest Frst Forge Frg Forges Fork Frk Forks Fort Ft Freeway Fwy Garden Gdn Gardens Gdns Gateway Gtwy Glen Gln Glens
  Green Grn Greens Grove Grv Groves Harbor Hbr Harbors Harbour Haven Hvn Heights Hts Highway Hwy Hill Hl Hills Hollow Holw
  Inlet Island Is Islands Isle Junction Jct Junctions Key Ky Keys Knoll Knl Knolls Lake Lk Lakes Land Landing Lndg Lane Ln
  Light Lgt Lights Loaf Lock Lck Locks Lodge Ldg Loop Mall Manor Mnr Manors Meadow Mdw Meadows Mews Mill Ml Mills Mission
  Msn Motorway Mount Mt Mountain Mtn Mountains Neck Nck Orchard Orch Oval Overpass Opas Park Parks Parkway Pkwy Parkways
  Pass Passage Path Pike Pine Pines Place Pl Plain Pln Plains Plaza Plz Point Pt Points Port Prt Ports Prairie Pr Radial
  Ramp Ranch Rnch Rapid Rpd Rapids Rest Rst Ridge Rdg Ridges River Riv Road Rd Roads Route Rte Row Rue Run Shoal Shl
  Shoals Shore Shr Shores Skyway Spring Spg Springs Spur Spurs Square Sq Squares Station Sta Stravenue Stra Stream Strm Street St
  Streets Summit Smt Terrace Ter Terr Throughway Trwy Trace Trce Track Trak Trafficway Trail Trl Trailer Tunnel Tunl
  Turnpike Tpke Underpass Union Un Unions Valley Vly Valleys Viaduct Via Vista Vis View Vw Views Village Vlg Villages
  Ville Vl Walk Walks Wall Way Ways Well Wl Wells
  Approach Avenue Broadway Close Croft Crescent Drove Embankment Esplanade Gate Grange Hill Lawn Mead Parade Promenade Quay
  Rise Side Vale Wharf Wynd Yard
`.trim().split(/\s+/))];
// The French street types (voies of the French, Belgian and Swiss registers), written after the number in
// France ("12 rue de la Paix") and before it in Belgium and Switzerland ("Rue de la Loi 16").
const FR_TYPE = [
  'rue', 'avenue', 'av\\.', 'boulevard', 'bd', 'place', 'allée', 'chemin', 'impasse', 'quai', 'route', 'cours', 'passage',
  'voie', 'square', 'chaussée', 'rond-point', 'sentier', 'parvis', 'promenade', 'faubourg', 'fg', 'drève', 'galerie', 'parc',
  'porte', 'jardin', 'clos', 'cité', 'ruelle', 'venelle', 'esplanade', 'montée', 'hameau', 'résidence', 'petite rue',
  'grande rue', 'grand-rue', 'grand-place', 'rampe', 'escalier', 'carrefour', 'boucle', 'sente',
];
// Types written before the name in Spanish, Catalan, Italian, Portuguese, Polish and Belgian/Swiss French
// and German: the common ones of each country's register.
const TYPE_FIRST = [
  'Calle', 'C/', 'Avenida', 'Avda\\.', 'Avd\\.', 'Av\\.', 'Paseo', 'Pº', 'Plaza', 'Pza\\.', 'Camino', 'Carretera', 'Ctra\\.',
  'Ronda', 'Travesía', 'Glorieta', 'Rambla', 'Passeig', 'Carrer', 'Callejón', 'Pasaje', 'Vía', 'Bulevar', 'Cuesta', 'Urbanización',
  'Via', 'Viale', 'V\\.le', 'Piazza', 'P\\.za', 'P\\.zza', 'Corso', 'C\\.so', 'Largo', 'Vicolo', 'Vico', 'Strada', 'Stradone',
  'Piazzale', 'Piazzetta', 'Lungomare', 'Lungolago', 'Lungotevere', 'Contrada', 'Borgo', 'Salita', 'Discesa', 'Scalinata',
  'Riva', 'Calata', 'Rampa', 'Traversa', 'Galleria', 'Passaggio', 'Circonvallazione', 'Località', 'Frazione', 'Fondamenta',
  'Rua', 'Travessa', 'Praça', 'Estrada', 'Alameda', 'Beco', 'Calçada', 'Rotunda',
  'ul\\.', 'ulica', 'al\\.', 'aleja', 'os\\.', 'pl\\.', 'plac',
  ...FR_TYPE.map((t) => t[0].toUpperCase() + t.slice(1)).filter((t) => t !== 'Fg' && t !== 'Bd'),
  'Straße', 'Strasse',
];
const COMPOUND_SUFFIX = [
  'straße', 'strasse', 'str\\.', 'weg', 'allee', 'platz', 'gasse', 'ring', 'damm', 'ufer', 'chaussee', 'steig', 'pfad',
  'markt', 'graben', 'steg', 'stieg', 'kamp', 'wall', 'hof', 'berg', 'tor', 'park',
  'straat', 'laan', 'gracht', 'plein', 'kade', 'singel', 'dijk', 'steeg', 'pad', 'dreef', 'plantsoen', 'burgwal', 'haven',
  'gatan', 'gata', 'vägen', 'väg', 'gränd', 'gade', 'vej', 'veien', 'gate', 'vei', 'tie', 'katu',
];
const capitalised = (words: readonly string[]) => words.map((w) => (/^[a-zä]/.test(w) ? `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}` : w));

// Street name words after a type word, never ending on a particle: "de la Paix", "Victor Hugo", "del Duomo".
const NAME_RUN = `(?:\\s+${PARTICLE})*\\s+${NAME}(?:(?:\\s+${PARTICLE})*\\s+${NAME}){0,4}`;

const NUMBER_AFTER = `,?\\s+(?:n[º°.]?\\s?|nr\\.?\\s?)?(?:\\d{1,4}(?:\\s?[a-hA-H])?(?:[-/]\\d{1,4}[a-hA-H]?)?|s/n)(?![\\p{L}\\p{N}])`;

const HOUSE_NUMBER = `\\d{1,5}(?:\\s?(?:bis|ter)|[a-hA-H])?(?:[-/]\\d{1,4}[a-hA-H]?)?`;
const EN_REST = `,?\\s+(?:${NAME}\\s+){1,4}(?:${EN_TYPE.map((t) => (t.length <= 4 ? `${t}\\.?` : t)).join('|')})(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)(?![\\p{L}]))?(?![\\p{L}\\p{N}])`;
const FR_REST = `,?\\s+(?:${capitalised(FR_TYPE).join('|')})${NAME_RUN}`;

const NUMBER_LAST_CORES = [
  // Calle de Alcalá 45 / Via Roma 10
  `(?<![\\p{L}])(?:${TYPE_FIRST.join('|')})${NAME_RUN}${NUMBER_AFTER}`,
  // Lindenstraße 12 / Friedrich-Ebert-Str. 5 / Am Lindenhof 3
  `(?<![\\p{L}])(?:(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Unter den|Hinter der|Vor dem|Op de|Aan de)\\s+${NAME}|(?:${NAME}\\s+(?:${PARTICLE}\\s+){0,2})?(?:\\p{Lu}[\\p{L}-]*?(?:${capitalised(COMPOUND_SUFFIX).join('|')})|${capitalised(COMPOUND_SUFFIX).join('|')}))${NUMBER_AFTER}`,
];

const UNIT_WORDS = [
  'Apt', 'Apartment', 'Suite', 'Ste', 'Unit', 'Flat', 'Floor', 'Fl', 'Wohnung', 'Whg', 'Zimmer', 'App', 'Appartamento',
  'Piano', 'Int', 'Interno', 'Scala', 'Piso', 'Puerta', 'Pta', 'Esc', 'Escalera', 'Planta', 'étage', 'Étage', 'Bât',
  'Bâtiment', 'Lgh', 'm', 'bus', 'Bus',
];
const UNIT = `(?:,?\\s+(?:(?:${UNIT_WORDS.join('|')})(?![\\p{L}])\\.?|#)\\s?#?[\\p{L}\\p{N}º°ª-]{1,6}|,?\\s+\\d{1,2}\\s?[º°ª](?:\\s?[A-Z](?![\\p{L}]))?)`;
const CITY = `(?:(?:St|Ste|Mt|Ft)\\.\\s)?\\p{Lu}[\\p{L}'’/-]*(?:\\s(?:(?:am|an|im|de|del|la|le|sur|en|upon|on|di|aan|den|op|bei)\\s)?\\p{Lu}[\\p{L}'’/-]*){0,2}`;
const POSTCODE = `(?:[A-Z]{1,2}-)?(?:\\d{5}|\\d{4}\\s?[A-Z]{2}(?![\\p{L}])|\\d{4}|\\d{2}-\\d{3}|\\d{3}\\s\\d{2})`;
const UK_POSTCODE = `[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}`;
// Irish Eircodes ("D02 X285", "D6W …") and Canadian postal codes ("H3B 1A7").
const EIRCODE = `(?:[AC-FHKNPRTV-Y]\\d{2}|D6W)\\s?[0-9AC-FHKNPRTV-Y]{4}`;
const CA_POSTCODE = `[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d`;
const TOWN_WITH_POSTCODE = [
  `,?\\s+${POSTCODE}\\s+${CITY}`,
  // Town, then state and postcode (US "Austin, TX 78701", Australia "Sydney NSW 2000", Canada "Montréal, QC H3B 1A7")
  // or a British, Irish or Canadian postcode alone, after a comma or on the next line of a postal block.
  `(?:,\\s+|[ \\t]*\\n\\s*)${CITY},?\\s+(?:[A-Z]{2,3}\\s+(?:\\d{4,5}(?:-\\d{4})?|${CA_POSTCODE})|${UK_POSTCODE}|${EIRCODE}|${CA_POSTCODE})(?![\\p{L}\\p{N}])`,
  `,?\\s+${UK_POSTCODE}`,
].join('|');
// Streets without a type word ("28 Mount Pleasant", "Rosenthal 17") count only with a postcode and town after them.
const UNTYPED_REST = `\\s+(?:${NAME}\\s+){0,2}${NAME}(?=${UNIT}?(?:${TOWN_WITH_POSTCODE}))`;
const UNTYPED_NUMBER_LAST = `(?<![\\p{L}])${NAME}(?:\\s+${NAME})?${NUMBER_AFTER}(?=${TOWN_WITH_POSTCODE})`;
// The same without a postcode: an address only when the words before announce one ("wohne in der Höggen 107").
const ANNOUNCED_NUMBER_LAST = `(?<![\\p{L}])(?<announcedLast>${NAME}(?:\\s+${NAME})?)${NUMBER_AFTER}(?![.,:]\\d)`;

// A street line with no type word right after words that announce an address ("deliver to 727 The Maltings").
const ANNOUNCED_REST = `\\s+(?:${NAME}\\s+){0,2}${NAME}`;

const TOWN = `${TOWN_WITH_POSTCODE}|,\\s+${CITY}(?=\\s*(?:[.;!?)\\n]|$))`;

const TAIL = `${UNIT}?(?<town>${TOWN})?(?![\\p{L}\\p{N}])`;
const alternatives = (cores: readonly string[]) => cores.map((c) => `(?:${c})`).join('|');

// Both patterns are sticky: code finds the few places where an address can begin and tries the pattern
// there only, instead of letting it try every position of every text. Layouts that start with the
// house number begin at a number of one to five digits standing on its own; the character before it
// and the words announcing an untyped street are checked in code. Layouts that end in the house
// number begin at a word that comes before a short number, and are only tried in texts where a
// capitalised word comes right before a short number.
const NUMBER_FIRST = new RegExp(
  `${HOUSE_NUMBER}(?:${alternatives([EN_REST, FR_REST, UNTYPED_REST])}|(?<announced>${ANNOUNCED_REST}))${TAIL}`,
  'uy',
);
const NUMBER_LAST = new RegExp(`(?:${alternatives([...NUMBER_LAST_CORES, UNTYPED_NUMBER_LAST, ANNOUNCED_NUMBER_LAST])})${TAIL}`, 'uy');
/**
 * Whether a word with a capital letter in it comes right before a short number, as
 * `/\p{Lu}\S*,?\s+(?:n[º°.]?\s?|nr\.?\s?)?\d{1,4}(?![\p{N}])/u` would find, read in one pass: a
 * street that ends in its house number always has one ("Calle Mayor 5", "Lindenstraße 12").
 */
export function hasNumberLastHint(text: string): boolean {
  const n = text.length;
  let upper = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isWhiteSpace(c)) {
      if (!upper) upper = capitalWidth(text, i) > 0;
      continue;
    }
    if (!upper) continue;
    upper = false;
    let j = i;
    while (j < n && isWhiteSpace(text.charCodeAt(j))) j++;
    if (shortNumberAt(text, j)) return true;
    i = j - 1;
  }
  return false;
}

/** `(?:n[º°.]?\s?|nr\.?\s?)?\d{1,4}(?![\p{N}])` at `at`. */
function shortNumberAt(text: string, at: number): boolean {
  if (digitsEndAt(text, at)) return true;
  if (text.charCodeAt(at) !== 110 /* n */) return false;
  const c = text.charCodeAt(at + 1);
  const afterMark = c === 0xba || c === 0xb0 || c === 46 || (c === 114 /* r */ && text.charCodeAt(at + 2) === 46) ? (c === 114 ? at + 3 : at + 2) : -1;
  const afterR = c === 114 ? at + 2 : -1;
  for (const p of [at + 1, afterMark, afterR]) {
    if (p < 0) continue;
    if (digitsEndAt(text, p) || (isWhiteSpace(text.charCodeAt(p)) && digitsEndAt(text, p + 1))) return true;
  }
  return false;
}

/** One to four digits at `at`, with no further digit (of any script) after them. */
function digitsEndAt(text: string, at: number): boolean {
  let j = at;
  while (j < text.length && isDigit(text.charCodeAt(j))) j++;
  const count = j - at;
  if (count === 0 || count > 4 || j >= text.length) return count > 0 && count <= 4;
  const c = text.charCodeAt(j);
  if (c < 128) return true;
  return !NUMERIC.test(c >= 0xd800 && c <= 0xdbff ? text.slice(j, j + 2) : text[j]);
}

const NUMERIC = /^\p{N}/u;

const BEFORE_HOUSE = /[\p{L}\p{N}.,:/\-]/u;
// Words that announce an address, in the seven languages: a street with no type word counts right after
// one of them, a few words and then a colon or a word that leads to a place later ("deliver to", "address:",
// "Ich wohne jetzt in der", "Adresse de livraison :", "il mio indirizzo è", "stuur het pakket naar") —
// not after "shipped on" or "the address IP".
const ADDRESS_CUES =
  'address|deliver|delivered|delivery|ship|shipped|send|sent|live|lives|living|moved|adresse|anschrift|lieferadresse|' +
  'wohne|wohnt|wohnhaft|liefern|schicken|habite|domicile|domicilié|domiciliée|livraison|livrer|envoyez|courrier|dirección|' +
  'domicilio|vivo|envíe|envíelo|envíenlo|adres|woon|woont|woonadres|stuur|bezorg|indirizzo|abito|residente|spedite|spedire|' +
  'morada|endereço|moro';
const LEADING_TO_A_PLACE = 'to|at|in|into|an|nach|bei|à|au|aux|a|al|en|op|naar|bij|is|ist|est|es|è|lautet|der|dem|den|la|el|het';
const ANNOUNCING = new RegExp(
  `(?<![\\p{L}])(?:${ADDRESS_CUES})(?:(?:\\s+[\\p{L}'’]{1,10}){0,3}\\s*:|(?:\\s+[\\p{L}'’]{1,10}){0,2}\\s+(?:${LEADING_TO_A_PLACE}))\\s+$`,
  'iu',
);
/** Whether the words right before `start` announce an address. */
const announced = (text: string, start: number) => ANNOUNCING.test(text.slice(Math.max(0, start - 48), start));
const YEAR = /^(?:19|20)\d\d$/;

function push(out: Finding[], start: number, end: number, town: boolean): void {
  // A postcode or town makes a street line a full postal address.
  out.push(finding('STREET_ADDRESS', start, end, town ? 0.85 : 0.75, 'street-address'));
}

function collectNumberFirst(text: string, out: Finding[]): void {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let j = i + 1;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    // Only a number's first digit can begin a house number: any other has a digit before it, which
    // glues it to the number. A number of six digits or more is no house number.
    const start = i;
    i = j - 1;
    if (j - start > 5 || (start > 0 && BEFORE_HOUSE.test(text[start - 1]))) continue;
    // After the digits comes a space, a comma, a letter ("221B", "5bis", "12 ter") or a range ("12-14").
    if (j >= n || !mayFollowHouseNumber(text.charCodeAt(j))) continue;
    NUMBER_FIRST.lastIndex = start;
    const m = NUMBER_FIRST.exec(text);
    if (m === null) continue;
    if (m.groups?.announced !== undefined && !announced(text, start)) continue;
    const end = start + m[0].length;
    push(out, start, end, m.groups?.town !== undefined);
    i = end - 1;
  }
}

/**
 * Where an address that ends in its house number may begin: every word start (a character with no
 * letter before it) ahead of the text's last digit or "s/n", since every such address holds one.
 */
function collectNumberLast(text: string, out: Finding[]): void {
  let last = text.length - 1;
  while (last >= 0 && !isDigit(text.charCodeAt(last))) last--;
  const sn = text.lastIndexOf('s/n');
  if (sn > last) last = sn;
  for (let i = 0; i < last; i++) {
    if (i > 0 && isLetterAt(text, i - 1)) continue;
    if (!mayStartNumberLast(text, i)) continue;
    NUMBER_LAST.lastIndex = i;
    const m = NUMBER_LAST.exec(text);
    if (m === null) continue;
    const name = m.groups?.announcedLast;
    // A street with no type word and no postcode: only where announced, and not a place and a year ("Paris 2019").
    if (name !== undefined && (!announced(text, i) || YEAR.test(/\d+/.exec(m[0].slice(name.length))?.[0] ?? ''))) continue;
    const end = i + m[0].length;
    push(out, i, end, m.groups?.town !== undefined);
    i = end - 1;
  }
}

const LETTER = /\p{L}/u;

function mayFollowHouseNumber(c: number): boolean {
  return isWhiteSpace(c) || c === 44 || c === 45 || c === 47 || c === 116 /* t */ || (c >= 97 && c <= 104) || (c >= 65 && c <= 72);
}

// The words such an address may begin with in lower case: Polish street types ("ul. Długa 7") and a
// street word standing alone ("weg 5"); every other layout begins with a capital, or a "d'"/"l'"
// before one, or an ordinal ("3rd", "2e").
const LOWER_CASE_STARTS = new Set(
  [...TYPE_FIRST, ...COMPOUND_SUFFIX].filter((w) => /^[a-zä]/.test(w)).map((w) => w.replace(/\\\./g, '').replace(/\.$/, '')),
);
const ORDINAL_ENDINGS = new Set(['s', 'n', 'r', 't', 'e', 'è', 'º', 'ª']);

/** Whether an address that ends in its house number can begin at `i` (a word start). */
function mayStartNumberLast(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (capitalWidth(text, i) > 0) return true;
  if (isDigit(c)) {
    let j = i + 1;
    while (j < text.length && j - i <= 3 && isDigit(text.charCodeAt(j))) j++;
    return j - i <= 3 && ORDINAL_ENDINGS.has(text[j]);
  }
  if ((c === 100 || c === 108) && (text[i + 1] === "'" || text[i + 1] === '’')) return true;
  let j = i;
  while (j < text.length && isLetterAt(text, j)) j++;
  return j > i && LOWER_CASE_STARTS.has(text.slice(i, j));
}

/** Whether the code point ending at `i` is a letter, as the patterns' `(?<![\p{L}])` reads it. */
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) return LETTER.test(text.slice(i - 1, i + 1));
  return LETTER.test(text[i]);
}

export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  entities: ['STREET_ADDRESS'],
  applies: (stats: TextStats) => stats.digits >= 1 && stats.uppers >= 1,
  scan(text: string, out: Finding[]) {
    collectNumberFirst(text, out);
    if (hasNumberLastHint(text)) collectNumberLast(text, out);
  },
};
