/**
 * Raw model kernels used by `@landscape-lab/trainers` hot loops (ADR 0001): the P3 shallow network and the
 * P4/SS18 teacher–student population loss. Pointers are byte offsets into linear memory; a pointer argument of 0
 * means "not wanted" where stated (the heap never hands out offset 0). Nothing is validated. Matrices are row-major.
 * `work` is scratch of at least the bytes returned by the family's `*WorkSize` export, 16-byte aligned.
 */
export interface RawModels {
  /** Scratch bytes of `shallowLossGrad` / `shallowGdSteps` (n samples, input dimension d, k neurons). */
  shallowWorkSize(n: number, d: number, k: number): number;
  /**
   * Shallow net f(x) = vᵀφ(Wx) (P3 §3.1): returns L = ½‖φ(XWᵀ)v − y‖². `act` is an activation code
   * (`activationCode`), X n×d, y n, v k, W k×d. If `resid` ≠ 0 writes r = φ(XWᵀ)v − y (n); if `grad` ≠ 0 writes
   * ∇_W L (k×d).
   */
  shallowLossGrad(
    act: number,
    n: number,
    d: number,
    k: number,
    x: number,
    y: number,
    v: number,
    w: number,
    resid: number,
    grad: number,
    work: number,
  ): number;
  /**
   * Up to `steps` full-batch GD updates W ← W − η∇L(W) in place; stops early when ‖r‖ ≤ tol (tol = 0: never) or
   * the loss is not finite. Writes out[0] = ‖r‖, out[1] = updates made; returns L, both at the final W.
   */
  shallowGdSteps(
    act: number,
    n: number,
    d: number,
    k: number,
    x: number,
    y: number,
    v: number,
    w: number,
    eta: number,
    steps: number,
    tol: number,
    out: number,
    work: number,
  ): number;
  /** Scratch bytes of every teacher–student kernel (n students, k teachers, dimension d). */
  tsWorkSize(n: number, k: number, d: number): number;
  /**
   * Teacher–student population loss F(W) = ½E[(Σ_i[w_iᵀx]_+ − Σ_j[v_jᵀx]_+)²] (P4 §4.2), W n×d and V k×d with
   * neurons as rows; if `grad` ≠ 0 writes ∇F (n×d). Zero student rows: κ = 0 in the loss, gradient rows unspecified.
   */
  tsLossGrad(n: number, k: number, d: number, w: number, v: number, grad: number, work: number): number;
  /** The Hessian ∇²F (nd×nd, neuron-major blocks, exactly symmetric) into h. No zero student row allowed. */
  tsHessian(n: number, k: number, d: number, w: number, v: number, h: number, work: number): void;
  /** out = ∇²F·x (x, out n×d) without forming the Hessian, O((n + k)nd). No zero student row allowed. */
  tsHvp(n: number, k: number, d: number, w: number, v: number, x: number, out: number, work: number): void;
  /**
   * Up to `steps` GD updates on F in place, stopping on the gradient norm (`rule` = `gradNormCode(...)`) ≤ gtol
   * (converged), > gmax (diverged), a zero student (zeroNeuron), non-finite values (nonFinite), F < floss
   * (belowThreshold), or after `steps` updates (maxIters). Writes out[0] = norm, out[1] = updates made,
   * out[2] = status (decode with `gdStatusName`; codes in codes/codes.json); returns F at the final W.
   */
  tsGdSteps(
    n: number,
    k: number,
    d: number,
    w: number,
    v: number,
    eta: number,
    steps: number,
    gtol: number,
    rule: number,
    gmax: number,
    floss: number,
    out: number,
    work: number,
  ): number;
}

export const MODEL_NAMES = [
  'shallowWorkSize',
  'shallowLossGrad',
  'shallowGdSteps',
  'tsWorkSize',
  'tsLossGrad',
  'tsHessian',
  'tsHvp',
  'tsGdSteps',
] as const satisfies readonly (keyof RawModels)[];
