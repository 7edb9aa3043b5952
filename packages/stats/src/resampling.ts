import { createRng, type Rng } from './random.js'

/** Sample quantile by linear interpolation between order statistics (R's default type 7). */
export function quantile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort()
  return quantileSorted(sorted, p)
}

export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number))
}

export type ResampleSummary = {
  estimate: number
  ci95: [number, number]
  replicates: number
  seed: number
  /** Replicates where the statistic was not finite (left out of the interval). */
  failed: number
}

/**
 * Seeded nonparametric bootstrap: `statistic` is called with `replicates`
 * index samples drawn with replacement from 0..n−1 (and once with the
 * identity for the point estimate); the interval is the percentile interval.
 */
export function bootstrap(
  n: number,
  statistic: (indices: Int32Array) => number,
  options: { replicates?: number; seed?: number; level?: number } = {},
): ResampleSummary {
  const { replicates = 1000, seed = 1, level = 0.95 } = options
  const rng = createRng(seed)
  const estimate = statistic(Int32Array.from({ length: n }, (_, i) => i))
  const values: number[] = []
  const indices = new Int32Array(n)
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(rng.next() * n)
    const v = statistic(indices)
    if (Number.isFinite(v)) values.push(v)
  }
  const sorted = Float64Array.from(values).sort()
  const alpha = (1 - level) / 2
  return {
    estimate,
    ci95: [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)],
    replicates,
    seed,
    failed: replicates - values.length,
  }
}

export type MonteCarloSummary = {
  mean: number
  p10: number
  p50: number
  p90: number
  replicates: number
  seed: number
  /** The sorted draws, for further quantiles or probabilities. */
  draws: Float64Array
}

/** Seeded Monte Carlo: `draw` is called `replicates` times with one generator; returns mean and P10/P50/P90. */
export function monteCarlo(
  draw: (rng: Rng) => number,
  options: { replicates?: number; seed?: number } = {},
): MonteCarloSummary {
  const { replicates = 10_000, seed = 1 } = options
  const rng = createRng(seed)
  const draws = new Float64Array(replicates)
  let sum = 0
  for (let r = 0; r < replicates; r++) {
    const v = draw(rng)
    draws[r] = v
    sum += v
  }
  draws.sort()
  return {
    mean: sum / replicates,
    p10: quantileSorted(draws, 0.1),
    p50: quantileSorted(draws, 0.5),
    p90: quantileSorted(draws, 0.9),
    replicates,
    seed,
    draws,
  }
}
