import { invertSymmetric, multiplyVector, toSparseRows, type SparseRows } from './linear-algebra.js'
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
  columns: Record<string, ArrayLike<number>>,
  options: LogisticOptions = {},
): LogisticFit {
  const terms = Object.keys(columns)
  const n = y.length
  if (n <= terms.length + 1)
    return { status: 'insufficient-data', needed: terms.length + 2, got: n, reason: 'fewer rows than terms' }
  return fitLogisticRows(y, terms, toSparseRows(Object.values(columns), n), options)
}

/**
 * The same fit on a design already in sparse rows (`toSparseRows`, without an
 * intercept column: the fit adds the intercept), `terms` naming its columns.
 * `rows` picks the rows to fit (default all of them), so that one design can
 * serve fits on different subsets; `y` has one entry per fitted row, in order.
 */
export function fitLogisticRows(
  y: ArrayLike<number | boolean>,
  terms: readonly string[],
  design: SparseRows,
  options: LogisticOptions & { rows?: Int32Array } = {},
): LogisticFit {
  const opts = { l2: 0, maxIterations: 50, tolerance: 1e-10, ...options }
  const names = ['(Intercept)', ...terms]
  const p = names.length
  const n = y.length
  if (n <= p) return { status: 'insufficient-data', needed: p + 1, got: n, reason: 'fewer rows than terms' }
  const yy = new Float64Array(n)
  for (let i = 0; i < n; i++) yy[i] = y[i] === true || y[i] === 1 ? 1 : 0
  let beta = new Array<number>(p).fill(0)
  let deviance = Infinity
  let inv: number[][] | null = null
  let iterations = 0
  const infoFlat = new Float64Array(p * p)
  for (; iterations < opts.maxIterations; iterations++) {
    infoFlat.fill(0)
    const scoreFlat = new Float64Array(p)
    let dev = accumulateLogistic(
      design,
      options.rows ?? null,
      yy,
      Float64Array.from(beta),
      infoFlat,
      scoreFlat,
      p,
    )
    const score = Array.from(scoreFlat)
    const info = Array.from({ length: p }, (_, a) =>
      Array.from({ length: p }, (__, b) =>
        b <= a ? (infoFlat[a * p + b] as number) : (infoFlat[b * p + a] as number),
      ),
    )
    for (let a = 1; a < p && opts.l2 > 0; a++) {
      ;(info[a] as number[])[a] = ((info[a] as number[])[a] as number) + opts.l2
      score[a] = (score[a] as number) - opts.l2 * (beta[a] as number)
      dev += opts.l2 * (beta[a] as number) ** 2
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

/**
 * One IRLS pass over sparse rows (the intercept, column 0 here, implicit; the
 * design's column j is column j + 1): adds XᵀWX (lower triangle) and
 * Xᵀ(y − μ) in place; returns the deviance.
 */
function accumulateLogistic(
  design: SparseRows,
  rows: Int32Array | null,
  yy: Float64Array,
  beta: Float64Array,
  info: Float64Array,
  score: Float64Array,
  p: number,
): number {
  const { rowStart, index: idx, value: val } = design
  let dev = 0
  const n = yy.length
  const b0 = beta[0] as number
  for (let r = 0; r < n; r++) {
    const i = rows ? (rows[r] as number) : r
    const from = rowStart[i] as number
    const to = rowStart[i + 1] as number
    let eta = b0
    if (!val) for (let k = from; k < to; k++) eta += beta[(idx[k] as number) + 1] as number
    else for (let k = from; k < to; k++) eta += (val[k] as number) * (beta[(idx[k] as number) + 1] as number)
    const mu = 1 / (1 + Math.exp(-eta))
    const w = Math.max(mu * (1 - mu), 1e-12)
    const yi = yy[r] as number
    // y is 0 or 1: one of the two log terms is multiplied by zero.
    dev -= 2 * (yi === 1 ? Math.log(Math.max(mu, 1e-300)) : Math.log(Math.max(1 - mu, 1e-300)))
    const res = yi - mu
    score[0] = (score[0] as number) + res
    info[0] = (info[0] as number) + w
    if (!val) {
      // An indicator design: every stored x is 1.
      for (let k = from; k < to; k++) {
        const a = (idx[k] as number) + 1
        score[a] = (score[a] as number) + res
        const base = a * p
        info[base] = (info[base] as number) + w
        for (let l = from; l <= k; l++) {
          const cell = base + (idx[l] as number) + 1
          info[cell] = (info[cell] as number) + w
        }
      }
      continue
    }
    for (let k = from; k < to; k++) {
      const a = (idx[k] as number) + 1
      const xa = val[k] as number
      score[a] = (score[a] as number) + xa * res
      const wa = xa * w
      const base = a * p
      info[base] = (info[base] as number) + wa
      for (let l = from; l <= k; l++) {
        const cell = base + (idx[l] as number) + 1
        info[cell] = (info[cell] as number) + wa * (val[l] as number)
      }
    }
  }
  return dev
}
