import { normalQuantile } from './distributions.js'

export type Interval = [lo: number, hi: number]

/**
 * Wilson score interval for a binomial proportion (as R's
 * `prop.test(x, n, correct = FALSE)$conf.int`). Honest at small n and at 0% or 100%.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): Interval | null {
  if (n <= 0) return null
  const z = normalQuantile(1 - (1 - level) / 2)
  const p = successes / n
  const z2 = z * z
  const center = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n)
  return [Math.max(0, center - half), Math.min(1, center + half)]
}
