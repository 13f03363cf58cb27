import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/config.module.js';
import type { Db } from '../database/db.js';
import { DomainError } from '../common/errors.js';
import { encodeRows } from './encoding.js';
import { InferenceEngine } from './inference-engine.js';
import type { CatalogVersion, ModelCatalog } from './model-catalog.js';
import { ONNX_INPUT, onnxOutputName, type FeatureRow, type ModelManifest } from './model-schema.js';
import type { ModelsRepository } from './models.repository.js';
import { OnnxRuntime, type LoadedGraph } from './onnx-runtime.js';
import { decodeOutputs } from './predictions.js';

const load = (name: string) => ({
  manifest: JSON.parse(readFileSync(path.join(process.cwd(), `models/${name}.json`), 'utf8')) as ModelManifest,
  bytes: readFileSync(path.join(process.cwd(), `models/${name}.onnx`)),
});
const credit = load('credit-approval@1.0.0');
const router = load('support-router@1.0.0');

function engineOver(models: Record<string, Uint8Array>): InferenceEngine {
  const repo = { onnxBytes: async (id: string) => models[id] } as unknown as ModelsRepository;
  const db = { platform: <T>(work: () => Promise<T>) => work() } as unknown as Db;
  const catalog = { onChange: () => undefined } as unknown as ModelCatalog;
  return new InferenceEngine(new OnnxRuntime(), repo, db, catalog, { modelCacheSize: 4, maxRowsPerCall: 50 } as AppConfig);
}

const version = (id: string, manifest: ModelManifest) => ({ id, manifest }) as unknown as CatalogVersion;

/** Rows that differ, some leaving out the optional feature or setting it to null. */
function creditRows(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const row: Record<string, unknown> = { ...credit.manifest.example, annualIncome: 20_000 + 7_919 * i, debtToIncome: (i % 17) / 10, housing: ['own', 'mortgage', 'rent'][i % 3] };
    if (i % 4 === 1) delete row.latePayments12m;
    if (i % 4 === 2) row.latePayments12m = null;
    return row;
  });
}

describe('InferenceEngine', () => {
  const engine = engineOver({ credit: credit.bytes, router: router.bytes });
  const runtime = new OnnxRuntime();
  let graphs: Record<string, LoadedGraph>;

  beforeAll(async () => {
    graphs = { credit: await runtime.load(credit.bytes), router: await runtime.load(router.bytes) };
  });
  afterAll(async () => {
    await engine.onApplicationShutdown();
    await Promise.all(Object.values(graphs).map((g) => g.release()));
  });

  /** What a caller of onnxruntime would get for rows already validated. */
  async function direct(id: string, manifest: ModelManifest, rows: FeatureRow[]) {
    const data = encodeRows(manifest.encoding, rows);
    const out = await graphs[id].run(ONNX_INPUT, data, [rows.length, data.length / rows.length], onnxOutputName(manifest.output));
    return decodeOutputs(manifest.output, out, rows.length);
  }

  it.each([1, 7, 50])('answers a batch of %i validated rows as the model does', async (n) => {
    const rows = engine.validate(credit.manifest, creditRows(n));
    // Left out or null, the optional feature takes its default.
    expect(rows.filter((_, i) => i % 4 === 1 || i % 4 === 2).every((r) => r.latePayments12m === 0)).toBe(true);
    expect(await engine.predict(version('credit', credit.manifest), rows)).toEqual(await direct('credit', credit.manifest, rows));
  });

  it('answers concurrent calls each with its own rows', async () => {
    const batches = [3, 50, 1, 20, 50, 9].map((n, k) => creditRows(n).map((r) => ({ ...r, loanAmount: 1_000 + 997 * k })));
    const validated = batches.map((b) => engine.validate(credit.manifest, b));
    const answers = await Promise.all(validated.map((rows) => engine.predict(version('credit', credit.manifest), rows)));
    for (const [k, rows] of validated.entries()) expect(answers[k]).toEqual(await direct('credit', credit.manifest, rows));
  });

  it('encodes again rows that replaced the validated ones, and rows it never validated', async () => {
    const rows = engine.validate(credit.manifest, creditRows(5));
    const replaced = rows.map((r) => ({ ...r, annualIncome: 250_000 }));
    const v = version('credit', credit.manifest);
    expect(await engine.predict(v, replaced)).toEqual(await direct('credit', credit.manifest, replaced));
    expect(await engine.predict(v, rows)).toEqual(await direct('credit', credit.manifest, rows));
    expect(await engine.predict(v, rows)).toEqual(await direct('credit', credit.manifest, rows));
  });

  it('answers text models from the rows it is handed', async () => {
    const messages = ['My card was charged twice', 'The app crashes when I log in', 'Where is my parcel?'].map((message) => ({ message }));
    const rows = engine.validate(router.manifest, messages);
    expect(rows).toEqual(messages);
    const redacted = rows.map((r) => ({ message: `${r.message} <PERSON>` }));
    expect(await engine.predict(version('router', router.manifest), redacted)).toEqual(await direct('router', router.manifest, redacted));
  });

  it('validates rows whatever the encoding, and leaves an encoding it does not know to predict to refuse', async () => {
    const unknown = { ...credit.manifest, encoding: { ...credit.manifest.encoding, version: 2 } } as unknown as ModelManifest;
    const rows = engine.validate(unknown, creditRows(2));
    expect(rows).toHaveLength(2);
    await expect(engine.predict(version('credit', unknown), rows)).rejects.toThrow(/unsupported encoding version 2/);
  });

  it.each([
    [[{ ...credit.manifest.example, annualIncome: -1 }], 'VALIDATION_FAILED', /inputs\[0\]\.annualIncome/],
    [[credit.manifest.example, { ...credit.manifest.example, colour: 'red' }], 'VALIDATION_FAILED', /inputs\[1\]\.colour/],
    [[], 'VALIDATION_FAILED', /at least one row/],
    [creditRows(51), 'TOO_MANY_ROWS', /at most 50/],
  ])('refuses a bad batch as validateRows words it (%#)', (inputs, code, message) => {
    let error: unknown;
    try {
      engine.validate(credit.manifest, inputs);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    expect((error as DomainError).message).toMatch(message);
  });
});
