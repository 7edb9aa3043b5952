import { normalQuantile, wilsonInterval } from '@revlab/stats'
import type { DifferenceEstimate, OddsRatioEstimate, ProportionEstimate } from './types.js'

export function proportion(successes: number, n: number): ProportionEstimate {
  return {
    estimate: n > 0 ? successes / n : null,
    ci95: wilsonInterval(successes, n),
    successes,
    n,
    method: 'wilson',
  }
}

/**
 * Newcombe's hybrid score interval for p1 − p2 (his method 10), built from the
 * two Wilson intervals: unlike the Wald interval it stays inside [−1, 1] and
 * keeps its coverage near 0% and 100%.
 */
export function proportionDifference(a: ProportionEstimate, b: ProportionEstimate): DifferenceEstimate {
  if (a.estimate === null || b.estimate === null || !a.ci95 || !b.ci95) {
    return { estimate: null, ci95: null, method: 'newcombe-wilson' }
  }
  const d = a.estimate - b.estimate
  const [l1, u1] = a.ci95
  const [l2, u2] = b.ci95
  const lo = d - Math.sqrt((a.estimate - l1) ** 2 + (u2 - b.estimate) ** 2)
  const hi = d + Math.sqrt((u1 - a.estimate) ** 2 + (b.estimate - l2) ** 2)
  return { estimate: d, ci95: [lo, hi], method: 'newcombe-wilson' }
}

/** Odds ratio of A over B with Woolf's log interval; a 0.5 continuity correction only when a cell is empty. */
export function oddsRatio(a: ProportionEstimate, b: ProportionEstimate): OddsRatioEstimate {
  if (a.n === 0 || b.n === 0) return { estimate: null, ci95: null, method: 'woolf-log' }
  let cells = [a.successes, a.n - a.successes, b.successes, b.n - b.successes]
  if (cells.some((c) => c === 0)) cells = cells.map((c) => c + 0.5)
  const [w1, l1, w2, l2] = cells as [number, number, number, number]
  const log = Math.log((w1 * l2) / (l1 * w2))
  const se = Math.sqrt(1 / w1 + 1 / l1 + 1 / w2 + 1 / l2)
  const z = normalQuantile(0.975)
  return {
    estimate: Math.exp(log),
    ci95: [Math.exp(log - z * se), Math.exp(log + z * se)],
    method: 'woolf-log',
  }
}
