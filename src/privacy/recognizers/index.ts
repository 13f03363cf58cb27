import type { Recognizer } from '../entities.js';
import { dateOfBirthRecognizer } from './date-of-birth.js';
import { creditCardRecognizer, ibanRecognizer } from './financial.js';
import { deTaxIdRecognizer, esNifRecognizer, ukNinoRecognizer, usSsnRecognizer } from './national-ids.js';
import { emailRecognizer, ipAddressRecognizer, urlRecognizer } from './network.js';
import { createPhoneRecognizer, phoneRecognizer } from './phone.js';
import { personRecognizer } from './person.js';
import { streetAddressRecognizer } from './street-address.js';

export {
  createPhoneRecognizer,
  creditCardRecognizer,
  dateOfBirthRecognizer,
  deTaxIdRecognizer,
  emailRecognizer,
  esNifRecognizer,
  ibanRecognizer,
  ipAddressRecognizer,
  personRecognizer,
  phoneRecognizer,
  streetAddressRecognizer,
  ukNinoRecognizer,
  urlRecognizer,
  usSsnRecognizer,
};

/** Every built-in recognizer, the structured (checksummed) ones first. */
export const DEFAULT_RECOGNIZERS: readonly Recognizer[] = [
  emailRecognizer,
  urlRecognizer,
  ipAddressRecognizer,
  creditCardRecognizer,
  ibanRecognizer,
  usSsnRecognizer,
  ukNinoRecognizer,
  deTaxIdRecognizer,
  esNifRecognizer,
  phoneRecognizer,
  dateOfBirthRecognizer,
  streetAddressRecognizer,
  personRecognizer,
];
