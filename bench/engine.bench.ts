/**
 * The inference engine against onnxruntime-node called directly, on the same model and rows:
 * `npm run build && node dist/bench/engine.bench.js [rounds]` (default 7).
 *
 * - direct: session.run on a tensor encoded beforehand (onnxruntime alone; a lower bound).
 * - direct+encode, the baseline: what a caller of onnxruntime-node must do with rows — encode them
 *   with the model's own encoder (`encodeRows`, the function the trainer uses, into a new tensor)
 *   and call session.run on its own session. No validation, raw output floats.
 * - engine: `InferenceEngine.validate` on the raw rows and `InferenceEngine.predict` on what it
 *   returns, as the pipeline's validate and infer stages call them: schema validation of untrusted
 *   rows, encoding, the shared session from the cache, labelled predictions.
 * - reused buffer: the baseline encoding into one buffer kept across calls instead (`compileEncoding`),
 *   the least a direct caller could spend; shown for reference.
 *
 * Overhead = engine / baseline − 1. The variants take turns in every round (each timing `calls`
 * calls and keeping the median), so that load from other processes falls on all of them alike;
 * the table gives the median over rounds of each variant's µs and of the per-round overheads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import type { AppConfig } from '../src/config/config.module.js';
import type { Db } from '../src/database/db.js';
import { compileEncoding, encodeRows, encodingWidth } from '../src/models/encoding.js';
import { InferenceEngine } from '../src/models/inference-engine.js';
import type { CatalogVersion, ModelCatalog } from '../src/models/model-catalog.js';
import { ONNX_INPUT, onnxOutputName, type FeatureRow, type ModelManifest } from '../src/models/model-schema.js';
import type { ModelsRepository } from '../src/models/models.repository.js';
import { OnnxRuntime } from '../src/models/onnx-runtime.js';
import { machine, percentile } from './machine.js';

const root = process.cwd();
const rounds = Number(process.argv[2] ?? 7);

function load(name: string) {
  const manifest = JSON.parse(readFileSync(path.join(root, `models/${name}.json`), 'utf8')) as ModelManifest;
  return { name, manifest, bytes: readFileSync(path.join(root, `models/${name}.onnx`)), width: encodingWidth(manifest.encoding), output: onnxOutputName(manifest.output) };
}

/** Rows that differ from each other, as a request body would carry them (parsed JSON). */
function rowsOf(manifest: ModelManifest, n: number): FeatureRow[] {
  const rows = Array.from({ length: n }, (_, i) => {
    const row: FeatureRow = { ...manifest.example };
    for (const f of manifest.input.features) {
      if (f.type === 'numeric') row[f.name] = Math.min(f.max ?? 1e9, Math.max(f.min ?? 0, (row[f.name] as number) + (i % 7)));
      if (f.type === 'text') row[f.name] = `${row[f.name]} order ${i}`.slice(0, f.maxLength);
    }
    return row;
  });
  return JSON.parse(JSON.stringify(rows)) as FeatureRow[];
}

/** Median µs per call over `calls` calls. */
async function time(calls: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return percentile(samples.sort((a, b) => a - b), 50) * 1000;
}

function engineFor(bytes: Uint8Array): InferenceEngine {
  const repo = { onnxBytes: async () => bytes } as unknown as ModelsRepository;
  const db = { platform: <T>(work: () => Promise<T>) => work() } as unknown as Db;
  const catalog = { onChange: () => undefined } as unknown as ModelCatalog;
  const config = { modelCacheSize: 4, maxRowsPerCall: 1000 } as AppConfig;
  return new InferenceEngine(new OnnxRuntime(), repo, db, catalog, config);
}

const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);
const fmt = (us: number): string => (us < 100 ? us.toFixed(1) : Math.round(us).toLocaleString('en-US'));

async function main(): Promise<void> {
  console.log(`Inference engine vs onnxruntime-node called directly — ${machine()}, ${rounds} rounds\n`);
  console.log('| model | batch | direct µs | direct+encode µs (baseline) | engine µs | engine overhead | reused-buffer baseline µs | overhead vs that | engine rows/s |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const model of [load('credit-approval@1.0.0'), load('support-router@1.0.0')]) {
    const { manifest, bytes, width, output } = model;
    const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', executionMode: 'sequential', intraOpNumThreads: 1, interOpNumThreads: 1 });
    const engine = engineFor(bytes);
    const version = { id: model.name, manifest } as unknown as CatalogVersion;
    for (const batch of [1, 32, 1000]) {
      const rows = rowsOf(manifest, batch);
      const encoded = encodeRows(manifest.encoding, rows);
      const reused = new Float32Array(batch * width);
      const encoder = compileEncoding(manifest.encoding);
      const run = (data: Float32Array) => session.run({ [ONNX_INPUT]: new ort.Tensor('float32', data, [batch, width]) }, [output]);
      const variants = {
        direct: () => run(encoded),
        baseline: () => run(encodeRows(manifest.encoding, rows)),
        engine: () => engine.predict(version, engine.validate(manifest, rows)),
        reused: () => {
          encoder.encode(rows, reused.fill(0));
          return run(reused);
        },
      };
      const results: Record<keyof typeof variants, number[]> = { direct: [], baseline: [], engine: [], reused: [] };
      // Warm up, then give each variant about 100 ms per round.
      let warm = 0;
      for (const go of Object.values(variants)) warm = Math.max(warm, await time(200, go));
      const calls = Math.min(50_000, Math.max(5, Math.round(100_000 / warm)));
      for (let r = 0; r < rounds; r++) {
        for (const [name, go] of Object.entries(variants) as [keyof typeof variants, () => Promise<unknown>][]) results[name].push(await time(calls, go));
      }
      const overhead = (base: number[]) => median(results.engine.map((e, i) => e / base[i] - 1)) * 100;
      const [d, b, e, u] = [results.direct, results.baseline, results.engine, results.reused].map(median);
      console.log(
        `| ${model.name} | ${batch.toLocaleString('en-US')} | ${fmt(d)} | ${fmt(b)} | ${fmt(e)} | ${overhead(results.baseline).toFixed(1)} % | ${fmt(u)} | ${overhead(results.reused).toFixed(1)} % | ${Math.round((batch / e) * 1e6).toLocaleString('en-US')} |`,
      );
    }
    await session.release();
    await engine.onApplicationShutdown();
  }
  console.log('\n(µs: median per call; overheads: median over rounds of engine / baseline − 1 in the same round)');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
