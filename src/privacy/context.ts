import type { EntityType, Finding } from './entities.js';

/**
 * Words near a finding that make it more or less likely to be what it looks like. Positive words are
 * looked for among the words shortly before the finding; negative words only as the last word before
 * it ("order 4111…", "Bestellung Nr. 4111…"), which then outranks anything said further back.
 */
interface ContextRule {
  positive?: ReadonlySet<string>;
  negative?: ReadonlySet<string>;
}

const POSITIVE_WINDOW = 48;
export const CONTEXT_BOOST = 0.3;
export const CONTEXT_PENALTY = 0.35;

const set = (list: readonly string[]) => new Set(list);

const REFERENCE_WORDS = set([
  'order', 'invoice', 'ref', 'reference', 'ticket', 'tracking', 'sku', 'serial', 'version', 'build', 'incident', 'case',
  'batch', 'bestellung', 'bestellnummer', 'rechnung', 'rechnungsnummer',
  'auftrag', 'vorgang', 'artikel', 'sendung', 'commande', 'facture', 'référence', 'dossier', 'pedido', 'factura',
  'referencia', 'envío', 'bestelling', 'factuur', 'referentie', 'zending', 'ordine', 'fattura', 'riferimento', 'spedizione',
]);
// Words between a reference word and its number: "order no. 4111", "Bestellung Nr. 4111", "invoice number 4111".
const NUMBER_WORDS = set(['no', 'nr', 'number', 'num', 'id', 'n°', 'nº', 'nummer', 'numéro', 'número', 'numero']);

const RULES: Partial<Record<EntityType, ContextRule>> = {
  PHONE: {
    positive: set([
      'phone', 'tel', 'telephone', 'mobile', 'cell', 'call', 'ring', 'text', 'sms', 'whatsapp', 'fax', 'reach', 'contact',
      'number', 'hotline', 'telefon', 'handy', 'mobil', 'anrufen', 'rufnummer', 'erreichbar', 'handynummer', 'téléphone',
      'portable', 'appeler', 'joindre', 'appelez-moi', 'teléfono', 'móvil', 'llamar', 'llámame', 'telefoon', 'mobiel',
      'bellen', 'bel', 'telefono', 'cellulare', 'chiamare', 'chiamami', 'numero', 'número', 'numéro', 'nummer',
    ]),
    negative: REFERENCE_WORDS,
  },
  CREDIT_CARD: {
    positive: set([
      'card', 'credit', 'debit', 'visa', 'mastercard', 'amex', 'cc', 'pan', 'kreditkarte', 'karte', 'kartennummer', 'carte',
      'tarjeta', 'kaart', 'creditcard', 'kaartnummer', 'carta', 'paid', 'payment', 'charged', 'charge',
    ]),
    negative: REFERENCE_WORDS,
  },
  IBAN: {
    positive: set(['iban', 'account', 'bank', 'konto', 'compte', 'cuenta', 'rekening', 'conto', 'sepa', 'transfer', 'bancaire', 'bancaria']),
  },
  // No reference words for SSNs: a 3-2-4 number is redacted even after "ref", a leak costing far more than a lost reference.
  US_SSN: {
    positive: set(['ssn', 'social', 'security', 'ss#', 'ss']),
  },
  UK_NINO: {
    positive: set(['national', 'insurance', 'ni', 'nino', 'nin']),
  },
  DE_TAX_ID: {
    positive: set([
      'steuer-id', 'steuerid', 'steuer-idnr', 'steueridentifikationsnummer', 'identifikationsnummer', 'idnr', 'steuernummer',
      'tax', 'tin', 'steuerliche', 'steuer',
    ]),
    negative: REFERENCE_WORDS,
  },
  ES_NIF: {
    positive: set(['nif', 'dni', 'nie', 'documento', 'identidad', 'id']),
  },
  STREET_ADDRESS: {
    positive: set([
      'address', 'live', 'lives', 'living', 'ship', 'deliver', 'delivery', 'moved', 'adresse', 'anschrift', 'wohne',
      'wohnhaft', 'lieferadresse', 'domicile', 'habite', "j'habite", 'dirección', 'domicilio', 'vivo', 'adres', 'woon',
      'woonadres', 'indirizzo', 'abito', 'residente', 'morada', 'endereço',
    ]),
  },
  IP_ADDRESS: {
    positive: set(['ip', 'host', 'server', 'client', 'login', 'connected', 'address', 'adresse', 'dirección', 'adres', 'indirizzo', 'ip-adresse', 'ip-adres']),
    negative: set(['version', 'ver', 'build', 'release', 'firmware', 'update', 'patch', 'versión', 'versione', 'versie']),
  },
};

const WORD_CHAR = /[\p{L}\p{N}'’-]/u;

/** Whether the code point ending at `i` is a word character (`[\p{L}\p{N}'’-]`); its width, 0 if not. */
function wordCharWidthBefore(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 39 || c === 45 ? 1 : 0;
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return WORD_CHAR.test(s.slice(i - 2, i)) ? 2 : WORD_CHAR.test(s[i - 1]) ? 1 : 0;
  return WORD_CHAR.test(s[i - 1]) ? 1 : 0;
}

/**
 * The words of `window` from the last to the first, as `/[\p{L}\p{N}'’-]+/gu` would find them, handed
 * to `visit` until it returns true; whether it did.
 */
function someWordBackwards(window: string, visit: (word: string, first: boolean) => boolean): boolean {
  let end = window.length;
  while (end > 0) {
    let width = wordCharWidthBefore(window, end);
    if (width === 0) {
      end--;
      continue;
    }
    let start = end;
    while (width > 0) {
      start -= width;
      width = start > 0 ? wordCharWidthBefore(window, start) : 0;
    }
    let before = start;
    while (before > 0 && wordCharWidthBefore(window, before) === 0) before--;
    if (visit(window.slice(start, end), before === 0)) return true;
    end = start;
  }
  return false;
}

/** The last word before `start`, skipping "no."/"Nr."/"#"/":" between it and the value. */
function lastWord(text: string, start: number): string {
  const window = text.slice(Math.max(0, start - 32), start).toLowerCase();
  let found = '';
  someWordBackwards(window, (word, first) => {
    found = word;
    return first || !NUMBER_WORDS.has(word);
  });
  return found.replace(TRAILING_JOINERS, '');
}

const TRAILING_JOINERS = /['’-]+$/;

function anyWordIn(text: string, start: number, words: ReadonlySet<string>): boolean {
  const window = text.slice(Math.max(0, start - POSITIVE_WINDOW), start).toLowerCase();
  // The first word may be cut off by the window.
  const cut = window.length === POSITIVE_WINDOW;
  return someWordBackwards(window, (word, first) => !(first && cut) && words.has(word));
}

/** The finding's score after looking at the words before it. */
export function contextScore(text: string, finding: Finding): number {
  const rule = RULES[finding.type];
  if (!rule) return finding.score;
  // The word right before a value names it more surely than words further back: "version 4.2.0.1"
  // is a version even when "client" or "server" came earlier in the sentence.
  if (rule.negative && rule.negative.has(lastWord(text, finding.start))) {
    return round(Math.max(0, finding.score - CONTEXT_PENALTY));
  }
  if (rule.positive && anyWordIn(text, finding.start, rule.positive)) return round(Math.min(1, finding.score + CONTEXT_BOOST));
  return finding.score;
}

const round = (score: number) => Math.round(score * 1000) / 1000;
