import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { DomainError } from '../common/errors.js';
import { encodeRows, encodingWidth } from './encoding.js';
import { explainLinear, explainShapley, explainSoftmaxLinear, type Explanation } from './explain.js';
import { validateRows } from './input-validation.js';
import type { CatalogVersion } from './model-catalog.js';
import { ModelCatalog } from './model-catalog.js';
import { ONNX_INPUT, onnxOutputName, type FeatureRow, type ModelManifest } from './model-schema.js';
import { ModelsRepository } from './models.repository.js';
import { OnnxRuntime, type LoadedGraph } from './onnx-runtime.js';
import { decodeOutputs, type Prediction } from './predictions.js';
import { SessionCache } from './session-cache.js';

/**
 * Validates rows against a version's schema, encodes them exactly as in training, runs them as one
 * tensor through the version's shared onnxruntime session, and explains the answers.
 */
@Injectable()
export class InferenceEngine implements OnApplicationShutdown {
  private readonly sessions: SessionCache<LoadedGraph>;

  constructor(
    @Inject(OnnxRuntime) private readonly runtime: OnnxRuntime,
    @Inject(ModelsRepository) private readonly repo: ModelsRepository,
    @Inject(Db) private readonly db: Db,
    @Inject(ModelCatalog) catalog: ModelCatalog,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.sessions = new SessionCache(config.modelCacheSize, async (id) => runtime.load(await db.platform(() => repo.onnxBytes(id))));
    catalog.onChange((changed) => changed.filter((v) => v.status === 'retired').forEach((v) => this.sessions.drop(v.id)));
  }

  /** 400 naming the feature and rule, or 413 when there are more rows than one call may carry. */
  validate(manifest: ModelManifest, inputs: unknown): FeatureRow[] {
    const result = validateRows(manifest.input, Array.isArray(inputs) ? inputs : [inputs], {
      maxRows: this.config.maxRowsPerCall,
      path: Array.isArray(inputs) ? 'inputs' : 'inputs',
    });
    if ('rows' in result) return result.rows;
    const tooMany = result.problems.find((p) => p.rule === 'maxRows');
    if (tooMany) throw new DomainError('TOO_MANY_ROWS', tooMany.message, { limit: this.config.maxRowsPerCall });
    const first = result.problems[0];
    throw new DomainError('VALIDATION_FAILED', `${first.field}: ${first.message}`, { fields: result.problems });
  }

  async predict(version: CatalogVersion, rows: FeatureRow[]): Promise<Prediction[]> {
    const { manifest } = version;
    const graph = await this.sessions.get(version.id);
    const width = encodingWidth(manifest.encoding);
    const tensor = await graph.run(ONNX_INPUT, encodeRows(manifest.encoding, rows), [rows.length, width], onnxOutputName(manifest.output));
    return decodeOutputs(manifest.output, tensor, rows.length);
  }

  /** Per-feature contributions to each prediction: exact for linear models, sampled Shapley values otherwise. */
  async explain(version: CatalogVersion, rows: FeatureRow[], predictions: Prediction[]): Promise<Explanation[]> {
    const { manifest } = version;
    const graph = await this.sessions.get(version.id);
    return this.explainWith(manifest, graph, encodeRows(manifest.encoding, rows), predictions, rows.length, encodingWidth(manifest.encoding));
  }

  /** Loads a graph without caching it: used to vet an upload. */
  load(bytes: Uint8Array): Promise<LoadedGraph> {
    return this.runtime.load(bytes);
  }

  private explainWith(manifest: ModelManifest, graph: LoadedGraph, encoded: Float32Array, predictions: Prediction[], rows: number, width: number): Promise<Explanation[]> {
    const spec = manifest.explanation;
    switch (spec.kind) {
      case 'linear':
        return Promise.resolve(explainLinear(spec, manifest.encoding, encoded, rows));
      case 'linear-softmax': {
        const labels = manifest.output.labels as string[];
        return Promise.resolve(explainSoftmaxLinear(spec, manifest.encoding, encoded, rows, predictions.map((p) => labels.indexOf(p.label))));
      }
      case 'shapley':
        return explainShapley(
          {
            predictor: (batch, n) => graph.run(ONNX_INPUT, batch, [n, width], onnxOutputName(manifest.output)),
            encoding: manifest.encoding,
            baseline: spec.baseline,
            permutations: spec.permutations,
            seed: 1,
          },
          encoded,
          rows,
        );
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.sessions.clear();
  }
}
