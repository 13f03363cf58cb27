/** Public surface of the privacy engine: pure functions, no framework, no IO. */
export { ENTITY_TYPES, isEntityType, type EntityType, type Finding, type Recognizer, type TextStats } from './entities.js';
export {
  createAnalyzer,
  defaultAnalyzer,
  resolveOverlaps,
  DEFAULT_MIN_SCORE,
  DEFAULT_TIME_BUDGET_MS,
  type AnalyzeOptions,
  type Analyzer,
} from './analyzer.js';
export { RedactionFailedError } from './errors.js';
export {
  OPERATOR_NAMES,
  TokenDecryptionError,
  canonicalValue,
  createOperator,
  decryptToken,
  unredact,
  type Operator,
  type OperatorName,
  type OperatorOptions,
} from './operators.js';
export {
  cannotHoldPii,
  createRedactor,
  redact,
  redactBatch,
  scrub,
  warmUpDefaultRedactor,
  type Redaction,
  type RedactedEntity,
  type RedactOptions,
  type Redactor,
  type ScrubOptions,
} from './redactor.js';
export { DEFAULT_RECOGNIZERS } from './recognizers/index.js';
