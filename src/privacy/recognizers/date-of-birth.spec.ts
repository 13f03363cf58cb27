import { defaultAnalyzer } from '../analyzer.js';

// These tables are about what is found, not how fast: no time budget to trip over on a busy machine.
const UNTIMED = 60_000;

const found = (text: string) => defaultAnalyzer.analyze(text, { entities: ['DATE_OF_BIRTH'], timeBudgetMs: UNTIMED }).map((f) => text.slice(f.start, f.end));

describe('DATE_OF_BIRTH', () => {
  it.each([
    ['I was born on 12 March 1985 in Leeds.', '12 March 1985'],
    ['DOB: 03/12/1985', '03/12/1985'],
    ['D.O.B. 1985-03-12', '1985-03-12'],
    ['Date of birth March 12, 1985', 'March 12, 1985'],
    ['Geburtsdatum: 12.03.1985', '12.03.1985'],
    ['Ich bin am 12.03.1985 geboren.', '12.03.1985'],
    ['geb. 12. März 1985', '12. März 1985'],
    ['Né le 12/03/1985 à Lyon', '12/03/1985'],
    ['Fecha de nacimiento: 12 de marzo de 1985', '12 de marzo de 1985'],
    ['Nací el 12/03/1985', '12/03/1985'],
    ['Geboortedatum: 12-03-1985', '12-03-1985'],
    ['nata il 12 marzo 1985', '12 marzo 1985'],
    ['12.03.1985 (DOB)', '12.03.1985'],
    ['I was born on the 3rd of May 1990.', '3rd of May 1990'],
    ['born 12-Mar-1985, Leeds', '12-Mar-1985'],
  ])('finds it in %p', (text, value) => {
    expect(found(text)).toEqual([value]);
  });

  it.each([
    'The meeting is on 12 March 2024.',
    'Invoice dated 12/03/2024, due 2024-04-12.',
    'Delivered on 14.03.2024 at 10:30.',
    'Version 12.03.1985 of the form', // no word about birth
    'Born to run. The tour starts on 12/03/2024 — see you.', // the cue belongs to another sentence
    'Meeting on 12-Mar-2025 about the 3rd of May 2026 launch.',
  ])('finds none in %p', (text) => {
    expect(found(text)).toEqual([]);
  });
});
