/**
 * The declared contract of one model version: what it accepts, what it answers, how named
 * features become its input tensor, how its predictions are explained, and the model card a
 * regulator reads. A `ModelManifest` is plain JSON; the registry stores it beside the ONNX bytes
 * and never changes it once the version is registered.
 *
 * ONNX graph contract (checked by `onnxSignature`):
 * - one input `input`: float32 `[N, width]`, N symbolic, width = `encodingWidth(encoding)`;
 * - binary models: one output `score`: float32 `[N, 1]`, P(labels[1]) per row;
 * - multiclass models: one output `probabilities`: float32 `[N, K]`, K = labels.length, rows sum to 1,
 *   column k is P(labels[k]).
 */

/** Name of the single input tensor every Warden model reads. */
export const ONNX_INPUT = 'input';
/** Output of binary models: P(positive label), shape [N, 1]. */
export const ONNX_SCORE = 'score';
/** Output of multiclass models: class probabilities, shape [N, K]. */
export const ONNX_PROBABILITIES = 'probabilities';

// ---------------------------------------------------------------- input

interface FeatureBase {
  /** Key of the feature in an input row; also how explanations name it. */
  name: string;
  description?: string;
  /** When true the feature may be absent (or null) and `default` is used instead. */
  optional?: boolean;
}

export interface NumericFeature extends FeatureBase {
  type: 'numeric';
  min?: number;
  max?: number;
  /** Reject values with a fractional part. */
  integer?: boolean;
  /** Unit shown to users, e.g. "EUR per year"; documentation only. */
  unit?: string;
  default?: number;
}

export interface CategoricalFeature extends FeatureBase {
  type: 'categorical';
  /** The only accepted values, compared exactly (case-sensitive). */
  values: string[];
  default?: string;
}

export interface TextFeature extends FeatureBase {
  type: 'text';
  /** Maximum length in Unicode code points. */
  maxLength: number;
  default?: string;
}

export type FeatureSpec = NumericFeature | CategoricalFeature | TextFeature;
export type FeatureType = FeatureSpec['type'];

/** Every feature is required unless marked `optional`; features not listed are rejected. */
export interface InputSchema {
  features: FeatureSpec[];
}

/** One validated input row: feature name → number (numeric) or string (categorical, text). */
export type FeatureRow = Record<string, number | string>;

// ---------------------------------------------------------------- output

/** Binary classifier: ONNX output `score` [N,1] = P(labels[1]); predicted label is labels[1] iff score ≥ threshold. */
export interface BinaryOutput {
  kind: 'binary';
  /** [negative, positive]. */
  labels: [string, string];
  threshold: number;
  /** Name under which the score is reported to callers, e.g. `approvalProbability`. */
  scoreName: string;
}

/** K-class classifier: ONNX output `probabilities` [N,K]; predicted label is the arg-max. */
export interface MulticlassOutput {
  kind: 'multiclass';
  labels: string[];
}

export type OutputSchema = BinaryOutput | MulticlassOutput;

// ---------------------------------------------------------------- encoding

/**
 * How one validated row becomes one row of the float32 tensor `input`. Steps are applied in
 * order and their columns are concatenated; each step reads exactly one named feature.
 * Format version 1 is defined by `encodeRows` in encoding.ts.
 */
export interface EncodingSpec {
  version: 1;
  steps: EncodingStep[];
}

/** Width 1: (clip(x) − mean) / std. `clip` bounds the raw value before scaling. */
export interface StandardizeStep {
  kind: 'standardize';
  feature: string;
  mean: number;
  std: number;
  clip?: { min?: number; max?: number };
}

/** Width values.length: 1 in the column of the row's value, 0 elsewhere. */
export interface OneHotStep {
  kind: 'one-hot';
  feature: string;
  values: string[];
}

/**
 * Width `buckets`: signed feature hashing of the text's tokens.
 * Tokens: NFKC-normalised, lower-cased text split on runs of characters that are not Unicode
 * letters or digits. With `ngrams: 2`, adjacent token pairs joined by one space are added.
 * Each token's UTF-8 bytes are hashed with 32-bit FNV-1a; bucket = hash mod buckets, and the
 * count is added with sign −1 when the hash's top bit is set, else +1 (so collisions cancel
 * on average). The bucket vector is then scaled: `l2` divides by its Euclidean norm,
 * `log1p` maps each v to sign(v)·ln(1+|v|).
 */
export interface HashedTextStep {
  kind: 'hashed-text';
  feature: string;
  buckets: number;
  hash: 'fnv1a32';
  ngrams: 1 | 2;
  normalize: 'l2' | 'log1p';
}

