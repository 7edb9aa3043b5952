import { invertSymmetric, multiplyVector, toSparseRows, type SparseRows } from './linear-algebra.js'
import { normalQuantile } from './distributions.js'
import type { Coefficient } from './linear-regression.js'

export type CoxCoefficient = Coefficient & { hazardRatio: number; hazardRatioCi95: [number, number] }

export type CoxFit =
  | {
      status: 'ok'
      coefficients: CoxCoefficient[]
      /** Partial log-likelihood at β = 0 and at the estimate (R's `fit$loglik`). */
      loglik: [number, number]
      iterations: number
      n: number
      events: number
    }
  | { status: 'insufficient-data'; needed: number; got: number; reason: string }

export type CoxOptions = { l2?: number; maxIterations?: number; tolerance?: number }

/** The distinct times, ascending, and each row's index into them. */
export type TimeSlots = { times: ArrayLike<number>; slot: Int32Array }

export function timeSlots(time: ArrayLike<number>): TimeSlots {
  const n = time.length
  const sorted = Float64Array.from(time).sort()
  let m = 0
  for (let k = 0; k < n; k++) if (m === 0 || sorted[k] !== sorted[m - 1]) sorted[m++] = sorted[k] as number
  const times = sorted.slice(0, m)
  const slot = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const t = time[i] as number
    let lo = 0
    let hi = m - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((times[mid] as number) < t) lo = mid + 1
      else hi = mid
    }
    slot[i] = lo
  }
  return { times, slot }
}

/**
 * Cox proportional hazards by Newton-Raphson on the partial likelihood with
 * Efron's handling of tied event times, as R's `coxph(Surv(time, event) ~ …)`
 * (its default ties = "efron"): coefficients, model-based standard errors,
 * Wald 95% intervals and hazard ratios. An optional L2 penalty (½·λ·‖β‖²)
 * keeps a model with rare or collinear terms finite.
 */
export function fitCox(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  columns: Record<string, ArrayLike<number>>,
  options: CoxOptions = {},
): CoxFit {
  const names = Object.keys(columns)
  const n = time.length
  // Columns other than 0/1 indicators are centered (as coxph does) for
  // numerical stability; indicators stay uncentered so that they stay sparse.
  const cols = Object.values(columns)
  const means = cols.map((col) => {
    let mean = 0
    let indicator = true
    for (let i = 0; i < n; i++) {
      const v = col[i] as number
      mean += v
      if (v !== 0 && v !== 1) indicator = false
    }
    return indicator ? 0 : mean / n
  })
  return fitCoxRows(time, event, names, toSparseRows(cols, n, { offsets: means }), options)
}

/**
 * The same fit on a design already in sparse rows (`toSparseRows`, no
 * intercept; center columns other than indicators first), `terms` naming its
 * columns. `timeSlots` may give the distinct times and each row's slot when
 * the caller has them.
 *
 * The sums over risk sets are taken per distinct time (risk and risk-weighted
 * covariates tallied per time, then accumulated from the latest time down),
 * so rows need no sorting; the second-moment part of the information,
 * Σₜ Σ_{i ∈ R(t)} cₜ·rᵢ·xᵢxᵢᵀ, is regrouped per row as Σᵢ rᵢ·(Σ_{t ≤ tᵢ} cₜ)·xᵢxᵢᵀ:
 * one weighted pass over the sparse rows per Newton step.
 */
