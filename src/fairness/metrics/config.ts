import { DomainError } from '../../common/errors.js';
import { attributeNames, attributeSubsets, type Cell } from './cells.js';
import type { RateName } from './rates.js';

/** What a group must have for a metric to be judged: enough rows, labelled rows, or scored rows. */
export type Family = 'selection' | 'scoring' | 'label';

export type MetricName =
  | 'impactRatio'
  | 'scoringImpactRatio'
  | 'demographicParityDifference'
  | 'demographicParityRatio'
  | 'equalOpportunityDifference'
  | 'falsePositiveRateDifference'
  | 'equalizedOddsDifference'
  | 'predictiveParityDifference';

export interface MetricDefinition {
  family: Family;
  /** Ratios pass at value ≥ threshold; differences pass at |value| ≤ threshold. */
  kind: 'ratio' | 'difference';
  /** The rates compared; equalized odds compares two and keeps the larger gap. */
  rates: RateName[];
  /** Against the group with the highest rate (impact ratios), or the audit's reference group. */
  against: 'most-favoured' | 'reference';
  title: string;
}

export const METRICS: Record<MetricName, MetricDefinition> = {
  impactRatio: { family: 'selection', kind: 'ratio', rates: ['selectionRate'], against: 'most-favoured', title: 'impact ratio (selection rate)' },
  scoringImpactRatio: { family: 'scoring', kind: 'ratio', rates: ['scoringRate'], against: 'most-favoured', title: 'impact ratio (scoring rate)' },
  demographicParityDifference: { family: 'selection', kind: 'difference', rates: ['selectionRate'], against: 'reference', title: 'demographic parity difference' },
  demographicParityRatio: { family: 'selection', kind: 'ratio', rates: ['selectionRate'], against: 'reference', title: 'demographic parity ratio' },
  equalOpportunityDifference: { family: 'label', kind: 'difference', rates: ['tpr'], against: 'reference', title: 'equal opportunity difference (TPR)' },
  falsePositiveRateDifference: { family: 'label', kind: 'difference', rates: ['fpr'], against: 'reference', title: 'false positive rate difference' },
  equalizedOddsDifference: { family: 'label', kind: 'difference', rates: ['tpr', 'fpr'], against: 'reference', title: 'equalized odds difference' },
  predictiveParityDifference: { family: 'label', kind: 'difference', rates: ['precision'], against: 'reference', title: 'predictive parity difference (precision)' },
};

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** A null threshold turns the metric's verdicts off; the metric is still computed and compared. */
export type Thresholds = Record<MetricName, number | null>;

export const DEFAULT_THRESHOLDS: Thresholds = {
  impactRatio: 0.8,
  scoringImpactRatio: 0.8,
  demographicParityDifference: 0.1,
  demographicParityRatio: null,
  equalOpportunityDifference: 0.1,
  falsePositiveRateDifference: null,
  equalizedOddsDifference: 0.1,
  predictiveParityDifference: null,
};

export interface AuditConfig {
  /** The protected attributes to audit; all attributes the cells carry when absent. */
  attributes?: string[];
  /** The attribute sets to group by; every non-empty subset of `attributes` when absent. */
  groupBy?: string[][];
  /**
   * The reference group for differences, by attribute value (e.g. { sex: 'Male', race: 'White' });
   * a grouping uses it when it names a value for each of its attributes. Otherwise the eligible
   * group with the highest selection rate.
   */
  reference?: Record<string, string>;
  /** Groups with fewer rows (or labeled rows, or scored rows, for those metrics) get no verdict. */
  minGroupSize?: number;
  /** Groups under this share of all rows get no verdict (LL144: 2 %). */
  minShare?: number;
  confidence?: number;
  /** A difference is significant when its two-sided p-value is below alpha. */
  alpha?: number;
  thresholds?: Partial<Thresholds>;
}

export interface ResolvedAuditConfig {
  attributes: string[];
  groupBy: string[][];
  reference: Record<string, string> | null;
  minGroupSize: number;
  minShare: number;
  confidence: number;
  alpha: number;
  thresholds: Thresholds;
}

export const DEFAULTS = { minGroupSize: 30, minShare: 0.02, confidence: 0.95, alpha: 0.05 } as const;

const refuse = (field: string, why: string): DomainError => new DomainError('VALIDATION_FAILED', `config.${field} ${why}`, { field: `config.${field}` });

/** Fills in defaults and refuses settings that would make an audit meaningless. */
export function resolveConfig(config: AuditConfig, cells: readonly Cell[]): ResolvedAuditConfig {
  const attributes = config.attributes ?? attributeNames(cells);
  if (attributes.length === 0) throw refuse('attributes', 'must name at least one protected attribute');
  if (new Set(attributes).size !== attributes.length) throw refuse('attributes', 'must not repeat an attribute');
  if (attributes.length > 6) throw refuse('attributes', 'must name at most 6 attributes (each subset is a grouping)');
  const groupBy = config.groupBy ?? attributeSubsets(attributes);
  groupBy.forEach((g, i) => {
    if (g.length === 0) throw refuse(`groupBy[${i}]`, 'must name at least one attribute');
    if (new Set(g).size !== g.length) throw refuse(`groupBy[${i}]`, 'must not repeat an attribute');
    const stray = g.find((a) => !attributes.includes(a));
    if (stray !== undefined) throw refuse(`groupBy[${i}]`, `names ${stray}, which is not among the audited attributes`);
  });
  const minGroupSize = config.minGroupSize ?? DEFAULTS.minGroupSize;
  if (!Number.isSafeInteger(minGroupSize) || minGroupSize < 0) throw refuse('minGroupSize', 'must be a non-negative integer');
  const minShare = config.minShare ?? DEFAULTS.minShare;
  if (!(minShare >= 0 && minShare < 1)) throw refuse('minShare', 'must lie in [0, 1)');
  const confidence = config.confidence ?? DEFAULTS.confidence;
  if (!(confidence > 0 && confidence < 1)) throw refuse('confidence', 'must lie in (0, 1)');
  const alpha = config.alpha ?? DEFAULTS.alpha;
  if (!(alpha > 0 && alpha < 1)) throw refuse('alpha', 'must lie in (0, 1)');
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const [name, value] of Object.entries(config.thresholds ?? {})) {
    if (value === undefined) continue;
    if (!(name in METRICS)) throw refuse(`thresholds.${name}`, `is not a metric; known: ${METRIC_NAMES.join(', ')}`);
    if (value !== null && !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw refuse(`thresholds.${name}`, 'must be a non-negative number or null');
    }
    thresholds[name as MetricName] = value;
  }
  return { attributes, groupBy, reference: config.reference ?? null, minGroupSize, minShare, confidence, alpha, thresholds };
}
