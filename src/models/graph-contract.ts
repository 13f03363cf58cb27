import type { TensorInfo } from './onnx-runtime.js';
import type { TensorSignature } from './model-schema.js';

/**
 * Why a loaded graph does not serve the declared contract, or null when it does: every declared
 * input and output must exist with the declared element type, and fixed dimensions must agree
 * (a symbolic dimension in the graph matches the batch dimension only).
 */
export function contractMismatch(declared: { inputs: TensorSignature[]; outputs: TensorSignature[] }, graph: { inputs: TensorInfo[]; outputs: TensorInfo[] }): string | null {
  if (graph.inputs.length !== declared.inputs.length) {
    return `graph has ${graph.inputs.length} inputs (${graph.inputs.map((i) => i.name).join(', ')}); the schema needs exactly ${declared.inputs.map((i) => i.name).join(', ')}`;
  }
  for (const [kind, want, have] of [
    ['input', declared.inputs, graph.inputs],
    ['output', declared.outputs, graph.outputs],
  ] as const) {
    for (const sig of want) {
      const found = have.find((t) => t.name === sig.name);
      if (!found) return `graph has no ${kind} named ${sig.name} (it has ${have.map((t) => t.name).join(', ') || 'none'})`;
      if (found.type !== sig.type) return `${kind} ${sig.name} is ${found.type}, the schema needs ${sig.type}`;
      if (found.shape.length !== sig.shape.length) return `${kind} ${sig.name} has rank ${found.shape.length}, the schema needs [${sig.shape.map((d) => d ?? 'N').join(', ')}]`;
      for (let d = 0; d < sig.shape.length; d++) {
        const expected = sig.shape[d];
        const actual = found.shape[d];
        if (expected === null ? typeof actual === 'number' && actual !== -1 : actual !== expected) {
          return `${kind} ${sig.name} has shape [${found.shape.join(', ')}], the schema needs [${sig.shape.map((x) => x ?? 'N').join(', ')}]`;
        }
      }
    }
  }
  return null;
}
