import type { FeatureRow, InputSchema } from '../model-schema.js';
import { bernoulli, mulberry32, normal, weighted, type Rng } from './prng.js';

/**
 * Synthetic loan applicants for the credit demo models, generated from a seed (no download).
 *
 * Each applicant has protected attributes (sex, age band, ethnicity) that are never model
 * inputs, financial features that are, and two labels:
 * - `defaulted`: the true outcome, which depends on the financial features alone;
 * - `approved`: a historical underwriting decision, which follows the true risk but also
 *   penalises two proxies: living in the `east` or `central` postcode regions (where minority
 *   applicants mostly live — the shape of historical redlining) and part-time employment (far
 *   more common among women here). A model trained on `approved` inherits that disparity without
 *   ever seeing ethnicity or sex, which is what a bias audit fed the protected attributes of
 *   consenting subjects should find.
 */

export const SEXES = ['female', 'male'] as const;
export const AGE_BANDS = ['18-24', '25-39', '40-59', '60+'] as const;
export const ETHNICITIES = ['majority', 'minority-a', 'minority-b'] as const;
export const REGIONS = ['north', 'south', 'east', 'west', 'central'] as const;
export const EMPLOYMENT = ['full-time', 'part-time', 'self-employed', 'unemployed', 'retired'] as const;
export const HOUSING = ['own', 'mortgage', 'rent'] as const;

export interface ProtectedAttributes {
  sex: (typeof SEXES)[number];
  ageBand: (typeof AGE_BANDS)[number];
  ethnicity: (typeof ETHNICITIES)[number];
}

export interface CreditFeatures extends FeatureRow {
  annualIncome: number;
  loanAmount: number;
  debtToIncome: number;
  creditHistoryYears: number;
  latePayments12m: number;
  employmentType: (typeof EMPLOYMENT)[number];
  postcodeRegion: (typeof REGIONS)[number];
  housing: (typeof HOUSING)[number];
}

export interface Applicant {
  /** Position in the generated sequence; stable for a seed. */
  id: number;
  features: CreditFeatures;
  protected: ProtectedAttributes;
  /** Historical underwriting decision (biased through the proxies described above). */
  approved: 0 | 1;
  /** True outcome: the loan was not repaid. */
  defaulted: 0 | 1;
}

/** Input schema shared by the credit demo models. */
export const CREDIT_SCHEMA: InputSchema = {
  features: [
    { name: 'annualIncome', type: 'numeric', min: 0, max: 1_000_000, integer: true, unit: 'EUR per year', description: 'Gross annual income' },
    { name: 'loanAmount', type: 'numeric', min: 500, max: 500_000, integer: true, unit: 'EUR', description: 'Amount applied for' },
    { name: 'debtToIncome', type: 'numeric', min: 0, max: 2, description: 'Existing monthly debt payments over monthly income' },
    { name: 'creditHistoryYears', type: 'numeric', min: 0, max: 70, integer: true, description: 'Years since the first credit account' },
    { name: 'latePayments12m', type: 'numeric', min: 0, max: 12, integer: true, optional: true, default: 0, description: 'Payments more than 30 days late in the last 12 months' },
    { name: 'employmentType', type: 'categorical', values: [...EMPLOYMENT], description: 'Current employment' },
    { name: 'postcodeRegion', type: 'categorical', values: [...REGIONS], description: 'Region of the residential postcode' },
    { name: 'housing', type: 'categorical', values: [...HOUSING], description: 'Housing situation' },
  ],
};

/** Where each group lives: minority applicants are concentrated in `east` and `central`. */
const REGION_BY_ETHNICITY: Record<ProtectedAttributes['ethnicity'], [CreditFeatures['postcodeRegion'], number][]> = {
  majority: [['north', 26], ['south', 26], ['east', 11], ['west', 26], ['central', 11]],
  'minority-a': [['north', 8], ['south', 8], ['east', 45], ['west', 9], ['central', 30]],
  'minority-b': [['north', 12], ['south', 12], ['east', 25], ['west', 11], ['central', 40]],
};

/** Employment by sex (before retirement): part-time work is far more common among women. */
const EMPLOYMENT_BY_SEX: Record<ProtectedAttributes['sex'], [CreditFeatures['employmentType'], number][]> = {
  female: [['full-time', 52], ['part-time', 30], ['self-employed', 10], ['unemployed', 8]],
  male: [['full-time', 70], ['part-time', 8], ['self-employed', 15], ['unemployed', 7]],
};

const BASE_INCOME: Record<CreditFeatures['employmentType'], number> = {
  'full-time': 46_000,
  'part-time': 24_000,
  'self-employed': 42_000,
  unemployed: 11_000,
  retired: 26_000,
};

