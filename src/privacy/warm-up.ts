import { warmUpPhonePlans } from './recognizers/phone.js';
import type { Redactor } from './redactor.js';

/**
 * V8 compiles a regular expression when it is first used — separately for one-byte and two-byte
 * text, and to machine code on the second use. For the address and date patterns that takes tens
 * of milliseconds, which would otherwise fall on the first requests after start and eat into their
 * time budget (a cold start under load could fail closed). The compiled code also settles on the
 * shapes of its data only once every path has run. The service has the default redactor redact and
 * scrub these texts twice as it starts (`warmUpDefaultRedactor`), and tries every phone numbering
 * plan it knows on an example number, so that both costs are paid then.
 */
const SAMPLES = [
  [
    'Hi Jana Novak, mail jana@example.com or see https://www.example.com/a. Host 192.168.1.20, fe80::1:2.',
    'Card 4111 1111 1111 1111, IBAN GB29 NWBK 6016 1331 9268 19, SSN 536-22-1234, NI QQ 12 34 56 C,',
    'Steuer-ID 65929970489, DNI 12345678Z. Call +44 20 7946 0958 or (212) 555-0187. Born on March 12, 1985.',
    'Please deliver to 221B Baker Street, London NW1 6XE or 12 rue de la Paix, 75002 Paris. Regards, Mr. Brown',
  ],
  [
    'Order no. 015123456789 shipped; the client runs version 4.2.0.1, ticket INC0012345. Please ship to 727 The Maltings.',
    'Flat 4, 28 Mount Pleasant, Leeds LS6 2AB. Kind regards,\nBrennan Okafor. Geachte dhr. van der Heijden, Sig.ra Esposito',
    'Our office in Buenos Aires and the Customer Success team: the Galaxy Watch 5 for Jean-Luc de la Fontaine, 3/12 Oak Lane.',
  ],
  [
    'Grüße von Jürgen Müller – Lieferadresse Lindenstraße 12, 10115 Berlin; Calle de Alcalá 45, 28014 Madrid;',
    'Via Roma 10, 00184 Roma; 28 Mount Pleasant, Leeds LS6 2AB. Geboren am 12.03.1985, né le 3 mars 1990.',
    'Tél. 01 42 68 53 00, Handy 0151 23456789, móvil 612 345 678, +33 6 12 34 56 78, € 1.234,56, Frau Dr. Weiß',
  ],
  // Joined at run time into flat strings, the kind analysis sees in service (a `+` of literals would
  // leave a rope behind, and teach the compiled code to expect ropes).
].map((lines) => lines.join(' '));

export function warmUp(redactor: Redactor): void {
  warmUpPhonePlans();
  for (let round = 0; round < 2; round++) {
    for (const text of SAMPLES) {
      redactor.redact(text, { timeBudgetMs: Number.POSITIVE_INFINITY });
      redactor.redact(text);
      redactor.scrub({ text, id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' }, { timeBudgetMs: Number.POSITIVE_INFINITY });
    }
  }
}