export function fitCoxRows(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  terms: readonly string[],
  rows: SparseRows,
  options: CoxOptions & { timeSlots?: TimeSlots } = {},
): CoxFit {
  const opts = { l2: 0, maxIterations: 50, tolerance: 1e-12, ...options }
  const names = terms
  const p = names.length
  const n = time.length
  const isEvent = new Uint8Array(n)
  let events = 0
  for (let i = 0; i < n; i++) {
    const e = event[i]
    if (e === true || e === 1) {
      isEvent[i] = 1
      events++
    }
  }
  if (events <= p)
    return { status: 'insufficient-data', needed: p + 1, got: events, reason: 'too few events for the terms' }
  const { rowStart, index: idx, value: val } = rows
  const { times, slot } = options.timeSlots ?? timeSlots(time)
  const m = times.length
  const deaths = new Int32Array(m)
  for (let i = 0; i < n; i++)
    if (isEvent[i] === 1) deaths[slot[i] as number] = (deaths[slot[i] as number] as number) + 1

  // Per-row and per-time work space, reused by every evaluation.
  const risk = new Float64Array(n)
  const slotRisk = new Float64Array(m)
  const slotDeathRisk = new Float64Array(m)
  const slotX = new Float64Array(m * p)
  const slotDeathX = new Float64Array(m * p)
  /** Per time: Σ over event times up to it of Efron's Σₗ 1/z₀ₗ, and its own Σₗ (l/d)/z₀ₗ. */
  const cumInv = new Float64Array(m)
  const ownF = new Float64Array(m)
  const outer = new Float64Array(p * p)
  const s1 = new Float64Array(p)

  // The score's first part, Σ over events of x, does not depend on β.
  const eventX = new Float64Array(p)
  for (let i = 0; i < n; i++) {
    if (isEvent[i] !== 1) continue
    for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
      const a = idx[k] as number
      eventX[a] = (eventX[a] as number) + (val ? (val[k] as number) : 1)
    }
  }

  /** Log-likelihood and score at β; leaves the state `information` needs in the work space. */
  const evaluate = (beta: Float64Array): { loglik: number; score: number[] } => {
    let loglik = 0
    const score = Float64Array.from(eventX)
    slotRisk.fill(0)
    slotDeathRisk.fill(0)
    slotX.fill(0)
    slotDeathX.fill(0)
    for (let i = 0; i < n; i++) {
      const from = rowStart[i] as number
      const to = rowStart[i + 1] as number
      let eta = 0
      if (!val) for (let k = from; k < to; k++) eta += beta[idx[k] as number] as number
      else for (let k = from; k < to; k++) eta += (val[k] as number) * (beta[idx[k] as number] as number)
      const r = Math.exp(eta)
      risk[i] = r
      const s = slot[i] as number
      const base = s * p
      slotRisk[s] = (slotRisk[s] as number) + r
      const dead = isEvent[i] === 1
      if (dead) {
        loglik += eta
        slotDeathRisk[s] = (slotDeathRisk[s] as number) + r
      }
      const sums = dead ? slotDeathX : slotX
      if (!val)
        for (let k = from; k < to; k++) {
          const cell = base + (idx[k] as number)
          sums[cell] = (sums[cell] as number) + r
        }
      else
        for (let k = from; k < to; k++) {
          const cell = base + (idx[k] as number)
          sums[cell] = (sums[cell] as number) + r * (val[k] as number)
        }
    }
    // From the latest time down: the risk set's sums, and Efron's terms at each event time
    // (the l-th of d tied deaths sees the risk set less l/d of the dead).
    let s0 = 0
    s1.fill(0)
    outer.fill(0)
    for (let s = m - 1; s >= 0; s--) {
      s0 += slotRisk[s] as number
      const base = s * p
      for (let a = 0; a < p; a++)
        s1[a] = (s1[a] as number) + (slotX[base + a] as number) + (slotDeathX[base + a] as number)
      const d = deaths[s] as number
      if (d === 0) {
        cumInv[s] = 0
        ownF[s] = 0
        continue
      }
      const t0 = slotDeathRisk[s] as number
      let sumInv = 0
      let sumF = 0
      let sumInv2 = 0
      let sumF2 = 0
      let sumFF2 = 0
      for (let l = 0; l < d; l++) {
        const f = l / d
        const z0 = s0 - f * t0
        loglik -= Math.log(z0)
        sumInv += 1 / z0
        sumF += f / z0
        sumInv2 += 1 / (z0 * z0)
        sumF2 += f / (z0 * z0)
        sumFF2 += (f * f) / (z0 * z0)
      }
      cumInv[s] = sumInv
      ownF[s] = sumF
      for (let a = 0; a < p; a++) {
        const s1a = s1[a] as number
        const t1a = slotDeathX[base + a] as number
        score[a] = (score[a] as number) - (s1a * sumInv - t1a * sumF)
        const row = a * p
        for (let b = 0; b <= a; b++) {
          const s1b = s1[b] as number
          const t1b = slotDeathX[base + b] as number
          outer[row + b] =
            (outer[row + b] as number) +
            (s1a * s1b * sumInv2 - (s1a * t1b + t1a * s1b) * sumF2 + t1a * t1b * sumFF2)
        }
      }
    }
    for (let s = 1; s < m; s++) cumInv[s] = (cumInv[s] as number) + (cumInv[s - 1] as number)
    const out = Array.from(score)
    if (opts.l2 > 0)
      for (let a = 0; a < p; a++) {
        loglik -= 0.5 * opts.l2 * (beta[a] as number) ** 2
        out[a] = (out[a] as number) - opts.l2 * (beta[a] as number)
      }
    return { loglik, score: out }
  }

  /** The information matrix at the β last evaluated. */
  const information = (): number[][] => {
    const second = new Float64Array(p * p)
    for (let i = 0; i < n; i++) {
      const s = slot[i] as number
      const w = (risk[i] as number) * ((cumInv[s] as number) - (isEvent[i] === 1 ? (ownF[s] as number) : 0))
      const from = rowStart[i] as number
      const to = rowStart[i + 1] as number
      if (!val) {
        for (let k = from; k < to; k++) {
          const base = (idx[k] as number) * p
          for (let l = from; l <= k; l++) {
            const cell = base + (idx[l] as number)
            second[cell] = (second[cell] as number) + w
          }
        }
      } else {
        for (let k = from; k < to; k++) {
          const base = (idx[k] as number) * p
          const wa = w * (val[k] as number)
          for (let l = from; l <= k; l++) {
            const cell = base + (idx[l] as number)
            second[cell] = (second[cell] as number) + wa * (val[l] as number)
          }
        }
      }
    }
    const info = Array.from({ length: p }, () => new Array<number>(p).fill(0))
    for (let a = 0; a < p; a++) {
      const row = info[a] as number[]
      for (let b = 0; b <= a; b++) {
        // Sparse rows list columns in increasing order, so the lower triangle has every pair.
        const v = (second[a * p + b] as number) - (outer[a * p + b] as number)
        row[b] = v
        ;(info[b] as number[])[a] = v
      }
      if (opts.l2 > 0) row[a] = (row[a] as number) + opts.l2
    }
    return info
  }

  let beta = new Float64Array(p)
  let current = { ...evaluate(beta), info: information() }
  const loglik0 = current.loglik
  let iterations = 0
  for (; iterations < opts.maxIterations; iterations++) {
    const inv = invertSymmetric(current.info)
    if (!inv)
      return { status: 'insufficient-data', needed: p + 1, got: events, reason: 'terms are collinear' }
    const step = multiplyVector(inv, current.score)
    let next = beta.map((b, j) => b + (step[j] as number))
    let trial = evaluate(next)
    // Step halving when the likelihood does not improve (as coxph does).
    for (let h = 0; h < 30 && !(trial.loglik >= current.loglik - 1e-12 * Math.abs(current.loglik)); h++) {
      next = beta.map((b, j) => (b + (next[j] as number)) / 2)
      trial = evaluate(next)
    }
    const change = Math.abs(trial.loglik - current.loglik)
    beta = next
    current = { ...trial, info: information() }
    if (change < opts.tolerance * (Math.abs(current.loglik) + 1)) break
  }
  const inv = invertSymmetric(current.info)
  if (!inv) return { status: 'insufficient-data', needed: p + 1, got: events, reason: 'terms are collinear' }
  const z = normalQuantile(0.975)
  return {
    status: 'ok',
    n,
    events,
    iterations: iterations + 1,
    loglik: [loglik0, current.loglik],
    coefficients: names.map((name, j) => {
      const estimate = beta[j] as number
      const se = Math.sqrt((inv[j] as number[])[j] as number)
      const ci95: [number, number] = [estimate - z * se, estimate + z * se]
      return {
        name,
        estimate,
        se,
        ci95,
        hazardRatio: Math.exp(estimate),
        hazardRatioCi95: [Math.exp(ci95[0]), Math.exp(ci95[1])],
      }
    }),
  }
}
