import { defaultAnalyzer } from '../analyzer.js';

// These tables are about what is found, not how fast: no time budget to trip over on a busy machine.
const UNTIMED = 60_000;

const found = (text: string) => defaultAnalyzer.analyze(text, { entities: ['PERSON'], timeBudgetMs: UNTIMED }).map((f) => text.slice(f.start, f.end));

describe('PERSON', () => {
  it.each([
    // introductions, greetings and sign-offs
    ['My name is Jana Novak and I need help.', ['Jana Novak']],
    ['Hi Oyelaran, thanks for the update.', ['Oyelaran']],
    ['Kind regards,\nBrennan Okafor', ['Brennan Okafor']],
    ['Mit freundlichen Grüßen\nJana Kowalczyk', ['Jana Kowalczyk']],
    ["Je m'appelle Amélie Durand.", ['Amélie Durand']],
    ['Me llamo Lucía Fernández García.', ['Lucía Fernández García']],
    // a given name that is also a word, introduced, before an initial
    ['My name is May T. Dickinson.', ['May T. Dickinson']],
    // titles, including a surname that is also a word
    ['Please ask Mr. Brown to call back.', ['Brown']],
    ['Sehr geehrte Frau Dr. Lustenberger,', ['Lustenberger']],
    ['Geachte dhr. van der Heijden,', ['van der Heijden']],
    ['Gentile Sig.ra Esposito, grazie.', ['Esposito']],
    // no cue: a run of name-like words, a verb after it
    ['Vern Wuckert called about the refund.', ['Vern Wuckert']],
    // surnames glued to a lower-case particle
    ["Please cc Jean d'Ormesson today.", ["Jean d'Ormesson"]],
    ['Dr. Ahmed bin Rashid al-Maktoum wrote back.', ['Ahmed bin Rashid al-Maktoum']],
    ['Please forward the contract to Ida Kaczor before Friday.', ['Ida Kaczor']],
    ["Shawna DuBuque's application was approved.", ['Shawna DuBuque']],
    ['The form was signed by Sean O’Brien and Remo D’Amato.', ['Sean O’Brien', 'Remo D’Amato']],
    ['Vincent van Gogh and J. R. Ewing', ['Vincent van Gogh', 'J. R. Ewing']],
    // a number after a name that is not a model number: a phone, a card
    ['Jana Novak 020 7946 0958', ['Jana Novak']],
    ['Jana Novak 4111 1111 1111 1111', ['Jana Novak']],
  ])('finds %p', (text, names) => {
    expect(found(text)).toEqual(names);
  });

  it.each([
    'Thanks again for the quick help.', // a capitalised sentence start
    'The Customer Success team meets on Monday.', // a heading
    'Our office in Buenos Aires closes at 17:00.', // a place
    'Flights from New York were delayed.',
    'My PlayStation 5 and the ThinkPad X1 Carbon both broke.', // products
    'Can you check whether the Galaxy Watch is covered?',
    'The Galaxy S24 and the Pixel 8a and the iPhone 15 Pro all sync.',
    'Schmidt GmbH sent the invoice.', // a company
    'Die Rechnung für die Lieferung kam am Montag.', // German nouns
    'Hi Team, the Quarterly Business Review moved.',
    'Version 10 of Microsoft Teams is out.',
  ])('finds none in %p', (text) => {
    expect(found(text)).toEqual([]);
  });
});
