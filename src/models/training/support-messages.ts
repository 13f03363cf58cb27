import { Faker, base, de, en, en_GB, en_US, es, fr, it as italian } from '@faker-js/faker';
import { intBetween, mulberry32, pick, type Rng } from './prng.js';

/**
 * A generated corpus of customer-support messages for the topic-router demo model. Messages
 * read like real ones and carry personal data — names, phone numbers, e-mail addresses, and
 * in billing messages IBANs and card numbers — so that the PII stage has real work in the demo.
 * Names and contact details are drawn independently of the topic, so they carry no signal.
 */

export const TOPICS = ['billing', 'technical', 'account', 'cancellation', 'delivery'] as const;
export type Topic = (typeof TOPICS)[number];

export interface SupportMessage {
  text: string;
  topic: Topic;
}

interface Person {
  first: string;
  full: string;
  email: string;
  phone: string;
  faker: Faker;
}

type Slot = (p: Person, rng: Rng) => string;

const invoice: Slot = (_p, rng) => String(intBetween(rng, 1000, 99999));
const order: Slot = (_p, rng) => `${pick(rng, ['A', 'B', 'K', 'W'])}${intBetween(rng, 100000, 999999)}`;
const amount: Slot = (_p, rng) => `${pick(rng, ['€', '£', '$'])}${intBetween(rng, 5, 480)}.${String(intBetween(rng, 0, 99)).padStart(2, '0')}`;
const product: Slot = (p) => p.faker.commerce.productName();
const device = (_p: Person, rng: Rng): string => pick(rng, ['iPhone', 'Android phone', 'laptop', 'Windows PC', 'Mac', 'tablet', 'smart TV', 'router']);
const error = (_p: Person, rng: Rng): string => pick(rng, ['error 403', 'error 500', 'a blank screen', 'a spinning wheel', 'code E-17', '"session expired"']);
const iban: Slot = (p) => p.faker.finance.iban({ formatted: true });
const card: Slot = (p) => p.faker.finance.creditCardNumber();

/** Sentences per topic; `{x}` slots are filled by the functions in `SLOTS`. Some overlap on purpose. */
const TEMPLATES: Record<Topic, string[]> = {
  billing: [
    'I was charged twice for invoice {invoice}, {amount} each time.',
    'Invoice {invoice} shows {amount} but my plan costs less. Can you check the bill?',
    'Please refund the overcharge of {amount} to my IBAN {iban}.',
    'My card {card} was debited {amount} without any explanation.',
    'Why did my monthly payment go up to {amount}? Nobody told me about a price change.',
    'I need a copy of invoice {invoice} with our VAT number for the accounts department.',
    'The direct debit failed and now there is a late fee of {amount} on my account.',
    'You billed me for {product} which I never ordered.',
    'Can I pay invoice {invoice} by bank transfer instead of card?',
    'The refund you promised for invoice {invoice} has still not arrived.',
  ],
  technical: [
    'The app crashes on my {device} every time I open the settings page.',
    'I keep getting {error} when I try to upload a file.',
    'Since the last update the {device} app is extremely slow and logs me out.',
    'Your website shows {error} after I click on checkout.',
    'Sync between my {device} and the web version stopped working yesterday.',
    'Notifications do not arrive on my {device} any more, I tried reinstalling.',
    'The {product} I connected is not recognised, the setup wizard ends with {error}.',
    'Video calls drop after a few minutes on my {device}, the connection seems fine otherwise.',
    'Export to PDF produces an empty file, is this a known bug?',
    'I cannot connect the {device} to the service, it says {error}.',
  ],
  account: [
    'I forgot my password and the reset link never arrives.',
    'Please change the e-mail address on my account to {email}.',
    'My account is locked after too many login attempts, can you unlock it?',
    'I want to add my colleague as a second user on our company account.',
    'How do I turn on two-factor authentication for my profile?',
    'Someone logged into my account from another country, I did not do that.',
    'Please update my phone number to {phone} in my profile.',
    'I have two accounts by mistake, can you merge them?',
    'I cannot change my username, the button is greyed out.',
    'Please send me a copy of all the personal data you hold about me.',
  ],
  cancellation: [
    'I would like to cancel my subscription at the end of this month.',
    'Please close my account and delete my data, I no longer need the service.',
    'How do I end my contract? I cannot find a cancel button anywhere.',
    'I cancelled last week but you still charged me {amount}, please confirm the cancellation.',
    'I am moving abroad and want to terminate the contract early.',
    'Please stop the automatic renewal of my plan, I do not want to continue.',
    'I want to cancel order {order} before it ships.',
    'Your price increase is too much, I am cancelling my membership.',
    'Confirm in writing that my subscription has been terminated, please.',
    'I signed up by accident during the trial, please cancel it right away.',
  ],
  delivery: [
    'My order {order} has not arrived yet, the tracking has not changed for a week.',
    'The parcel with order {order} arrived damaged, the {product} is broken.',
    'I received the wrong item: I ordered {product} but got something else.',
    'Can you deliver order {order} to my office instead of my home address?',
    'The courier says order {order} was delivered but nothing is at my door.',
    'Part of order {order} is missing, only one of the two boxes came.',
    'When will the {product} be back in stock and shipped?',
    'I would like to return the {product} from order {order}, how do I get a label?',
    'Delivery was promised for Monday and it is now Friday, where is my package?',
    'The tracking link for order {order} shows an error page.',
  ],
};

