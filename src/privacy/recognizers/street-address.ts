import type { Finding, Recognizer, TextStats } from '../entities.js';

/**
 * Street addresses in the common European and North American layouts:
 *  - number first, type word last (US/UK/IE/CA/AU): "221B Baker Street", "4521 Oak Ave Apt 5"
 *  - number first, type word first (FR, BE): "12 rue de la Paix", "5 bis avenue Victor Hugo"
 *  - type word first, number last (ES/IT/PT/PL, FR-CH): "Calle de Alcalá 45", "Via Roma 10", "ul. Długa 7"
 *  - compound street word, number last (DE/AT/CH/NL/Nordics): "Lindenstraße 12", "Keizersgracht 123", "Kyrkgatan 4"
 * each optionally followed by a unit and a postcode and town, which belong to the address too.
 */

const NAME = `(?:(?:[dl]['’])?\\p{Lu}[\\p{L}'’]*(?:[-.]\\p{L}[\\p{L}'’]*)*|\\d{1,3}(?:st|nd|rd|th|e|ème|º|ª))`;
const PARTICLE = `(?:de|del|della|delle|dei|degli|di|da|do|dos|das|la|las|los|el|les|le|du|des|d'|l'|d’|l’|y|e|of|the|am|an|auf|im|in|der|den|dem|het|van|von|zum|zur|aan|op|'t|sur|sous)`;

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
const FR_TYPE = [
  'rue', 'avenue', 'av\\.', 'boulevard', 'bd', 'place', 'allée', 'chemin', 'impasse', 'quai', 'route', 'cours', 'passage',
  'voie', 'square', 'chaussée', 'rond-point', 'sentier', 'parvis', 'promenade', 'faubourg', 'fg',
];
const TYPE_FIRST = [
  'Calle', 'C/', 'Avenida', 'Avda\\.', 'Avd\\.', 'Av\\.', 'Paseo', 'Pº', 'Plaza', 'Pza\\.', 'Camino', 'Carretera', 'Ctra\\.',
  'Ronda', 'Travesía', 'Glorieta', 'Rambla', 'Passeig', 'Carrer', 'Via', 'Viale', 'V\\.le', 'Piazza', 'P\\.za', 'P\\.zza',
  'Corso', 'C\\.so', 'Largo', 'Vicolo', 'Strada', 'Piazzale', 'Lungomare', 'Contrada', 'Borgo', 'Rua', 'Travessa', 'Praça',
  'Estrada', 'ul\\.', 'ulica', 'al\\.', 'aleja', 'os\\.', 'Rue', 'Avenue', 'Boulevard', 'Chemin', 'Route', 'Place', 'Quai',
  'Allée', 'Impasse', 'Straße', 'Strasse',
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
const TOWN_WITH_POSTCODE = [
  `,?\\s+${POSTCODE}\\s+${CITY}`,
  `,\\s+${CITY},?\\s+(?:[A-Z]{2}\\s+\\d{5}(?:-\\d{4})?|${UK_POSTCODE})`,
  `,?\\s+${UK_POSTCODE}`,
].join('|');
// Streets without a type word ("28 Mount Pleasant", "Rosenthal 17") count only with a postcode and town after them.
const UNTYPED_REST = `\\s+(?:${NAME}\\s+){0,2}${NAME}(?=${UNIT}?(?:${TOWN_WITH_POSTCODE}))`;
const UNTYPED_NUMBER_LAST = `(?<![\\p{L}])${NAME}(?:\\s+${NAME})?${NUMBER_AFTER}(?=${TOWN_WITH_POSTCODE})`;

// A street line with no type word right after words that announce an address ("deliver to 727 The Maltings").
const ANNOUNCED_REST = `\\s+(?:${NAME}\\s+){0,2}${NAME}`;

const TOWN = `${TOWN_WITH_POSTCODE}|,\\s+${CITY}(?=\\s*(?:[.;!?)\\n]|$))`;

const TAIL = `${UNIT}?(?<town>${TOWN})?(?![\\p{L}\\p{N}])`;
const alternatives = (cores: readonly string[]) => cores.map((c) => `(?:${c})`).join('|');

// Layouts that start with the house number begin with a digit, so the pattern does too (a leading
// look-behind would be tried at every position of every text); the character before it and the words
// announcing an untyped street are checked in code. Layouts that end in the house number are only
// tried in texts where a capitalised word comes right before a short number.
const NUMBER_FIRST = new RegExp(
  `${HOUSE_NUMBER}(?:${alternatives([EN_REST, FR_REST, UNTYPED_REST])}|(?<announced>${ANNOUNCED_REST}))${TAIL}`,
  'gu',
);
const NUMBER_LAST = new RegExp(`(?:${alternatives([...NUMBER_LAST_CORES, UNTYPED_NUMBER_LAST])})${TAIL}`, 'gu');
const NUMBER_LAST_HINT = new RegExp(`\\p{Lu}\\S*,?\\s+(?:n[º°.]?\\s?|nr\\.?\\s?)?\\d{1,4}(?![\\p{N}])`, 'u');
const BEFORE_HOUSE = /[\p{L}\p{N}.,:/\-]/u;
const ANNOUNCING = /(?:deliver(?:ed)? to|ship(?:ped)? to|send (?:it )?to|sent to|live at|lives at|living at|moved to|address is|address:)\s+$/i;

function push(out: Finding[], start: number, end: number, town: boolean): void {
  // A postcode or town makes a street line a full postal address.
  out.push({ type: 'STREET_ADDRESS', start, end, score: town ? 0.85 : 0.75, recognizer: 'street-address' });
}

function collectNumberFirst(text: string, out: Finding[]): void {
  NUMBER_FIRST.lastIndex = 0;
  for (let m = NUMBER_FIRST.exec(text); m !== null; m = NUMBER_FIRST.exec(text)) {
    const glued = m.index > 0 && BEFORE_HOUSE.test(text[m.index - 1]);
    const unannounced = m.groups?.announced !== undefined && !ANNOUNCING.test(text.slice(Math.max(0, m.index - 24), m.index));
    if (glued || unannounced) {
      NUMBER_FIRST.lastIndex = m.index + 1;
      continue;
    }
    push(out, m.index, m.index + m[0].length, m.groups?.town !== undefined);
  }
}

function collectNumberLast(text: string, out: Finding[]): void {
  NUMBER_LAST.lastIndex = 0;
  for (let m = NUMBER_LAST.exec(text); m !== null; m = NUMBER_LAST.exec(text)) {
    push(out, m.index, m.index + m[0].length, m.groups?.town !== undefined);
  }
}

export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  entities: ['STREET_ADDRESS'],
  applies: (stats: TextStats) => stats.digits >= 1 && stats.uppers >= 1,
  scan(text: string, out: Finding[]) {
    collectNumberFirst(text, out);
    if (NUMBER_LAST_HINT.test(text)) collectNumberLast(text, out);
  },
};
