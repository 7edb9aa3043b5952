import { wilsonInterval, type Interval } from './proportion-interval.js'

const isPositive = (v: number | boolean): boolean => v === true || v === 1

/**
 * Area under the ROC curve: the probability that a random positive scores
 * above a random negative, ties counted half (the Mann-Whitney statistic
 * with average ranks; equals sklearn's roc_auc_score). Null without both
 * classes, or when a score is NaN (sklearn raises an error).
 * The scores, and the positives' scores, are sorted as typed arrays and
 * walked together: each positive gets the average rank of its tie group.
 */
export function rocAuc(y: ArrayLike<number | boolean>, score: ArrayLike<number>): number | null {
  const n = y.length
  let positives = 0
  let finite = true
  for (let i = 0; i < n; i++) {
    if (isPositive(y[i] as number | boolean)) positives++
    if (Number.isNaN(score[i])) finite = false
  }
  const negatives = n - positives
  if (positives === 0 || negatives === 0) return null
  if (!finite) return null
  const all = new Float64Array(n)
  const pos = new Float64Array(positives)
  for (let i = 0, j = 0; i < n; i++) {
    const s = score[i] as number
    all[i] = s
    if (isPositive(y[i] as number | boolean)) pos[j++] = s
  }
  all.sort()
  pos.sort()
  let rankSumPositive = 0
  let j = 0
  for (let start = 0; start < n;) {
    const s = all[start] as number
    let end = start
    while (end < n && all[end] === s) end++
    let tied = 0
    while (j < positives && pos[j] === s) {
      tied++
      j++
    }
    // Ranks are whole or half numbers: these sums are exact.
    rankSumPositive += tied * ((start + 1 + end) / 2)
    start = end
  }
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives)
}

/** Mean squared difference between predicted probability and outcome (sklearn's brier_score_loss). */
export function brierScore(y: ArrayLike<number | boolean>, p: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < y.length; i++)
    sum += ((p[i] as number) - (isPositive(y[i] as number | boolean) ? 1 : 0)) ** 2
  return sum / y.length
}

/** Mean negative log-likelihood, probabilities clipped to [ε, 1 − ε] with ε = 1e-15. */
export function logLoss(y: ArrayLike<number | boolean>, p: ArrayLike<number>): number {
  const eps = 1e-15
  let sum = 0
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i] as number))
    sum -= isPositive(y[i] as number | boolean) ? Math.log(q) : Math.log(1 - q)
  }
  return sum / y.length
}

export type CalibrationBin = {
  lo: number
  hi: number
  n: number
  meanPredicted: number
  observedRate: number
  observedCi95: Interval
}

/**
 * Calibration in equal-width probability bins ([0, 1/k), …, [(k−1)/k, 1]):
 * per bin the mean predicted probability, the observed rate and its Wilson
 * interval. Empty bins are left out.
 */
export function calibrationBins(
  y: ArrayLike<number | boolean>,
  p: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  const n = new Array<number>(bins).fill(0)
  const wins = new Array<number>(bins).fill(0)
  const sumP = new Array<number>(bins).fill(0)
  for (let i = 0; i < y.length; i++) {
    const q = p[i] as number
    const b = Math.min(bins - 1, Math.max(0, Math.floor(q * bins)))
    n[b] = (n[b] as number) + 1
    sumP[b] = (sumP[b] as number) + q
    if (isPositive(y[i] as number | boolean)) wins[b] = (wins[b] as number) + 1
  }
  const out: CalibrationBin[] = []
  for (let b = 0; b < bins; b++) {
    const nb = n[b] as number
    if (nb === 0) continue
    out.push({
      lo: b / bins,
      hi: (b + 1) / bins,
      n: nb,
      meanPredicted: (sumP[b] as number) / nb,
      observedRate: (wins[b] as number) / nb,
      observedCi95: wilsonInterval(wins[b] as number, nb) as Interval,
    })
  }
  return out
}
