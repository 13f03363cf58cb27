/**
 * The inference engine against onnxruntime-node called directly, on the same model and rows:
 * `npm run build && node dist/bench/engine.bench.js`.
 *
 * Direct: a pre-encoded Float32Array handed to session.run. Engine: what a governed call pays
 * for the model itself — schema validation of the raw rows, encoding exactly as in training,
 * the shared session's run, and decoding into labelled predictions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { encodeRows, encodingWidth } from '../src/models/encoding.js';
import { validateRows } from '../src/models/input-validation.js';
import { ONNX_INPUT, onnxOutputName, type FeatureRow, type ModelManifest } from '../src/models/model-schema.js';
import { decodeOutputs } from '../src/models/predictions.js';
import { OnnxRuntime } from '../src/models/onnx-runtime.js';
import { machine, percentile } from './machine.js';

const root = process.cwd();

function load(name: string) {
  const manifest = JSON.parse(readFileSync(path.join(root, `models/${name}.json`), 'utf8')) as ModelManifest;
  return { name, manifest, bytes: readFileSync(path.join(root, `models/${name}.onnx`)), width: encodingWidth(manifest.encoding), output: onnxOutputName(manifest.output) };
}

/** Rows that differ from each other, so nothing is cached by accident. */
function rowsOf(manifest: ModelManifest, n: number): FeatureRow[] {
  return Array.from({ length: n }, (_, i) => {
    const row: FeatureRow = { ...manifest.example };
    for (const f of manifest.input.features) {
      if (f.type === 'numeric') row[f.name] = Math.min(f.max ?? 1e9, Math.max(f.min ?? 0, (row[f.name] as number) + (i % 7)));
      if (f.type === 'text') row[f.name] = `${row[f.name]} order ${i}`.slice(0, f.maxLength);
    }
    return row;
  });
}

async function time(calls: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(200, calls); i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  console.log(`Inference engine vs onnxruntime-node called directly — ${machine()}`);
  console.log('direct: session.run on a tensor encoded beforehand; direct+encode: the same plus encoding the rows (what any caller of');
  console.log('onnxruntime must do); engine: schema validation + encoding + the shared session + decoding into labelled predictions.\n');
  console.log('| model | batch | direct µs | direct+encode µs | engine µs | engine − direct+encode | overhead vs direct+encode | engine rows/s |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const model of [load('credit-approval@1.0.0'), load('support-router@1.0.0')]) {
    const { manifest, bytes, width, output } = model;
    const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', executionMode: 'sequential', intraOpNumThreads: 1, interOpNumThreads: 1 });
    const graph = await new OnnxRuntime().load(bytes);
    for (const [batch, calls] of [[1, 20000], [32, 3000], [1000, 200]] as const) {
      const rows = rowsOf(manifest, batch);
      const encoded = encodeRows(manifest.encoding, rows);
      const run = (data: Float32Array) => session.run({ [ONNX_INPUT]: new ort.Tensor('float32', data, [batch, width]) }, [output]);
      const direct = await time(calls, () => run(encoded));
      const directEncode = await time(calls, () => run(encodeRows(manifest.encoding, rows)));
      const engine = await time(calls, async () => {
        const valid = validateRows(manifest.input, rows, { maxRows: 1000 });
        if (!('rows' in valid)) throw new Error('rows did not validate');
        const tensor = await graph.run(ONNX_INPUT, encodeRows(manifest.encoding, valid.rows), [batch, width], output);
        return decodeOutputs(manifest.output, tensor, batch);
      });
      const [d, de, e] = [direct, directEncode, engine].map((samples) => percentile(samples, 50) * 1000);
      const rowsPerSecond = Math.round((batch / e) * 1e6).toLocaleString('en-US');
      console.log(`| ${model.name} | ${batch} | ${d.toFixed(1)} | ${de.toFixed(1)} | ${e.toFixed(1)} | ${(e - de).toFixed(1)} µs | ${(((e - de) / de) * 100).toFixed(1)} % | ${rowsPerSecond} |`);
    }
    await session.release();
    await graph.release();
  }
  console.log('\n(µs are medians per call)');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
