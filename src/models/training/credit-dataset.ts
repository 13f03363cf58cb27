import { encodeRows, encodingWidth } from '../encoding.js';
import type { EncodingSpec } from '../model-schema.js';
import { CREDIT_SCHEMA, generateApplicants, type Applicant } from './credit-applicants.js';
import { fitEncoding } from './fit-encoding.js';
import { matrix, take, takeRows, type Matrix } from './matrix.js';
import { trainTestSplit } from './prng.js';

/** The seeds and sizes the credit demo models are built from; changing any changes the models. */
export const CREDIT_DATA = { seed: 2024, applicants: 12_000, splitSeed: 11, testFraction: 0.25 } as const;

/** Generated applicants, their train/test split, and the encoding fitted on the training part. */
export interface CreditDataset {
  applicants: Applicant[];
  train: Applicant[];
  test: Applicant[];
  encoding: EncodingSpec;
  xTrain: Matrix;
  xTest: Matrix;
}

export function creditDataset(): CreditDataset {
  const applicants = generateApplicants(CREDIT_DATA.applicants, CREDIT_DATA.seed);
  const split = trainTestSplit(applicants.length, CREDIT_DATA.testFraction, CREDIT_DATA.splitSeed);
  const train = take(applicants, split.train);
  const test = take(applicants, split.test);
  const encoding = fitEncoding(CREDIT_SCHEMA, train.map((a) => a.features));
  const width = encodingWidth(encoding);
  const encode = (rows: Applicant[]) => matrix(encodeRows(encoding, rows.map((a) => a.features)), width);
  return { applicants, train, test, encoding, xTrain: encode(train), xTest: encode(test) };
}

/** Each protected attribute's value per applicant, for per-group metrics. */
export const protectedColumns = (applicants: readonly Applicant[]): Record<string, string[]> => ({
  sex: applicants.map((a) => a.protected.sex),
  ageBand: applicants.map((a) => a.protected.ageBand),
  ethnicity: applicants.map((a) => a.protected.ethnicity),
});

/** A deterministic sample of encoded training rows: the background for Shapley explanations. */
export function baselineSample(x: Matrix, rows: number, seed: number): Matrix {
  const { test: picked } = trainTestSplit(x.rows, rows / x.rows, seed);
  return takeRows(x, picked);
}
