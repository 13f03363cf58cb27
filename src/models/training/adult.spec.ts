import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeRows, encodingWidth } from '../encoding.js';
import { validateRows } from '../input-validation.js';
import type { FeatureRow, InputSchema } from '../model-schema.js';
import { logisticOnnx } from '../onnx-builder.js';
import { readCsvRecords } from './csv.js';
import { fitEncoding } from './fit-encoding.js';
import { predictLogistic, trainLogistic } from './logistic.js';
import { matrix, takeRows, take } from './matrix.js';
import { accuracy, auc } from './metrics.js';
import { trainTestSplit } from './prng.js';

// The published UCI Adult census file: the trainer must reach the accuracy logistic-regression
// baselines report on it (about 0.85), and the ONNX graph must compute what the trainer computed.
const csv = path.resolve(process.cwd(), '../shared/data/adult.csv');
const NUMERIC = ['age', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week'];
const CATEGORICAL = ['workclass', 'education', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'native-country'];

describe('logistic regression on UCI Adult', () => {
  const records = readCsvRecords(readFileSync(csv, 'utf8'));
  const schema: InputSchema = {
    features: [
      ...NUMERIC.map((name) => ({ name, type: 'numeric' as const, min: 0 })),
      ...CATEGORICAL.map((name) => ({ name, type: 'categorical' as const, values: [...new Set(records.map((r) => r[name]))].sort() })),
    ],
  };
  const rows: FeatureRow[] = records.map((r) => Object.fromEntries(schema.features.map((f) => [f.name, f.type === 'numeric' ? Number(r[f.name]) : r[f.name]])));
  const labels = records.map((r) => (r['income-per-year'] === '>50K' ? 1 : 0));
  const { train, test } = trainTestSplit(rows.length, 0.25, 7);
  const encoding = fitEncoding(schema, take(rows, train));
  const all = matrix(encodeRows(encoding, rows), encodingWidth(encoding));
  const model = trainLogistic(takeRows(all, train), take(labels, train), { l2: 1e-4 });
  const xTest = takeRows(all, test);
  const yTest = take(labels, test);
  const scores = predictLogistic(model, xTest);

  it('reads the whole file and every row passes the schema', () => {
    expect(records).toHaveLength(32561);
    expect('rows' in validateRows(schema, rows, { maxRows: rows.length })).toBe(true);
  });

  it('reaches held-out accuracy of at least 0.84', () => {
    expect(accuracy(yTest, scores)).toBeGreaterThanOrEqual(0.84);
    expect(auc(yTest, scores)).toBeGreaterThan(0.88);
  });

  it('exports an ONNX graph whose scores match the trainer to 1e-5', async () => {
    const session = await InferenceSession.create(logisticOnnx('adult@1.0.0', model));
    const result = await session.run({ input: new Tensor('float32', xTest.data, [xTest.rows, xTest.cols]) });
    const onnxScores = result.score.data as Float32Array;
    expect(result.score.dims).toEqual([xTest.rows, 1]);
    let worst = 0;
    for (let i = 0; i < xTest.rows; i++) worst = Math.max(worst, Math.abs(onnxScores[i] - scores[i]));
    expect(worst).toBeLessThan(1e-5);
  });
});