const AGE_RANGE: Record<ProtectedAttributes['ageBand'], [number, number]> = { '18-24': [18, 24], '25-39': [25, 39], '40-59': [40, 59], '60+': [60, 80] };

/** The underwriters' penalties that carry the disparity (in logit units of approval). */
export const INJECTED_PENALTIES = { region: { east: 2.0, central: 1.6 }, partTime: 2.2 } as const;

export function generateApplicants(count: number, seed: number): Applicant[] {
  const rng = mulberry32(seed);
  return Array.from({ length: count }, (_, id) => applicant(rng, id));
}

function applicant(rng: Rng, id: number): Applicant {
  const sex = weighted(rng, [['female', 50], ['male', 50]] as const);
  const ageBand = weighted(rng, [['18-24', 15], ['25-39', 35], ['40-59', 35], ['60+', 15]] as const);
  const ethnicity = weighted(rng, [['majority', 70], ['minority-a', 18], ['minority-b', 12]] as const);
  const [lo, hi] = AGE_RANGE[ageBand];
  const age = lo + rng.next() * (hi - lo + 1);

  const postcodeRegion = weighted(rng, REGION_BY_ETHNICITY[ethnicity]);
  const employmentType = age >= 63 && bernoulli(rng, 0.75) ? 'retired' : weighted(rng, EMPLOYMENT_BY_SEX[sex]);
  const ageFactor = age < 25 ? 0.7 : age < 40 ? 1 : age < 60 ? 1.15 : 0.9;
  const regionFactor = postcodeRegion === 'east' ? 0.92 : postcodeRegion === 'central' ? 0.95 : 1;
  const annualIncome = clamp(round(BASE_INCOME[employmentType] * ageFactor * regionFactor * Math.exp(normal(rng, 0, 0.35)), 100), 0, 1_000_000);
  const loanAmount = clamp(round(Math.max(annualIncome, 12_000) * Math.exp(normal(rng, Math.log(0.35), 0.55)), 500), 500, 500_000);
  const debtToIncome = clamp(Number((normal(rng, 0.28, 0.12) + (employmentType === 'unemployed' ? 0.15 : 0)).toFixed(3)), 0, 2);
  const creditHistoryYears = clamp(Math.floor(age - 18 - rng.next() * 6), 0, 70);
  const lateRate = 0.25 + 2.5 * Math.max(0, debtToIncome - 0.35) + (annualIncome < 20_000 ? 0.4 : 0);
  const latePayments12m = clamp(poisson(rng, lateRate), 0, 12);
  const ownOdds = Math.max(0, age - 25) / 20 + annualIncome / 80_000;
  const housing = weighted(rng, [['own', ownOdds * 0.6], ['mortgage', ownOdds], ['rent', 1.2]] as const);
  const features: CreditFeatures = { annualIncome, loanAmount, debtToIncome, creditHistoryYears, latePayments12m, employmentType, postcodeRegion, housing };

  const risk = defaultLogit(features);
  const defaulted = bernoulli(rng, sigmoid(risk)) ? 1 : 0;
  const penalty =
    (postcodeRegion === 'east' ? INJECTED_PENALTIES.region.east : postcodeRegion === 'central' ? INJECTED_PENALTIES.region.central : 0) +
    (employmentType === 'part-time' ? INJECTED_PENALTIES.partTime : 0);
  const approved = bernoulli(rng, sigmoid(0.6 - 1.5 * (risk + 1.6) - penalty)) ? 1 : 0;
  return { id, features, protected: { sex, ageBand, ethnicity }, approved, defaulted };
}

/** True default risk: non-linear in the financial features, blind to region, sex and ethnicity. */
export function defaultLogit(f: CreditFeatures): number {
  const burden = f.loanAmount / Math.max(f.annualIncome, 1_000);
  return (
    -2.2 +
    8 * Math.max(0, f.debtToIncome - 0.4) +
    0.4 * f.latePayments12m +
    (f.latePayments12m >= 2 ? 1.0 : 0) +
    1.5 * Math.max(0, burden - 0.6) +
    (f.annualIncome < 25_000 && burden > 0.4 ? 1.4 : 0) +
    (f.creditHistoryYears < 3 ? 0.8 : -0.03 * Math.min(f.creditHistoryYears, 20)) +
    (f.employmentType === 'unemployed' ? 1.0 : f.employmentType === 'self-employed' ? 0.3 : 0) -
    0.4 * Math.log(Math.max(f.annualIncome, 1_000) / 40_000)
  );
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const round = (x: number, step: number): number => Math.round(x / step) * step;
const clamp = (x: number, min: number, max: number): number => Math.min(Math.max(x, min), max);

function poisson(rng: Rng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}
