import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeRows, encodingWidth } from '../encoding.js';
import { validateRows } from '../input-validation.js';
import { onnxOutputName, onnxSignature, type BinaryOutput } from '../model-schema.js';
import { sha256Hex } from './artefact.js';
import { creditDataset } from './credit-dataset.js';
import { artefactFiles, buildDemoModels } from './demo-models.js';
import { groupRates, impactRatio } from './metrics.js';

describe('demo models', () => {
  const first = buildDemoModels();
  const byName = Object.fromEntries(first.map((a) => [a.manifest.name, a]));
  const run = async (name: string, rows: Record<string, number | string>[]) => {
    const { manifest, onnx } = byName[name];
    const session = await InferenceSession.create(onnx);
    const x = encodeRows(manifest.encoding, rows);
    const out = await session.run({ input: new Tensor('float32', x, [rows.length, encodingWidth(manifest.encoding)]) });
    return { session, data: out[onnxOutputName(manifest.output)].data as Float32Array };
  };

  it('rebuild bit for bit from their seeds', () => {
    const again = buildDemoModels().flatMap(artefactFiles);
    const files = first.flatMap(artefactFiles);
    expect(again.map((f) => f.name)).toEqual(files.map((f) => f.name));
    files.forEach((f, i) => expect(Buffer.from(again[i].bytes).equals(Buffer.from(f.bytes))).toBe(true));
  });

  it('are the files committed in models/', () => {
    for (const file of first.flatMap(artefactFiles)) {
      const committed = readFileSync(path.resolve(process.cwd(), 'models', file.name));
      expect({ file: file.name, upToDate: committed.equals(Buffer.from(file.bytes)) }).toEqual({ file: file.name, upToDate: true });
    }
  });

  it.each(['credit-approval', 'credit-risk', 'support-router'])('%s keeps its own contract', async (name) => {
    const { manifest, onnx } = byName[name];
    expect(manifest.sha256).toBe(sha256Hex(onnx));
    for (const file of artefactFiles(byName[name])) expect(file.bytes.length).toBeLessThan(1_000_000);
    expect(validateRows(manifest.input, [manifest.example])).toEqual({ rows: [manifest.example] });
    const { session, data } = await run(name, [manifest.example]);
    const declared = onnxSignature(encodingWidth(manifest.encoding), manifest.output);
    const shape = (dims: readonly (number | string)[]) => dims.map((d) => (typeof d === 'number' ? d : null));
    expect(session.inputMetadata.map((m) => ({ name: m.name, type: m.isTensor && m.type, shape: m.isTensor && shape(m.shape) }))).toEqual(declared.inputs);
    expect(session.outputMetadata.map((m) => ({ name: m.name, type: m.isTensor && m.type, shape: m.isTensor && shape(m.shape) }))).toEqual(declared.outputs);
    for (const p of data) expect(p >= 0 && p <= 1).toBe(true);
  });

  it('credit-approval, served, approves minority-a applicants at under 0.8 times the majority rate, as its card says', async () => {
    const { manifest } = byName['credit-approval'];
    const { test } = creditDataset();
    const { data } = await run('credit-approval', test.map((a) => a.features));
    const threshold = (manifest.output as BinaryOutput).threshold;
    const rates = groupRates(test.map((a) => a.protected.ethnicity), test.map((a) => a.approved), data, threshold);
    const ratio = impactRatio(rates);
    expect(ratio).toBeLessThan(0.7);
    expect(manifest.card.fairness?.impactRatios.ethnicity).toBeCloseTo(ratio, 3);
    expect(rates.find((r) => r.group === 'minority-a')?.selectionRate).toBe(Math.min(...rates.map((r) => r.selectionRate)));
  });

  it('support-router sends the example (a double charge) to billing', async () => {
    const { manifest } = byName['support-router'];
    const { data } = await run('support-router', [manifest.example]);
    const labels = manifest.output.labels;
    expect(labels[data.indexOf(Math.max(...data))]).toBe('billing');
    expect(manifest.card.evaluation.overall.accuracy).toBeGreaterThan(0.85);
  });

  it('credit-risk ranks defaults better than chance and better than its logistic baseline', () => {
    const { overall } = byName['credit-risk'].manifest.card.evaluation;
    expect(overall.auc).toBeGreaterThan(0.75);
    expect(overall.auc).toBeGreaterThan(overall.logisticBaselineAuc);
  });
});
