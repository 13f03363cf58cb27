// Hot loops use module-level aliases: a global `Math` lookup is slow inside vm contexts (jest runs tests in one).
const { sqrt } = Math;

/** Adam optimiser state for one flat parameter vector (Kingma & Ba, default hyper-parameters). */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    readonly size: number,
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** Moves `params` against `grad` in place. */
  step(params: Float64Array, grad: Float64Array): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (let i = 0; i < this.size; i++) {
      this.m[i] = this.beta1 * this.m[i] + (1 - this.beta1) * grad[i];
      this.v[i] = this.beta2 * this.v[i] + (1 - this.beta2) * grad[i] * grad[i];
      params[i] -= (this.learningRate * (this.m[i] / c1)) / (sqrt(this.v[i] / c2) + this.epsilon);
    }
  }
}
