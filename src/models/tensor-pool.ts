/**
 * Input buffers reused from call to call: a tensor of 1,000 encoded rows is tens of kilobytes
 * outside the JavaScript heap, and allocating (and zeroing, and later collecting) one per call
 * costs about as much as encoding into it. A buffer is taken for one call and given back once the
 * run that reads it has settled; concurrent calls take different buffers.
 */
export class TensorPool {
  private readonly free: Float32Array[] = [];

  constructor(
    /** Buffers kept for reuse. */
    private readonly keep = 8,
    /** Larger buffers are not kept (floats). */
    private readonly largest = 1 << 20,
    /** Smallest buffer allocated (floats), so that small calls share buffers. */
    private readonly smallest = 4096,
  ) {}

  /** `length` zeros. */
  take(length: number): Float32Array {
    for (let i = this.free.length - 1; i >= 0; i--) {
      const buffer = this.free[i];
      if (buffer.length < length) continue;
      this.free.splice(i, 1);
      return buffer.subarray(0, length).fill(0);
    }
    return length >= this.smallest ? new Float32Array(length) : new Float32Array(this.smallest).subarray(0, length);
  }

  /** Returns a buffer `take` gave out; it must not be used afterwards. */
  give(view: Float32Array): void {
    const buffer = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : new Float32Array(view.buffer);
    if (buffer.length > this.largest) return;
    if (this.free.length >= this.keep) this.free.shift();
    this.free.push(buffer);
  }
}
