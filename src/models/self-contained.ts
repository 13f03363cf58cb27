import { onnx, type OnnxNamespace } from './onnx-proto.js';

type Tensor = OnnxNamespace.ITensorProto;
type Graph = OnnxNamespace.IGraphProto;
type Node = OnnxNamespace.INodeProto;

/**
 * The name of a tensor in an ONNX model that takes its data from a file beside the model (external
 * data), or null when the model holds all its data itself. A registered version must: its sha256
 * pins what it computes only if nothing it computes with comes from elsewhere, and onnxruntime
 * would read such a file from the server's working directory (whatever file that is). Tensors are
 * looked for wherever the format can hold them: initializers (dense and sparse), node attributes,
 * subgraphs (If, Loop, Scan) and local functions. Null also for bytes that are not a model proto;
 * loading them reports that.
 */
export function externalTensor(bytes: Uint8Array): string | null {
  let model: OnnxNamespace.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    // Bytes the decoder refuses are no model (it throws Error and RangeError); a TypeError is this code's fault and must show.
    if (error instanceof TypeError) throw error;
    return null;
  }
  const graphs: Graph[] = model.graph ? [model.graph] : [];
  const nodes: Node[] = (model.functions ?? []).flatMap((f) => f.node ?? []);
  while (graphs.length || nodes.length) {
    const graph = graphs.pop();
    if (graph) {
      const tensors: Tensor[] = [...(graph.initializer ?? []), ...(graph.sparseInitializer ?? []).flatMap((s) => [s.values, s.indices].filter((t): t is Tensor => !!t))];
      const external = tensors.find(isExternal);
      if (external) return external.name || '(unnamed)';
      nodes.push(...(graph.node ?? []));
      continue;
    }
    const node = nodes.pop()!;
    for (const attribute of node.attribute ?? []) {
      const sparse = [attribute.sparseTensor, ...(attribute.sparseTensors ?? [])].flatMap((s) => (s ? [s.values, s.indices] : []));
      const tensors = [attribute.t, ...(attribute.tensors ?? []), ...sparse].filter((t): t is Tensor => !!t);
      const external = tensors.find(isExternal);
      if (external) return external.name || `${node.name || node.opType} ${attribute.name}`;
      graphs.push(...[attribute.g, ...(attribute.graphs ?? [])].filter((g): g is Graph => !!g));
    }
  }
  return null;
}

function isExternal(tensor: Tensor): boolean {
  return tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (tensor.externalData?.length ?? 0) > 0;
}
