import { onnx, type OnnxNamespace } from './onnx-proto.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { externalTensor } from './self-contained.js';

const bytes = readFileSync(path.resolve(process.cwd(), 'models/credit-approval@1.0.0.onnx'));
const external = (name: string): OnnxNamespace.ITensorProto => ({
  name,
  dataType: onnx.TensorProto.DataType.FLOAT,
  dims: [1],
  dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
  externalData: [{ key: 'location', value: 'package.json' }],
});
type Decoded = OnnxNamespace.ModelProto & { graph: OnnxNamespace.GraphProto & { initializer: OnnxNamespace.TensorProto[]; sparseInitializer: OnnxNamespace.ISparseTensorProto[]; node: OnnxNamespace.INodeProto[] }; functions: OnnxNamespace.IFunctionProto[] };
const edited = (edit: (model: Decoded) => void): Uint8Array => {
  const model = onnx.ModelProto.decode(bytes) as Decoded;
  edit(model);
  return onnx.ModelProto.encode(model).finish();
};

describe('models that hold all their data', () => {
  it('accepts a demo model, and bytes that are no model (loading them says so)', () => {
    expect(externalTensor(bytes)).toBeNull();
    expect(externalTensor(new TextEncoder().encode('not a model'))).toBeNull();
  });

  it('names a tensor that takes its data from a file, wherever the format can hold one', () => {
    const first = (onnx.ModelProto.decode(bytes) as Decoded).graph.initializer[0].name;
    expect(externalTensor(edited((m) => Object.assign(m.graph.initializer[0], { dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, rawData: new Uint8Array() })))).toBe(first);
    expect(externalTensor(edited((m) => m.graph.sparseInitializer.push(onnx.SparseTensorProto.create({ values: external('sparse.values') }))))).toBe('sparse.values');
    expect(externalTensor(edited((m) => m.graph.node.push(onnx.NodeProto.create({ opType: 'Constant', output: ['c'], attribute: [{ name: 'value', t: external('constant') }] }))))).toBe('constant');
    const branch = onnx.GraphProto.create({ name: 'then', initializer: [external('in.branch')] });
    expect(externalTensor(edited((m) => m.graph.node.push(onnx.NodeProto.create({ opType: 'If', input: ['cond'], output: ['o'], attribute: [{ name: 'then_branch', g: branch }] }))))).toBe('in.branch');
    const fn = onnx.FunctionProto.create({ name: 'f', node: [{ opType: 'Constant', output: ['k'], attribute: [{ name: 'value', t: external('in.function') }] }] });
    expect(externalTensor(edited((m) => m.functions.push(fn)))).toBe('in.function');
  });
});
