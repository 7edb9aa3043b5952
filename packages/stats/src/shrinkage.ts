import { logGamma } from './distributions.js'
import { betaQuantile } from './beta.js'
import type { Interval } from './proportion-interval.js'

export type Shrunk = { estimate: number; ci95: Interval; priorStrength: number }

const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b)

/**
 * Beta-binomial shrinkage of one group's rate toward a base rate: the prior is
 * Beta(m·p₀, m·(1 − p₀)) with `priorStrength` m pseudo-deals, so the estimate
 * is (wins + m·p₀) / (n + m) and the interval is the posterior's equal-tailed
 * 95% interval. Small groups move toward p₀; large groups keep their own rate.
 */
export function shrinkTowardBaseRate(
  wins: number,
  n: number,
  baseRate: number,
  priorStrength: number,
  level = 0.95,
): Shrunk {
  const a = wins + priorStrength * baseRate
  const b = n - wins + priorStrength * (1 - baseRate)
  const alpha = 1 - level
  return {
    estimate: a / (a + b),
    ci95: [betaQuantile(alpha / 2, a, b), betaQuantile(1 - alpha / 2, a, b)],
    priorStrength,
  }
}

/**
 * Empirical-Bayes prior strength m: maximizes the beta-binomial marginal
 * likelihood of the groups' counts with the mean fixed at the base rate
 * (golden-section search on ln m over [ln 0.01, ln 1e6]). Returns the upper
 * bound when the groups look alike (no spread beyond binomial noise).
 */
export function estimatePriorStrength(
  groups: readonly { wins: number; n: number }[],
  baseRate: number,
): number {
  const objective = (logM: number): number => {
    const m = Math.exp(logM)
    const a = m * baseRate
    const b = m * (1 - baseRate)
    let ll = 0
    for (const g of groups) ll += logBeta(g.wins + a, g.n - g.wins + b) - logBeta(a, b)
    return ll
  }
  let lo = Math.log(0.01)
  let hi = Math.log(1e6)
  const phi = (Math.sqrt(5) - 1) / 2
  let c = hi - phi * (hi - lo)
  let d = lo + phi * (hi - lo)
  let fc = objective(c)
  let fd = objective(d)
  for (let i = 0; i < 200 && hi - lo > 1e-10; i++) {
    if (fc > fd) {
      hi = d
      d = c
      fd = fc
      c = hi - phi * (hi - lo)
      fc = objective(c)
    } else {
      lo = c
      c = d
      fc = fd
      d = lo + phi * (hi - lo)
      fd = objective(d)
    }
  }
  return Math.exp((lo + hi) / 2)
}
