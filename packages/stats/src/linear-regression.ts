import { invertSymmetric, multiplyVector } from './linear-algebra.js'
import { studentTQuantile } from './distributions.js'

export type Coefficient = {
  name: string
  estimate: number
  se: number
  ci95: [number, number]
}

export type LinearFit =
  | { status: 'ok'; coefficients: Coefficient[]; residualSd: number; df: number; n: number }
  | { status: 'insufficient-data'; needed: number; got: number; reason: string }

/**
 * Ordinary least squares with an intercept, as R's `lm(y ~ x1 + x2 + …)`:
 * estimates, classical standard errors and t-based 95% intervals.
 */
export function fitLinear(
  y: readonly number[],
  columns: Record<string, readonly number[]>,
  options: { intercept?: boolean; absorbedDf?: number } = {},
): LinearFit {
  const { intercept = true, absorbedDf = 0 } = options
  const names = [...(intercept ? ['(Intercept)'] : []), ...Object.keys(columns)]
  const p = names.length
  const n = y.length
  if (n <= p + absorbedDf)
    return {
      status: 'insufficient-data',
      needed: p + absorbedDf + 1,
      got: n,
      reason: 'fewer rows than terms',
    }
  const values = Object.values(columns)
  const row = (i: number): number[] => [...(intercept ? [1] : []), ...values.map((c) => c[i] as number)]
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  const xty = new Array<number>(p).fill(0)
  for (let i = 0; i < n; i++) {
    const x = row(i)
    const yi = y[i] as number
    for (let a = 0; a < p; a++) {
      xty[a] = (xty[a] as number) + (x[a] as number) * yi
      const xa = xtx[a] as number[]
      for (let b = 0; b < p; b++) xa[b] = (xa[b] as number) + (x[a] as number) * (x[b] as number)
    }
  }
  const inv = invertSymmetric(xtx)
  if (!inv) return { status: 'insufficient-data', needed: p + 1, got: n, reason: 'terms are collinear' }
  const beta = multiplyVector(inv, xty)
  let rss = 0
  for (let i = 0; i < n; i++) {
    const fitted = row(i).reduce((s, x, j) => s + x * (beta[j] as number), 0)
    rss += ((y[i] as number) - fitted) ** 2
  }
  const df = n - p - absorbedDf
  const sigma2 = rss / df
  const t = studentTQuantile(0.975, df)
  return {
    status: 'ok',
    n,
    df,
    residualSd: Math.sqrt(sigma2),
    coefficients: names.map((name, j) => {
      const estimate = beta[j] as number
      const se = Math.sqrt(sigma2 * ((inv[j] as number[])[j] as number))
      return { name, estimate, se, ci95: [estimate - t * se, estimate + t * se] }
    }),
  }
}

/**
 * Linear regression with one fixed effect per group (as R's
 * `lm(y ~ x + factor(group))`, reporting only the x terms): every variable is
 * centred within its group, and the degrees of freedom pay for the groups.
 */
export function fitWithinGroups(
  y: readonly number[],
  columns: Record<string, readonly number[]>,
  groups: readonly string[],
): LinearFit {
  const index = new Map<string, number[]>()
  groups.forEach((g, i) => {
    const rows = index.get(g) ?? []
    rows.push(i)
    index.set(g, rows)
  })
  const demean = (v: readonly number[]): number[] => {
    const out = new Array<number>(v.length)
    for (const rows of index.values()) {
      const mean = rows.reduce((s, i) => s + (v[i] as number), 0) / rows.length
      for (const i of rows) out[i] = (v[i] as number) - mean
    }
    return out
  }
  const centred = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, demean(v)]))
  return fitLinear(demean(y), centred, { intercept: false, absorbedDf: index.size })
}
