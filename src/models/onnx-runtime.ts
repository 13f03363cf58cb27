import { Injectable } from '@nestjs/common';
import ort from 'onnxruntime-node';

export interface TensorInfo {
  name: string;
  type: string;
  shape: (number | string)[];
}

export interface LoadedGraph {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** Runs the graph on one float32 input tensor and returns the named float32 output. */
  run(inputName: string, data: Float32Array, dims: number[], outputName: string): Promise<Float32Array>;
  release(): Promise<void>;
}

/** The one place that talks to onnxruntime-node. */
@Injectable()
export class OnnxRuntime {
  async load(bytes: Uint8Array): Promise<LoadedGraph> {
    const session = await ort.InferenceSession.create(bytes, {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    const describe = (meta: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] =>
      meta.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: 'non-tensor', shape: [] }));
    return {
      inputs: describe(session.inputMetadata),
      outputs: describe(session.outputMetadata),
      async run(inputName, data, dims, outputName) {
        const result = await session.run({ [inputName]: new ort.Tensor('float32', data, dims) }, [outputName]);
        return result[outputName].data as Float32Array;
      },
      release: () => session.release(),
    };
  }
}
