import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/config.module.js';
import { Db } from '../database/db.js';
import { DomainError } from '../common/errors.js';
import { compileEncoding, encodeRows, encodingWidth, type RowEncoder } from './encoding.js';
import { explainLinear, explainShapley, explainSoftmaxLinear, type Explanation } from './explain.js';
import { validateRows } from './input-validation.js';
import type { CatalogVersion } from './model-catalog.js';
import { ModelCatalog } from './model-catalog.js';
import { ONNX_INPUT, onnxOutputName, type EncodingSpec, type FeatureRow, type ModelManifest } from './model-schema.js';
import { ModelsRepository } from './models.repository.js';
import { OnnxRuntime, type LoadedGraph } from './onnx-runtime.js';
import { decodeOutputs, type Prediction } from './predictions.js';
import { compileRowBatch, type RowBatch } from './row-batch.js';
import { SessionCache } from './session-cache.js';
import { TensorPool } from './tensor-pool.js';

/** What serving one manifest needs, worked out once: widths, names and compiled code. */
interface ServingPlan {
  width: number;
  outputName: string;
  /** Null for a spec this version of the encoder refuses; `encodeRows` then says why, in `predict`. */
  encoder: RowEncoder | null;
  batch: RowBatch | null;
  /**
   * Encode while validating. Only for models without text inputs: redaction rewrites text between
   * validation and inference, and nothing else changes the rows in between.
   */
  encodeEarly: boolean;
}

/**
 * Validates rows against a version's schema, encodes them exactly as in training, runs them as one
 * tensor through the version's shared onnxruntime session, and explains the answers.
 */
@Injectable()
export class InferenceEngine implements OnApplicationShutdown {
  private readonly sessions: SessionCache<LoadedGraph>;
  private readonly plans = new WeakMap<ModelManifest, ServingPlan>();
  /** Input tensors encoded by `validate`, for `predict` to run when it is handed the same rows. */
  private readonly encoded = new WeakMap<FeatureRow[], { spec: EncodingSpec; data: Float32Array }>();
  private readonly tensors = new TensorPool();

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

  /**
   * 400 naming the feature and rule, or 413 when there are more rows than one call may carry.
   * Valid rows of a model without text inputs are encoded here, in the same pass; `predict` runs
   * that tensor when it gets this very array back, so the rows must not be edited in between.
   */
  validate(manifest: ModelManifest, inputs: unknown): FeatureRow[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const fast = list.length > 0 && list.length <= this.config.maxRowsPerCall ? this.accept(manifest, list) : null;
    if (fast) return fast;
    const result = validateRows(manifest.input, list, { maxRows: this.config.maxRowsPerCall, path: 'inputs' });
    if ('rows' in result) return result.rows;
    const tooMany = result.problems.find((p) => p.rule === 'maxRows');
    if (tooMany) throw new DomainError('TOO_MANY_ROWS', tooMany.message, { limit: this.config.maxRowsPerCall });
    const first = result.problems[0];
    throw new DomainError('VALIDATION_FAILED', `${first.field}: ${first.message}`, { fields: result.problems });
  }

  /** Labelled predictions of validated rows; throws UncomputableRow when the model gives some row no number. */
  async predict(version: CatalogVersion, rows: FeatureRow[]): Promise<Prediction[]> {
    const { manifest } = version;
    const plan = this.plan(manifest);
    const graph = await this.sessions.get(version.id);
    const data = this.takeEncoded(rows, manifest.encoding, plan.width) ?? this.encode(plan, rows, manifest.encoding);
    let tensor: Float32Array;
    try {
      tensor = await graph.run(ONNX_INPUT, data, [rows.length, plan.width], plan.outputName);
    } finally {
      // The run has read its input by the time it settles.
      this.tensors.give(data);
    }
    return decodeOutputs(manifest.output, tensor, rows.length);
  }

  private plan(manifest: ModelManifest): ServingPlan {
    let plan = this.plans.get(manifest);
    if (!plan) {
      let encoder: RowEncoder | null = null;
      try {
        encoder = compileEncoding(manifest.encoding);
      } catch {
        // Validation does not depend on the encoding; predict reports the encoding's problem.
      }
      const batch = compileRowBatch(manifest.input, manifest.encoding);
      const text = manifest.input.features.some((f) => f.type === 'text');
      plan = {
        width: encoder?.width ?? 0,
        outputName: onnxOutputName(manifest.output),
        encoder,
        batch,
        encodeEarly: encoder !== null && !text && batch?.encodes === true,
      };
      this.plans.set(manifest, plan);
    }
    return plan;
  }

  /** The compiled check (and encoding) of a batch within the row limits; null leaves the answer to validateRows. */
  private accept(manifest: ModelManifest, list: unknown[]): FeatureRow[] | null {
    const plan = this.plan(manifest);
    if (!plan.batch) return null;
    if (!plan.encodeEarly) return plan.batch.accept(list);
    const data = this.tensors.take(list.length * plan.width);
    const rows = plan.batch.accept(list, data);
    if (rows) this.encoded.set(rows, { spec: manifest.encoding, data });
    else this.tensors.give(data);
    return rows;
  }

  private takeEncoded(rows: FeatureRow[], spec: EncodingSpec, width: number): Float32Array | undefined {
    const entry = this.encoded.get(rows);
    if (!entry) return undefined;
    this.encoded.delete(rows);
    return entry.spec === spec && entry.data.length === rows.length * width ? entry.data : undefined;
  }

  private encode(plan: ServingPlan, rows: FeatureRow[], spec: EncodingSpec): Float32Array {
    if (!plan.encoder) return encodeRows(spec, rows);
    const data = this.tensors.take(rows.length * plan.width);
    try {
      plan.encoder.encode(rows, data);
    } catch (error) {
      this.tensors.give(data);
      throw error;
    }
    return data;
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
