import { regularizedBeta } from './distributions.js'
import type { Interval } from './proportion-interval.js'

/** Quantile of the Beta(a, b) distribution by bisection on the regularized incomplete beta (to ~1e-15). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0
  if (p >= 1) return 1
  let lo = 0
  let hi = 1
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (regularizedBeta(mid, a, b) < p) lo = mid
    else hi = mid
    if (hi - lo < 1e-16) break
  }
  return (lo + hi) / 2
}

/**
 * Jeffreys interval for a binomial proportion: the equal-tailed interval of
 * the Beta(x + ½, n − x + ½) posterior, with the lower bound 0 at x = 0 and
 * the upper bound 1 at x = n (Brown, Cai and DasGupta 2001).
 */
export function jeffreysInterval(successes: number, n: number, level = 0.95): Interval | null {
  if (n <= 0) return null
  const alpha = 1 - level
  const a = successes + 0.5
  const b = n - successes + 0.5
  return [
    successes === 0 ? 0 : betaQuantile(alpha / 2, a, b),
    successes === n ? 1 : betaQuantile(1 - alpha / 2, a, b),
  ]
}