const SLOTS: Record<string, Slot> = {
  invoice,
  order,
  amount,
  product,
  device,
  error,
  iban,
  card,
  email: (p) => p.email,
  phone: (p) => p.phone,
};

const OPENERS: ((p: Person) => string)[] = [
  (p) => `Hi, I'm ${p.full}.`,
  (p) => `Hello, this is ${p.full}.`,
  (p) => `Dear support team, my name is ${p.full}.`,
  () => 'Hello.',
  () => 'Good morning!',
  () => 'Hi there.',
  () => '',
];

const CLOSERS: ((p: Person) => string)[] = [
  (p) => `Please call me on ${p.phone}.`,
  (p) => `You can reach me at ${p.email} or ${p.phone}.`,
  (p) => `Thanks, ${p.full} (${p.email})`,
  (p) => `My number is ${p.phone} if you need anything.`,
  (p) => `Regards, ${p.first}`,
  (p) => `Reply to ${p.email}, thank you.`,
  () => 'Thanks in advance.',
  () => '',
];

/** Phone formats that pass national numbering-plan checks, filled with random digits. */
const PHONE_FORMATS = [
  '+44 20 7946 0###',
  '+44 7911 ######',
  '020 7946 0###',
  '+1 202 555 01##',
  '(415) 555-01##',
  '+49 30 901820##',
  '+49 151 ########',
  '+33 6 ## ## ## ##',
  '+34 612 ## ## ##',
  '+39 347 ### ####',
];

function person(fakers: Faker[], rng: Rng): Person {
  const faker = pick(rng, fakers);
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const phone = pick(rng, PHONE_FORMATS).replace(/#/g, () => String(intBetween(rng, 0, 9)));
  return { first: firstName, full: `${firstName} ${lastName}`, email: faker.internet.email({ firstName, lastName }).toLowerCase(), phone, faker };
}

/** Share of messages that also mention a second topic; the first sentence decides the label. */
export const SECOND_TOPIC_RATE = 0.2;

/** `count` messages, topics in equal shares, all drawn from `seed`. */
export function generateSupportMessages(count: number, seed: number): SupportMessage[] {
  const rng = mulberry32(seed);
  // Own instances, so that seeding them does not disturb anyone else's use of faker.
  const fakers = [en_GB, en_US, de, fr, es, italian].map((locale, i) => {
    const faker = new Faker({ locale: [locale, en, base] });
    faker.seed(seed * 31 + i);
    return faker;
  });
  return Array.from({ length: count }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length];
    const who = person(fakers, rng);
    const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_m, slot: string) => SLOTS[slot](who, rng));
    const body = [fill(pick(rng, TEMPLATES[topic]))];
    // Real messages wander: some add a sentence about another topic after the main one.
    if (rng.next() < SECOND_TOPIC_RATE) body.push(fill(pick(rng, TEMPLATES[pick(rng, TOPICS.filter((t) => t !== topic))])));
    const text = [pick(rng, OPENERS)(who), ...body, pick(rng, CLOSERS)(who)].filter(Boolean).join(' ');
    return { text, topic };
  });
}
