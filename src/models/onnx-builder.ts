import { onnx, type OnnxNamespace } from './onnx-proto.js';
import { ONNX_INPUT, ONNX_PROBABILITIES, ONNX_SCORE } from './model-schema.js';
import type { LogisticModel } from './training/logistic.js';
import type { MlpModel } from './training/mlp.js';
import type { SoftmaxModel } from './training/softmax.js';

/**
 * Writes the project's trained models as ONNX graphs (IR 8, opset 13) of MatMul/Add layers with
 * float32 initialisers, one input `input` [N, width] and one output (`score` or `probabilities`),
 * following the contract in model-schema.ts. The bytes are a pure function of the weights.
 */

const IR_VERSION = 8;
const OPSET = 13;

/** A fully connected layer; `weights` is row-major [inputs][outputs]. */
export interface DenseLayer {
  inputs: number;
  outputs: number;
  weights: ArrayLike<number>;
  bias: ArrayLike<number>;
  activation: 'relu' | 'none';
}

export interface GraphSpec {
  /** Graph name and doc string, e.g. `credit-approval@1.0.0`. */
  name: string;
  layers: DenseLayer[];
  /** `sigmoid` ends in `score` [N,1] (last layer must have one output); `softmax` in `probabilities` [N,K]. */
  head: 'sigmoid' | 'softmax';
}

export function buildOnnx(spec: GraphSpec): Uint8Array {
  const { layers, head } = spec;
  if (layers.length === 0) throw new Error('a graph needs at least one layer');
  layers.forEach((layer, i) => {
    if (layer.weights.length !== layer.inputs * layer.outputs) throw new Error(`layer ${i}: weights must hold inputs × outputs values`);
    if (layer.bias.length !== layer.outputs) throw new Error(`layer ${i}: bias must hold one value per output`);
    if (i > 0 && layer.inputs !== layers[i - 1].outputs) throw new Error(`layer ${i}: inputs must equal the previous layer's outputs`);
  });
  const last = layers[layers.length - 1];
  if (head === 'sigmoid' && last.outputs !== 1) throw new Error('a sigmoid head needs a last layer with one output');
  const outputName = head === 'sigmoid' ? ONNX_SCORE : ONNX_PROBABILITIES;

  const nodes: OnnxNamespace.INodeProto[] = [];
  const initializer: OnnxNamespace.ITensorProto[] = [];
  let current = ONNX_INPUT;
  layers.forEach((layer, i) => {
    const w = `dense${i}.weight`;
    const b = `dense${i}.bias`;
    initializer.push(floatTensor(w, [layer.inputs, layer.outputs], layer.weights), floatTensor(b, [layer.outputs], layer.bias));
    nodes.push({ name: `dense${i}.matmul`, opType: 'MatMul', input: [current, w], output: [`dense${i}.product`] });
    nodes.push({ name: `dense${i}.add`, opType: 'Add', input: [`dense${i}.product`, b], output: [`dense${i}.logits`] });
    current = `dense${i}.logits`;
    if (layer.activation === 'relu') {
      nodes.push({ name: `dense${i}.relu`, opType: 'Relu', input: [current], output: [`dense${i}.activation`] });
      current = `dense${i}.activation`;
    }
  });
  nodes.push(
    head === 'sigmoid'
      ? { name: 'head.sigmoid', opType: 'Sigmoid', input: [current], output: [outputName] }
      : {
          name: 'head.softmax',
          opType: 'Softmax',
          input: [current],
          output: [outputName],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }],
        },
  );

  const model: OnnxNamespace.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'warden',
    producerVersion: '1',
    docString: spec.name,
    graph: {
      name: spec.name,
      node: nodes,
      initializer,
      input: [valueInfo(ONNX_INPUT, layers[0].inputs)],
      output: [valueInfo(outputName, last.outputs)],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

export const logisticOnnx = (name: string, model: LogisticModel): Uint8Array =>
  buildOnnx({
    name,
    head: 'sigmoid',
    layers: [{ inputs: model.weights.length, outputs: 1, weights: model.weights, bias: [model.bias], activation: 'none' }],
  });

export const mlpOnnx = (name: string, model: MlpModel): Uint8Array =>
  buildOnnx({
    name,
    head: 'sigmoid',
    layers: [
      { inputs: model.inputs, outputs: model.hidden, weights: model.w1, bias: model.b1, activation: 'relu' },
      { inputs: model.hidden, outputs: 1, weights: model.w2, bias: [model.b2], activation: 'none' },
    ],
  });

export const softmaxOnnx = (name: string, model: SoftmaxModel): Uint8Array =>
  buildOnnx({
    name,
    head: 'softmax',
    layers: [{ inputs: model.inputs, outputs: model.classes, weights: model.weights, bias: model.biases, activation: 'none' }],
  });

/** Float32 tensor with little-endian raw data, as the ONNX spec requires whatever the host's byte order. */
function floatTensor(name: string, dims: number[], values: ArrayLike<number>): OnnxNamespace.ITensorProto {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw };
}

/** A float32 [N, width] value with a symbolic batch dimension. */
function valueInfo(name: string, width: number): OnnxNamespace.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } },
  };
}
