import { createHash } from 'node:crypto';
import type { GroupMetrics, ModelManifest } from '../model-schema.js';
import { groupRates, round } from './metrics.js';

/** A built model version: its manifest and the ONNX bytes the manifest's sha256 names. */
export interface ModelArtefact {
  manifest: ModelManifest;
  onnx: Uint8Array;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Float32 values written as the shortest decimal (9 significant digits) that reads back as the
 * same float32: the weights in a manifest are exactly those in the ONNX graph, in half the text.
 */
export const float32Json = (values: ArrayLike<number>): number[] => Array.from(values, (v) => Number(Math.fround(v).toPrecision(9)));

/** Held-out metrics per group of each protected attribute, for a model card. */
export function perGroupMetrics(
  attributes: Record<string, string[]>,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold: number,
  names: { selectionRate: string; baseRate: string },
): GroupMetrics[] {
  return Object.entries(attributes).flatMap(([attribute, groups]) =>
    groupRates(groups, labels, scores, threshold).map((r) => ({
      attribute,
      group: r.group,
      count: r.count,
      metrics: {
        [names.selectionRate]: round(r.selectionRate),
        [names.baseRate]: round(r.baseRate),
        accuracy: round(r.accuracy),
        truePositiveRate: round(r.truePositiveRate),
      },
    })),
  );
}
