import * as onnxProto from 'onnx-proto';
import type { onnx as OnnxNamespace } from 'onnx-proto';

export type { OnnxNamespace };

/**
 * The ONNX protobuf classes. onnx-proto is CommonJS: Node's ESM loader puts it under `default`,
 * other loaders (jest's) expose `onnx` directly; every module reads it from here.
 */
export const onnx: typeof OnnxNamespace =
  (onnxProto as unknown as { onnx?: typeof OnnxNamespace }).onnx ??
  (onnxProto as unknown as { default: { onnx: typeof OnnxNamespace } }).default.onnx;
