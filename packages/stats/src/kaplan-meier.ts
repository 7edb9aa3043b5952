import { normalQuantile } from './distributions.js'

/** One step of a Kaplan-Meier curve, at a distinct observed time (event or censoring), as R's survfit. */
export type KaplanMeierStep = {
  time: number
  nRisk: number
  nEvent: number
  nCensor: number
  survival: number
  /** Greenwood standard error of −ln S(t) (R's `std.err`). */
  stdErr: number
  /** 95% interval, log transform (R's default conf.type "log"); null where undefined (S = 0). */
  lower: number | null
  upper: number | null
}

export type KaplanMeier = {
  n: number
  events: number
  steps: KaplanMeierStep[]
  median: number | null
  /** R's `quantile(fit, 0.5)$lower/upper`: where the lower and upper curves cross 0.5. */
  medianCi95: [number | null, number | null]
}

/**
 * Kaplan-Meier estimate with Greenwood variance and log-transformed 95%
 * intervals, and the median with its interval exactly as R's
 * `survfit(Surv(time, event) ~ 1)` and `quantile()` compute them (including
 * the midpoint rule when the curve sits exactly at 0.5).
 */
export function kaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  level = 0.95,
): KaplanMeier {
  const n = time.length
  const order = Array.from({ length: n }, (_, i) => i)
  let sorted = true
  for (let i = 1; i < n && sorted; i++) if ((time[i] as number) < (time[i - 1] as number)) sorted = false
  if (!sorted) order.sort((a, b) => (time[a] as number) - (time[b] as number))
  const times: number[] = []
  const events: number[] = []
  const censored: number[] = []
  for (let k = 0; k < n; k++) {
    const i = order[k] as number
    const t = time[i] as number
    if (times.length === 0 || times[times.length - 1] !== t) {
      times.push(t)
      events.push(0)
      censored.push(0)
    }
    const e = event[i]
    const last = times.length - 1
    if (e === true || e === 1) events[last] = (events[last] as number) + 1
    else censored[last] = (censored[last] as number) + 1
  }
  return kaplanMeierFromCounts(times, events, censored, level)
}

/**
 * Kaplan-Meier from counts at distinct times (ascending): the same estimate,
 * for callers that have already tallied events and censorings per time (for
 * example per day over many deals), in time proportional to the distinct times.
 */
export function kaplanMeierFromCounts(
  times: ArrayLike<number>,
  events: ArrayLike<number>,
  censored: ArrayLike<number>,
  level = 0.95,
): KaplanMeier {
  const z = normalQuantile(1 - (1 - level) / 2)
  let n = 0
  for (let k = 0; k < times.length; k++) n += (events[k] as number) + (censored[k] as number)
  const steps: KaplanMeierStep[] = []
  let atRisk = n
  let surv = 1
  let varSum = 0
  let total = 0
  for (let k = 0; k < times.length; k++) {
    const d = events[k] as number
    const c = censored[k] as number
    if (d + c === 0) continue
    if (d > 0) {
      surv *= 1 - d / atRisk
      varSum += atRisk === d ? Infinity : d / (atRisk * (atRisk - d))
    }
    total += d
    const se = Math.sqrt(varSum)
    const defined = surv > 0 && Number.isFinite(se)
    steps.push({
      time: times[k] as number,
      nRisk: atRisk,
      nEvent: d,
      nCensor: c,
      survival: surv,
      stdErr: se,
      lower: defined ? surv * Math.exp(-z * se) : null,
      upper: defined ? Math.min(1, surv * Math.exp(z * se)) : null,
    })
    atRisk -= d + c
  }
  const stepTimes = steps.map((s) => s.time)
  const quantileOf = (curve: (number | null)[]): number | null => survfitQuantile(stepTimes, curve, 0.5)
  return {
    n,
    events: total,
    steps,
    median: quantileOf(steps.map((s) => s.survival)),
    // The lower survival curve crosses one half first: it gives the lower limit.
    medianCi95: [quantileOf(steps.map((s) => s.lower)), quantileOf(steps.map((s) => s.upper))],
  }
}

/**
 * R's survival:::findq for one probability: the first time the curve reaches
 * 1 − p, averaging with the next distinct step when the curve lies exactly on
 * it (within √ε). Missing points (null) are dropped, as `approx` does.
 */
export function survfitQuantile(
  times: readonly number[],
  curve: readonly (number | null)[],
  p: number,
): number | null {
  const tol = Math.sqrt(2.220446049250313e-16)
  const xmax = times.length > 0 ? (times[times.length - 1] as number) : 0
  const xsAll = [0, ...times]
  const ysAll: (number | null)[] = [0, ...curve.map((s) => (s === null ? null : 1 - s))]
  let maxY = -Infinity
  for (const y of ysAll) if (y !== null && y > maxY) maxY = y
  if (maxY < p) return null
  // Drop duplicated y values (keep the first), as R's duplicated(); NA counts as one value.
  const xs: number[] = []
  const ys: (number | null)[] = []
  const seen = new Set<number | null>()
  for (let i = 0; i < ysAll.length; i++) {
    const y = ysAll[i] as number | null
    if (seen.has(y)) continue
    seen.add(y)
    xs.push(xsAll[i] as number)
    ys.push(y)
  }
  const lastY = ys[ys.length - 1]
  // approx(y ± tol, 1:n, p, "constant", f = 1): the first index whose shifted y reaches p.
  const firstReaching = (shift: number): number | null => {
    let prev: number | null = null
    for (let i = 0; i < ys.length; i++) {
      const y = ys[i]
      if (y === null || y === undefined) continue
      const v = y + shift
      if (v === p) return i
      if (v > p) return prev === null ? null : i
      prev = i
    }
    return null
  }
  const i1 = firstReaching(tol)
  const i2 = firstReaching(-tol)
  if (lastY !== null && lastY !== undefined && Math.abs(p - lastY) < tol) {
    return i1 === null ? null : ((xs[i1] as number) + xmax) / 2
  }
  if (i1 === null || i2 === null) return null
  return ((xs[i1] as number) + (xs[i2] as number)) / 2
}

/** The Kaplan-Meier survival at time t (right-continuous step function). */
export function survivalAt(km: KaplanMeier, t: number): number {
  let s = 1
  for (const step of km.steps) {
    if (step.time > t) break
    s = step.survival
  }
  return s
}
