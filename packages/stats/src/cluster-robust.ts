import { invertSymmetric, multiplyVector } from './linear-algebra.js'
import { studentTQuantile } from './distributions.js'
import type { Coefficient } from './linear-regression.js'

export type ClusteredLinearFit =
  | {
      status: 'ok'
      coefficients: Coefficient[]
      n: number
      clusters: number
      /** Degrees of freedom of the t intervals: clusters − 1. */
      df: number
    }
  | { status: 'insufficient-data'; reason: string }

/**
 * Ordinary least squares with cluster-robust (CR1) standard errors, as R's
 * `sandwich::vcovCL(fit, cluster = ~g, type = "HC1")` (the Stata default):
 * V = c · (X'X)⁻¹ [Σ_g X_g' u_g u_g' X_g] (X'X)⁻¹ with
 * c = G/(G−1) · (n−1)/(n−k); intervals use t with G−1 degrees of freedom.
 */
export function fitLinearClustered(
  y: readonly number[],
  columns: Record<string, readonly number[]>,
  clusters: readonly string[],
  options: { intercept?: boolean } = {},
): ClusteredLinearFit {
  const { intercept = true } = options
  const names = [...(intercept ? ['(Intercept)'] : []), ...Object.keys(columns)]
  const values = Object.values(columns)
  const p = names.length
  const n = y.length
  const groups = new Map<string, number[]>()
  clusters.forEach((g, i) => {
    const list = groups.get(g)
    if (list) list.push(i)
    else groups.set(g, [i])
  })
  const G = groups.size
  if (n <= p) return { status: 'insufficient-data', reason: 'fewer rows than terms' }
  if (G < 2) return { status: 'insufficient-data', reason: 'fewer than two clusters' }
  const row = (i: number): number[] => [...(intercept ? [1] : []), ...values.map((c) => c[i] as number)]
  const rows = Array.from({ length: n }, (_, i) => row(i))
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  const xty = new Array<number>(p).fill(0)
  for (let i = 0; i < n; i++) {
    const x = rows[i] as number[]
    for (let a = 0; a < p; a++) {
      xty[a] = (xty[a] as number) + (x[a] as number) * (y[i] as number)
      const xa = xtx[a] as number[]
      for (let b = 0; b < p; b++) xa[b] = (xa[b] as number) + (x[a] as number) * (x[b] as number)
    }
  }
  const inv = invertSymmetric(xtx)
  if (!inv) return { status: 'insufficient-data', reason: 'terms are collinear' }
  const beta = multiplyVector(inv, xty)
  const meat = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  for (const members of groups.values()) {
    const s = new Array<number>(p).fill(0)
    for (const i of members) {
      const x = rows[i] as number[]
      const u = (y[i] as number) - x.reduce((acc, xj, j) => acc + xj * (beta[j] as number), 0)
      for (let a = 0; a < p; a++) s[a] = (s[a] as number) + (x[a] as number) * u
    }
    for (let a = 0; a < p; a++) {
      const ma = meat[a] as number[]
      for (let b = 0; b < p; b++) ma[b] = (ma[b] as number) + (s[a] as number) * (s[b] as number)
    }
  }
  const c = (G / (G - 1)) * ((n - 1) / (n - p))
  const t = studentTQuantile(0.975, G - 1)
  const coefficients = names.map((name, j) => {
    // (inv · meat · inv)[j][j]
    const invJ = inv[j] as number[]
    let v = 0
    for (let a = 0; a < p; a++) {
      const ma = meat[a] as number[]
      let inner = 0
      for (let b = 0; b < p; b++) inner += (ma[b] as number) * (invJ[b] as number)
      v += (invJ[a] as number) * inner
    }
    const se = Math.sqrt(Math.max(0, c * v))
    const estimate = beta[j] as number
    return { name, estimate, se, ci95: [estimate - t * se, estimate + t * se] as [number, number] }
  })
  return { status: 'ok', coefficients, n, clusters: G, df: G - 1 }
}