export type EncodingStep = StandardizeStep | OneHotStep | HashedTextStep;

// ---------------------------------------------------------------- explanations

/**
 * Exact explanation of a logistic model: logit = bias + Σ_j weights[j]·x_j over encoded
 * columns; a feature's contribution is the sum over its columns. Weights are the float32 values
 * stored in the ONNX graph, so contributions add up to the logit of the served score.
 */
export interface LinearExplanation {
  kind: 'linear';
  space: 'logit';
  weights: number[];
  bias: number;
}

/**
 * Exact explanation of a softmax model, per class: logit_k = biases[k] + Σ_j weights[k][j]·x_j.
 * Contributions are to the unnormalised log-probability of the class being explained.
 */
export interface SoftmaxLinearExplanation {
  kind: 'linear-softmax';
  space: 'logit';
  /** K rows (one per output label) of `width` weights. */
  weights: number[][];
  biases: number[];
}

/**
 * Model-agnostic explanation: sampling Shapley values of the served score (probability space)
 * against a baseline of encoded training rows; see `explainShapley` in explain.ts.
 */
export interface ShapleyExplanation {
  kind: 'shapley';
  space: 'probability';
  /** Encoded rows drawn from the training data, row-major, `rows × width`. */
  baseline: { rows: number; data: number[] };
  /** Number of permutations per explained row (even: each comes with its reverse). */
  permutations: number;
}

export type ExplanationSpec = LinearExplanation | SoftmaxLinearExplanation | ShapleyExplanation;

// ---------------------------------------------------------------- model card

export type RiskClass = 'minimal' | 'limited' | 'high';

/** Metric name → value, e.g. { accuracy: 0.91, auc: 0.95, logLoss: 0.24 }. */
export type Metrics = Record<string, number>;

export interface GroupMetrics {
  /** Attribute the groups are cut by, e.g. `sex`; need not be a model input. */
  attribute: string;
  group: string;
  count: number;
  metrics: Metrics;
}

/** The facts EU AI Act Art. 13 and Annex IV ask a provider to state about a model. */
export interface ModelCard {
  provider: string;
  /** Model type and training method in one or two sentences. */
  architecture: string;
  intendedPurpose: string;
  intendedUsers: string;
  outOfScopeUses: string[];
  trainingData: {
    sources: string[];
    collection: string;
    preparation: string;
    trainRows: number;
    testRows: number;
  };
  evaluation: {
    /** What the metrics were computed on, e.g. "held-out 25 % split, seed 7". */
    dataset: string;
    overall: Metrics;
    perGroup: GroupMetrics[];
  };
  /** Known disparities, how they arise, and the measured impact ratios. */
  fairness?: {
    summary: string;
    /** attribute → lowest / highest group selection rate on the held-out data. */
    impactRatios: Record<string, number>;
  };
  limitations: string[];
  humanOversight: string;
  contact: string;
}

// ---------------------------------------------------------------- manifest

/** Everything a registry needs to register, serve, explain and document one model version. */
export interface ModelManifest {
  manifestVersion: 1;
  name: string;
  /** Semantic version, `MAJOR.MINOR.PATCH`. */
  version: string;
  description: string;
  riskClass: RiskClass;
  /** Purposes (as consent knows them) this version may be used for. */
  allowedPurposes: string[];
  input: InputSchema;
  output: OutputSchema;
  encoding: EncodingSpec;
  explanation: ExplanationSpec;
  card: ModelCard;
  /** An input row that passes `validateRows(input, [example])`. */
  example: FeatureRow;
  /** Lower-case hex sha256 of the ONNX bytes. */
  sha256: string;
}

// ---------------------------------------------------------------- graph signature

export interface TensorSignature {
  name: string;
  type: 'float32';
  /** null marks the symbolic batch dimension. */
  shape: (number | null)[];
}

/** The ONNX inputs and outputs a graph must have to serve this contract. */
export function onnxSignature(width: number, output: OutputSchema): { inputs: TensorSignature[]; outputs: TensorSignature[] } {
  const out =
    output.kind === 'binary'
      ? { name: ONNX_SCORE, type: 'float32' as const, shape: [null, 1] }
      : { name: ONNX_PROBABILITIES, type: 'float32' as const, shape: [null, output.labels.length] };
  return { inputs: [{ name: ONNX_INPUT, type: 'float32', shape: [null, width] }], outputs: [out] };
}

/** Output tensor name for an output schema. */
export const onnxOutputName = (output: OutputSchema): string => (output.kind === 'binary' ? ONNX_SCORE : ONNX_PROBABILITIES);
