import { validateRows } from '../input-validation.js';
import { CREDIT_SCHEMA, generateApplicants, type Applicant } from './credit-applicants.js';

const rate = (applicants: Applicant[], test: (a: Applicant) => boolean) => applicants.filter(test).length / applicants.length;

describe('synthetic credit applicants', () => {
  const applicants = generateApplicants(6000, 17);
  const by = (key: keyof Applicant['protected'], value: string) => applicants.filter((a) => a.protected[key] === value);

  it('are a pure function of the seed', () => {
    expect(generateApplicants(50, 3)).toEqual(generateApplicants(50, 3));
    expect(generateApplicants(50, 3)).not.toEqual(generateApplicants(50, 4));
  });

  it('carry exactly the schema features, which pass validation, and keep protected attributes apart', () => {
    const names = CREDIT_SCHEMA.features.map((f) => f.name).sort();
    for (const a of applicants.slice(0, 200)) expect(Object.keys(a.features).sort()).toEqual(names);
    expect(validateRows(CREDIT_SCHEMA, applicants.map((a) => a.features), { maxRows: applicants.length })).toEqual({ rows: applicants.map((a) => a.features) });
  });

  it('place minority applicants mostly in the penalised regions', () => {
    const penalised = (a: Applicant) => a.features.postcodeRegion === 'east' || a.features.postcodeRegion === 'central';
    expect(rate(by('ethnicity', 'minority-a'), penalised)).toBeGreaterThan(0.65);
    expect(rate(by('ethnicity', 'majority'), penalised)).toBeLessThan(0.3);
  });

  it('make part-time work far more common among women', () => {
    const partTime = (a: Applicant) => a.features.employmentType === 'part-time';
    expect(rate(by('sex', 'female'), partTime)).toBeGreaterThan(3 * rate(by('sex', 'male'), partTime));
  });

  it('record historical approvals that fail the four-fifths rule by ethnicity', () => {
    const approved = (a: Applicant) => a.approved === 1;
    expect(rate(by('ethnicity', 'minority-a'), approved) / rate(by('ethnicity', 'majority'), approved)).toBeLessThan(0.8);
  });

  it('make true defaults depend on finances: the over-indebted default far more often', () => {
    const defaulted = (a: Applicant) => a.defaulted === 1;
    const heavy = applicants.filter((a) => a.features.debtToIncome > 0.5);
    const light = applicants.filter((a) => a.features.debtToIncome < 0.2);
    expect(rate(heavy, defaulted)).toBeGreaterThan(2 * rate(light, defaulted));
  });
});
