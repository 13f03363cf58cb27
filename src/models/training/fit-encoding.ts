import type { EncodingSpec, EncodingStep, FeatureRow, InputSchema } from '../model-schema.js';

export interface FitOptions {
  /** Hashed-text settings for every text feature. */
  text?: { buckets: number; ngrams: 1 | 2; normalize: 'l2' | 'log1p' };
}

/**
 * Derives the encoding spec of a schema from training rows: numeric features are standardised
 * with the rows' mean and (population) standard deviation and clipped to their declared range;
 * categorical features are one-hot over their declared values; text features are hashed.
 */
export function fitEncoding(schema: InputSchema, rows: readonly FeatureRow[], options: FitOptions = {}): EncodingSpec {
  const steps = schema.features.map((feature): EncodingStep => {
    switch (feature.type) {
      case 'numeric': {
        const values = rows.map((r) => r[feature.name] as number);
        const mean = values.reduce((s, v) => s + v, 0) / values.length;
        const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
        const std = variance > 0 ? Math.sqrt(variance) : 1;
        const clip = feature.min !== undefined || feature.max !== undefined ? { min: feature.min, max: feature.max } : undefined;
        return { kind: 'standardize', feature: feature.name, mean: tidy(mean), std: tidy(std), ...(clip ? { clip } : {}) };
      }
      case 'categorical':
        return { kind: 'one-hot', feature: feature.name, values: [...feature.values] };
      case 'text': {
        const text = options.text ?? { buckets: 1024, ngrams: 1, normalize: 'l2' };
        return { kind: 'hashed-text', feature: feature.name, hash: 'fnv1a32', ...text };
      }
    }
  });
  return { version: 1, steps };
}

/** Scaling constants rounded to 6 significant digits: exact in JSON, identical on every rebuild. */
const tidy = (x: number): number => Number(x.toPrecision(6));
