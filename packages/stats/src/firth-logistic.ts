import { invertSymmetric, multiplyVector, type Matrix } from './linear-algebra.js'
import { normalQuantile } from './distributions.js'
import type { LogisticFit } from './logistic-regression.js'

/** ln det of a symmetric positive-definite matrix by Cholesky; NaN when not positive definite. */
export function logDeterminant(a: Matrix): number {
  const n = a.length
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  let logDet = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i] as number[])[j] as number
      for (let k = 0; k < j; k++) sum -= ((l[i] as number[])[k] as number) * ((l[j] as number[])[k] as number)
      if (i === j) {
        if (!(sum > 0)) return NaN
        ;(l[i] as number[])[i] = Math.sqrt(sum)
        logDet += Math.log(sum)
      } else (l[i] as number[])[j] = sum / ((l[j] as number[])[j] as number)
    }
  }
  return logDet
}

/**
 * Logistic regression with Firth's bias reduction: maximizes
 * ℓ(β) + ½·ln det I(β) (the Jeffreys-prior penalty), which stays finite under
 * complete or quasi-complete separation, where plain maximum likelihood runs
 * off to infinity. Solved by the modified score
 * U*(β) = Xᵀ(y − μ + h·(½ − μ)) with h the hat diagonal, with step halving;
 * standard errors from I(β)⁻¹ at the estimate (Wald, as logistf's `se`). The
 * reported deviance is −2·ℓ(β) without the penalty.
 */
export function fitFirthLogistic(
  y: readonly (0 | 1 | boolean)[],
  columns: Record<string, readonly number[]>,
  options: { maxIterations?: number; tolerance?: number } = {},
): LogisticFit & { penalizedLoglik?: number } {
  const opts = { maxIterations: 100, tolerance: 1e-10, ...options }
  const names = ['(Intercept)', ...Object.keys(columns)]
  const p = names.length
  const n = y.length
  if (n <= p) return { status: 'insufficient-data', needed: p + 1, got: n, reason: 'fewer rows than terms' }
  const cols = Object.values(columns)
  const xRow = (i: number): number[] => [1, ...cols.map((c) => c[i] as number)]
  const rows = Array.from({ length: n }, (_, i) => xRow(i))
  const yy = y.map((v) => (v === true || v === 1 ? 1 : 0))

  const evaluate = (beta: number[]) => {
    const info: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0))
    const mu = new Float64Array(n)
    let loglik = 0
    for (let i = 0; i < n; i++) {
      const xi = rows[i] as number[]
      let eta = 0
      for (let j = 0; j < p; j++) eta += (xi[j] as number) * (beta[j] as number)
      const m = 1 / (1 + Math.exp(-eta))
      mu[i] = m
      const yi = yy[i] as number
      // ln p(y) computed stably from eta.
      loglik += yi * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)))
      const w = m * (1 - m)
      for (let a = 0; a < p; a++) {
        const row = info[a] as number[]
        for (let b = 0; b <= a; b++) row[b] = (row[b] as number) + (xi[a] as number) * (xi[b] as number) * w
      }
    }
    for (let a = 0; a < p; a++)
      for (let b = 0; b < a; b++) (info[b] as number[])[a] = (info[a] as number[])[b] as number
    const inv = invertSymmetric(info)
    const penalized = loglik + 0.5 * logDeterminant(info)
    return { info, inv, mu, loglik, penalized }
  }
  const modifiedScore = (state: ReturnType<typeof evaluate>): number[] => {
    const inv = state.inv as Matrix
    const score = new Array<number>(p).fill(0)
    for (let i = 0; i < n; i++) {
      const xi = rows[i] as number[]
      const m = state.mu[i] as number
      const w = m * (1 - m)
      const v = multiplyVector(inv, xi)
      let h = 0
      for (let j = 0; j < p; j++) h += (xi[j] as number) * (v[j] as number)
      h *= w
      const r = (yy[i] as number) - m + h * (0.5 - m)
      for (let j = 0; j < p; j++) score[j] = (score[j] as number) + (xi[j] as number) * r
    }
    return score
  }

  let beta = new Array<number>(p).fill(0)
  let state = evaluate(beta)
  let iterations = 0
  for (; iterations < opts.maxIterations; iterations++) {
    if (!state.inv)
      return { status: 'insufficient-data', needed: p + 1, got: n, reason: 'terms are collinear' }
    const step = multiplyVector(state.inv, modifiedScore(state))
    let scale = 1
    let next = beta.map((b, j) => b + (step[j] as number))
    let trial = evaluate(next)
    for (
      let h = 0;
      h < 30 && !(trial.penalized >= state.penalized - 1e-12 * Math.abs(state.penalized));
      h++
    ) {
      scale /= 2
      next = beta.map((b, j) => b + scale * (step[j] as number))
      trial = evaluate(next)
    }
    const maxStep = Math.max(...step.map((s) => Math.abs(s * scale)))
    beta = next
    state = trial
    if (maxStep < opts.tolerance) break
  }
  if (!state.inv) return { status: 'insufficient-data', needed: p + 1, got: n, reason: 'terms are collinear' }
  const cov = state.inv
  const z = normalQuantile(0.975)
  return {
    status: 'ok',
    n,
    iterations: iterations + 1,
    deviance: -2 * state.loglik,
    penalizedLoglik: state.penalized,
    coefficients: names.map((name, j) => {
      const estimate = beta[j] as number
      const se = Math.sqrt((cov[j] as number[])[j] as number)
      return { name, estimate, se, ci95: [estimate - z * se, estimate + z * se] as [number, number] }
    }),
  }
}
