import { invertSymmetric, multiplyVector } from './linear-algebra.js'
import { normalQuantile } from './distributions.js'
import type { Coefficient } from './linear-regression.js'

export type LogisticFit =
  | { status: 'ok'; coefficients: Coefficient[]; iterations: number; deviance: number; n: number }
  | { status: 'insufficient-data'; needed: number; got: number; reason: string }

export type LogisticOptions = { l2?: number; maxIterations?: number; tolerance?: number }

/**
 * Logistic regression with an intercept by iteratively reweighted least
 * squares, as R's `glm(y ~ …, family = binomial)`: Wald standard errors and
 * 95% intervals on the log-odds scale. An optional L2 penalty (not on the
 * intercept) keeps separated data finite.
 */
export function fitLogistic(
  y: readonly (0 | 1 | boolean)[],
  columns: Record<string, readonly number[]>,
  options: LogisticOptions = {},
): LogisticFit {
  const opts = { l2: 0, maxIterations: 50, tolerance: 1e-10, ...options }
  const names = ['(Intercept)', ...Object.keys(columns)]
  const p = names.length
  const n = y.length
  if (n <= p) return { status: 'insufficient-data', needed: p + 1, got: n, reason: 'fewer rows than terms' }
  const cols = Object.values(columns)
  const x = (i: number, j: number): number =>
    j === 0 ? 1 : ((cols[j - 1] as readonly number[])[i] as number)
  const yy = y.map((v) => (v === true || v === 1 ? 1 : 0))
  let beta = new Array<number>(p).fill(0)
  let deviance = Infinity
  let inv: number[][] | null = null
  let iterations = 0
  for (; iterations < opts.maxIterations; iterations++) {
    const info = Array.from({ length: p }, () => new Array<number>(p).fill(0))
    const score = new Array<number>(p).fill(0)
    let dev = 0
    for (let i = 0; i < n; i++) {
      let eta = 0
      for (let j = 0; j < p; j++) eta += x(i, j) * (beta[j] as number)
      const mu = 1 / (1 + Math.exp(-eta))
      const w = Math.max(mu * (1 - mu), 1e-12)
      const yi = yy[i] as number
      dev -= 2 * (yi * Math.log(Math.max(mu, 1e-300)) + (1 - yi) * Math.log(Math.max(1 - mu, 1e-300)))
      for (let a = 0; a < p; a++) {
        const xa = x(i, a)
        score[a] = (score[a] as number) + xa * (yi - mu)
        const row = info[a] as number[]
        for (let b = 0; b <= a; b++) row[b] = (row[b] as number) + xa * x(i, b) * w
      }
    }
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < a; b++) (info[b] as number[])[a] = (info[a] as number[])[b] as number
      if (a > 0 && opts.l2 > 0) {
        ;(info[a] as number[])[a] = ((info[a] as number[])[a] as number) + opts.l2
        score[a] = (score[a] as number) - opts.l2 * (beta[a] as number)
        dev += opts.l2 * (beta[a] as number) ** 2
      }
    }
    inv = invertSymmetric(info)
    if (!inv)
      return {
        status: 'insufficient-data',
        needed: p + 1,
        got: n,
        reason: 'terms are collinear or separated',
      }
    const step = multiplyVector(inv, score)
    beta = beta.map((b, j) => b + (step[j] as number))
    if (Math.abs(deviance - dev) < opts.tolerance * (Math.abs(dev) + 0.1)) {
      deviance = dev
      break
    }
    deviance = dev
  }
  const z = normalQuantile(0.975)
  const cov = inv as number[][]
  return {
    status: 'ok',
    n,
    iterations: iterations + 1,
    deviance,
    coefficients: names.map((name, j) => {
      const estimate = beta[j] as number
      const se = Math.sqrt((cov[j] as number[])[j] as number)
      return { name, estimate, se, ci95: [estimate - z * se, estimate + z * se] }
    }),
  }
}
