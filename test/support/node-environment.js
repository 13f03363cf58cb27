// onnxruntime-node checks typed arrays with `instanceof` against the host realm's constructors;
// jest gives each test file its own realm, so hand the host's constructors to the test global.
import { TestEnvironment } from 'jest-environment-node';

const shared = [
  'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'BigInt64Array',
  'Uint8Array', 'Uint16Array', 'Uint32Array', 'BigUint64Array', 'Uint8ClampedArray', 'ArrayBuffer',
];

export default class WardenEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of shared) this.global[name] = globalThis[name];
  }
}
