/**
 * The staggered difference-in-differences engine (the imputation estimator
 * of Borusyak, Jaravel and Spiess): unit and period fixed effects are fitted
 * on the untreated observations only (reps not trained yet, or never), each
 * treated observation's untreated outcome is imputed from its unit's and
 * period's effects, and the effect is the mean of observed minus imputed.
 * Each unit may start at its own time, so a regional rollout (each region
 * its own date) needs no common "after"; heterogeneous effects do not bias
 * it the way a two-way fixed-effects regression would. Intervals: cluster-robust
 * by unit (rep) with t(G − 1) critical values (see `clusterInterval`).
 */
import { studentTQuantile } from '@revlab/stats'

export type PanelObservation = {
  unit: string
  /** Calendar period (e.g. week or month index). */
  period: number
  y: number
  /** Periods since the unit's treatment (negative before); null for a unit never treated. */
  eventTime: number | null
  /**
   * The cluster of the interval (default: the unit). When treatment is
   * assigned to groups of units (a region's rollout date), cluster by the
   * group: units of one group share shocks that a by-unit variance misses.
   */
  cluster?: string
  /**
   * Other treatments in force at this observation (e.g. 1 once the unit has
   * completed another program), the same length on every observation. They
   * are fitted with the unit and period effects on the untreated rows and kept
   * in the imputed outcome, so a treatment rolled out in the same periods
   * (whose effect sits in the not-yet-treated comparison rows) is not read as
   * this one's effect.
   */
  covariates?: readonly number[]
}

export type ImputationFit = {
  /** Mean effect over the treated observations that could be imputed. */
  att: number | null
  treatedUsed: number
  /** Treated observations left out: no untreated observation of their unit, too few untreated units in their period, or too long after training. */
  treatedDropped: number
  untreated: number
  /** Mean effect (post) or mean fit residual (pre) per event-time bin. */
  byBin: Map<number, { sum: number; n: number }>
}

/** Cholesky factor L of (A + εI) for a symmetric positive semi-definite A (ε pins the free constant). */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number
      if (i === j) sum += 1e-9 * Math.max(1, sum)
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number)
      if (i === j) l[i * n + i] = Math.sqrt(Math.max(sum, 1e-12))
      else l[i * n + j] = sum / (l[j * n + j] as number)
    }
  }
  return l
}

/** Solves L Lᵀ x = b. */
function solveCholesky(l: Float64Array, b: Float64Array, n: number): Float64Array {
  const z = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] as number) * (z[k] as number)
    z[i] = sum / (l[i * n + i] as number)
  }
  const x = new Float64Array(n)
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] as number
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] as number) * (x[k] as number)
    x[i] = sum / (l[i * n + i] as number)
  }
  return x
}

/** The observations as typed arrays (units and periods numbered). */
type Indexed = {
  n: number
  units: number
  unit: Int32Array
  cluster: Int32Array
  clusters: number
  period: Int32Array
  periods: number
  y: Float64Array
  treated: Uint8Array
  /** Event time, NaN for never-treated units. */
  event: Float64Array
  bin: Int32Array
  /** The bin numbered 0..bins−1 (`binValues[binId]` is the bin). */
  binId: Int32Array
  binValues: number[]
  /** Covariates per row, row-major (`k` per row). */
  k: number
  x: Float64Array
}

function indexPanel(obs: readonly PanelObservation[], bin: (eventTime: number) => number): Indexed {
  const unitIds = new Map<string, number>()
  const clusterIds = new Map<string, number>()
  const periodIds = new Map<number, number>()
  const n = obs.length
  const ix: Indexed = {
    n,
    units: 0,
    unit: new Int32Array(n),
    cluster: new Int32Array(n),
    clusters: 0,
    period: new Int32Array(n),
    periods: 0,
    y: new Float64Array(n),
    treated: new Uint8Array(n),
    event: new Float64Array(n),
    bin: new Int32Array(n),
    binId: new Int32Array(n),
    binValues: [],
    k: 0,
    x: new Float64Array(0),
  }
  const k = obs.reduce((m, o) => Math.max(m, o.covariates?.length ?? 0), 0)
  ix.k = k
  ix.x = new Float64Array(n * k)
  const binIds = new Map<number, number>()
  obs.forEach((o, i) => {
    let u = unitIds.get(o.unit)
    if (u === undefined) unitIds.set(o.unit, (u = unitIds.size))
    let t = periodIds.get(o.period)
    if (t === undefined) periodIds.set(o.period, (t = periodIds.size))
    ix.unit[i] = u
    const key = o.cluster ?? o.unit
    let g = clusterIds.get(key)
    if (g === undefined) clusterIds.set(key, (g = clusterIds.size))
    ix.cluster[i] = g
    ix.period[i] = t
    ix.y[i] = o.y
    ix.treated[i] = o.eventTime !== null && o.eventTime >= 0 ? 1 : 0
    ix.event[i] = o.eventTime === null ? Number.NaN : o.eventTime
    const b = o.eventTime === null ? 0 : bin(o.eventTime)
    ix.bin[i] = b
    let id = binIds.get(b)
    if (id === undefined) {
      binIds.set(b, (id = binIds.size))
      ix.binValues.push(b)
    }
    ix.binId[i] = id
    o.covariates?.forEach((v, j) => (ix.x[i * k + j] = v))
  })
  ix.periods = periodIds.size
  ix.units = unitIds.size
  ix.clusters = clusterIds.size
  return ix
}

/**
 * The normal equations of y ~ unit + period on the untreated rows, factored
 * once: the larger set of effects is eliminated (Schur complement) and the
 * smaller one Cholesky-factored, so any right-hand side (the outcome sums for
 * the fit, or the treated rows' design sums for the imputation weights) is a
 * cheap solve. Only unit effect + period effect is identified, which is all
 * imputation needs.
 */
type TwoWaySystem = {
  unitCount: Float64Array
  periodCount: Float64Array
  /** Solves for unit and period effects given the right-hand side by unit and by period. */
  solve: (
    byUnit: Float64Array,
    byPeriod: Float64Array,
  ) => { unitEffect: Float64Array; periodEffect: Float64Array }
}

function twoWaySystem(ix: Indexed): TwoWaySystem {
  const U = ix.units
  const T = ix.periods
  const keepUnits = U <= T
  const A = keepUnits ? U : T
  const B = keepUnits ? T : U
  const countA = new Float64Array(A)
  const countB = new Float64Array(B)
  const cross = new Float64Array(A * B)
  for (let i = 0; i < ix.n; i++) {
    if (ix.treated[i]) continue
    const u = ix.unit[i] as number
    const t = ix.period[i] as number
    const a = keepUnits ? u : t
    const b = keepUnits ? t : u
    countA[a] = (countA[a] as number) + 1
    countB[b] = (countB[b] as number) + 1
    cross[a * B + b] = (cross[a * B + b] as number) + 1
  }
  // (D_A − N D_B⁻¹ Nᵀ) x_A = s_A − N D_B⁻¹ s_B; an empty row gets 1 on the diagonal (its effect is unused).
  const m = new Float64Array(A * A)
  const nonzero: number[][] = Array.from({ length: B }, () => [])
  for (let a = 0; a < A; a++)
    for (let b = 0; b < B; b++) if ((cross[a * B + b] as number) !== 0) (nonzero[b] as number[]).push(a)
  for (let a = 0; a < A; a++) m[a * A + a] = (countA[a] as number) || 1
  for (let b = 0; b < B; b++) {
    const nb = countB[b] as number
    if (nb === 0) continue
    const list = nonzero[b] as number[]
    for (const a of list) {
      const w = (cross[a * B + b] as number) / nb
      for (const a2 of list) m[a * A + a2] = (m[a * A + a2] as number) - w * (cross[a2 * B + b] as number)
    }
  }
  const l = cholesky(m, A)
  const solve = (byUnit: Float64Array, byPeriod: Float64Array) => {
    const sumA = keepUnits ? byUnit : byPeriod
    const sumB = keepUnits ? byPeriod : byUnit
    const rhs = Float64Array.from(sumA)
    for (let b = 0; b < B; b++) {
      const nb = countB[b] as number
      if (nb === 0) continue
      for (const a of nonzero[b] as number[])
        rhs[a] = (rhs[a] as number) - ((cross[a * B + b] as number) / nb) * (sumB[b] as number)
    }
    const xA = solveCholesky(l, rhs, A)
    const xB = new Float64Array(B)
    for (let b = 0; b < B; b++) {
      const nb = countB[b] as number
      if (nb === 0) {
        xB[b] = Number.NaN
        continue
      }
      let r = sumB[b] as number
      for (const a of nonzero[b] as number[]) r -= (cross[a * B + b] as number) * (xA[a] as number)
      xB[b] = r / nb
    }
    for (let a = 0; a < A; a++) if ((countA[a] as number) === 0) xA[a] = Number.NaN
    return keepUnits ? { unitEffect: xA, periodEffect: xB } : { unitEffect: xB, periodEffect: xA }
  }
  return {
    unitCount: keepUnits ? countA : countB,
    periodCount: keepUnits ? countB : countA,
    solve,
  }
}

type Effects = { unitEffect: Float64Array; periodEffect: Float64Array; beta: Float64Array }

/**
 * The normal equations of y ~ unit + period + covariates on the untreated
 * rows, by block elimination: with F the unit and period dummies and X the
 * covariates, β solves (X'X − X'F(F'F)⁻F'X) β = c_X − X'F(F'F)⁻c_F (the k×k
 * matrix is X̃'X̃, X̃ the covariates net of the two-way effects), then the
 * effects solve F'F a = c_F − F'X β. A covariate the two-way effects absorb
 * (X̃ ≈ 0 on the untreated rows) gets β = 0. Without covariates this is the
 * two-way system.
 */
type ModelSystem = {
  k: number
  solve: (byUnit: Float64Array, byPeriod: Float64Array, byCovariate: Float64Array) => Effects
}

function modelSystem(ix: Indexed): ModelSystem {
  const two = twoWaySystem(ix)
  const k = ix.k
  if (k === 0) return { k, solve: (u, p) => ({ ...two.solve(u, p), beta: new Float64Array(0) }) }
  /** Σ over untreated rows of x_ij · (a_unit + a_period), per covariate j. */
  const crossFitted = (a: { unitEffect: Float64Array; periodEffect: Float64Array }): Float64Array => {
    const q = new Float64Array(k)
    for (let i = 0; i < ix.n; i++) {
      if (ix.treated[i]) continue
      const f =
        (a.unitEffect[ix.unit[i] as number] as number) + (a.periodEffect[ix.period[i] as number] as number)
      for (let j = 0; j < k; j++) q[j] = (q[j] as number) + (ix.x[i * k + j] as number) * f
    }
    return q
  }
  // M = X'X − X'F(F'F)⁻F'X, one two-way solve per covariate.
  const m = new Float64Array(k * k)
  const raw = new Float64Array(k)
  for (let j = 0; j < k; j++) {
    const byUnit = new Float64Array(ix.units)
    const byPeriod = new Float64Array(ix.periods)
    const xx = new Float64Array(k)
    for (let i = 0; i < ix.n; i++) {
      if (ix.treated[i]) continue
      const v = ix.x[i * k + j] as number
      byUnit[ix.unit[i] as number] = (byUnit[ix.unit[i] as number] as number) + v
      byPeriod[ix.period[i] as number] = (byPeriod[ix.period[i] as number] as number) + v
      for (let l = 0; l < k; l++) xx[l] = (xx[l] as number) + v * (ix.x[i * k + l] as number)
    }
    raw[j] = xx[j] as number
    const q = crossFitted(two.solve(byUnit, byPeriod))
    for (let l = 0; l < k; l++) m[l * k + j] = (xx[l] as number) - (q[l] as number)
  }
  // Covariates the two-way effects absorb are left out (β = 0).
  const active = Array.from(
    { length: k },
    (_, j) => (m[j * k + j] as number) > 1e-8 * Math.max(1, raw[j] as number),
  )
  for (let j = 0; j < k; j++) {
    if (active[j]) continue
    for (let l = 0; l < k; l++) {
      m[j * k + l] = 0
      m[l * k + j] = 0
    }
    m[j * k + j] = 1
  }
  const l = cholesky(m, k)
  const solve = (byUnit: Float64Array, byPeriod: Float64Array, byCovariate: Float64Array): Effects => {
    const q = crossFitted(two.solve(byUnit, byPeriod))
    const rhs = new Float64Array(k)
    for (let j = 0; j < k; j++) rhs[j] = active[j] ? (byCovariate[j] as number) - (q[j] as number) : 0
    const beta = solveCholesky(l, rhs, k)
    const u = Float64Array.from(byUnit)
    const p = Float64Array.from(byPeriod)
    for (let i = 0; i < ix.n; i++) {
      if (ix.treated[i]) continue
      let xb = 0
      for (let j = 0; j < k; j++) xb += (ix.x[i * k + j] as number) * (beta[j] as number)
      u[ix.unit[i] as number] = (u[ix.unit[i] as number] as number) - xb
      p[ix.period[i] as number] = (p[ix.period[i] as number] as number) - xb
    }
    return { ...two.solve(u, p), beta }
  }
  return { k, solve }
}

/** x_i · β for row i. */
const covariatePart = (ix: Indexed, i: number, beta: Float64Array): number => {
  let xb = 0
  for (let j = 0; j < ix.k; j++) xb += (ix.x[i * ix.k + j] as number) * (beta[j] as number)
  return xb
}

/** Least squares of y ~ unit + period (+ covariates) on the untreated rows; effects of units or periods with no untreated row are NaN. */
function fitTwoWay(ix: Indexed, system: ModelSystem): Effects {
  const byUnit = new Float64Array(ix.units)
  const byPeriod = new Float64Array(ix.periods)
  const byCovariate = new Float64Array(ix.k)
  for (let i = 0; i < ix.n; i++) {
    if (ix.treated[i]) continue
    const u = ix.unit[i] as number
    const t = ix.period[i] as number
    const y = ix.y[i] as number
    byUnit[u] = (byUnit[u] as number) + y
    byPeriod[t] = (byPeriod[t] as number) + y
    for (let j = 0; j < ix.k; j++)
      byCovariate[j] = (byCovariate[j] as number) + (ix.x[i * ix.k + j] as number) * y
  }
  return system.solve(byUnit, byPeriod, byCovariate)
}

/**
 * `minControls`: a treated observation is imputed only when its period has at
 * least this many untreated units (late periods, when nearly everyone is
 * trained, would otherwise rest on two or three reps). `maxEventTime`: treated
 * observations further from training than this are left out.
 */
export type ImputationLimits = { minControls: number; maxEventTime: number }

type IndexedFit = ImputationFit & {
  /** Fitted untreated outcome (unit + period effect) per row; NaN where not identified. */
  fitted: Float64Array
  /** 1 for a treated row that entered the estimate. */
  used: Uint8Array
}

function fitIndexed(ix: Indexed, units: number, limits: ImputationLimits, system: ModelSystem): IndexedFit {
  const { unitEffect, periodEffect, beta } = fitTwoWay(ix, system)
  // Distinct untreated units per period.
  const controls = new Int32Array(ix.periods)
  const seen = new Uint8Array(units * ix.periods)
  let untreated = 0
  for (let i = 0; i < ix.n; i++) {
    if (ix.treated[i]) continue
    untreated += 1
    const key = (ix.unit[i] as number) * ix.periods + (ix.period[i] as number)
    if (!seen[key]) {
      seen[key] = 1
      controls[ix.period[i] as number] = (controls[ix.period[i] as number] as number) + 1
    }
  }
  const binSum = new Float64Array(ix.binValues.length)
  const binN = new Float64Array(ix.binValues.length)
  const addBin = (b: number, v: number): void => {
    binSum[b] = (binSum[b] as number) + v
    binN[b] = (binN[b] as number) + 1
  }
  const fitted = new Float64Array(ix.n)
  const used = new Uint8Array(ix.n)
  let sum = 0
  let count = 0
  let treatedCount = 0
  for (let i = 0; i < ix.n; i++) {
    fitted[i] =
      (unitEffect[ix.unit[i] as number] as number) +
      (periodEffect[ix.period[i] as number] as number) +
      covariatePart(ix, i, beta)
    const event = ix.event[i] as number
    if (Number.isNaN(event)) continue
    const fit = fitted[i] as number
    if (!ix.treated[i]) {
      // Pre-training fit residuals of the eventually treated (a pre-trend check).
      addBin(ix.binId[i] as number, (ix.y[i] as number) - fit)
      continue
    }
    treatedCount += 1
    if (event > limits.maxEventTime) continue
    if ((controls[ix.period[i] as number] as number) < limits.minControls) continue
    if (Number.isNaN(fit)) continue
    const effect = (ix.y[i] as number) - fit
    sum += effect
    count += 1
    used[i] = 1
    addBin(ix.binId[i] as number, effect)
  }
  // Bins in first-seen order, as rows are read.
  const byBin = new Map<number, { sum: number; n: number }>()
  ix.binValues.forEach((b, id) => {
    if ((binN[id] as number) > 0) byBin.set(b, { sum: binSum[id] as number, n: binN[id] as number })
  })
  return {
    att: count > 0 ? sum / count : null,
    treatedUsed: count,
    treatedDropped: treatedCount - count,
    untreated,
    byBin,
    fitted,
    used,
  }
}

const unitCount = (ix: Indexed): number => ix.units

/** The rows where `keep` is 1, with the same unit, period and cluster numbering. */
function subset(ix: Indexed, keep: Uint8Array): Indexed {
  let n = 0
  for (let i = 0; i < ix.n; i++) n += keep[i] as number
  const out: Indexed = {
    n,
    units: ix.units,
    unit: new Int32Array(n),
    cluster: new Int32Array(n),
    clusters: ix.clusters,
    period: new Int32Array(n),
    periods: ix.periods,
    y: new Float64Array(n),
    treated: new Uint8Array(n),
    event: new Float64Array(n),
    bin: new Int32Array(n),
    binId: new Int32Array(n),
    binValues: ix.binValues,
    k: ix.k,
    x: new Float64Array(n * ix.k),
  }
  let k = 0
  for (let i = 0; i < ix.n; i++) {
    if (!keep[i]) continue
    for (let j = 0; j < ix.k; j++) out.x[k * ix.k + j] = ix.x[i * ix.k + j] as number
    out.unit[k] = ix.unit[i] as number
    out.cluster[k] = ix.cluster[i] as number
    out.period[k] = ix.period[i] as number
    out.y[k] = ix.y[i] as number
    out.treated[k] = ix.treated[i] as number
    out.event[k] = ix.event[i] as number
    out.bin[k] = ix.bin[i] as number
    out.binId[k] = ix.binId[i] as number
    k += 1
  }
  return out
}

export function imputationFit(
  obs: readonly PanelObservation[],
  bin: (eventTime: number) => number,
  limits: ImputationLimits,
): ImputationFit {
  const ix = indexPanel(obs, bin)
  const units = unitCount(ix)
  const { fitted: _fitted, used: _used, ...fit } = fitIndexed(ix, units, limits, modelSystem(ix))
  return fit
}

export type ImputationResult = {
  estimate: number | null
  ci95: [number, number] | null
  /** Cluster-robust standard error of the estimate (by unit). */
  se: number | null
  treatedUsed: number
  treatedDropped: number
  untreated: number
  units: number
  /** Per event-time bin: estimate (mean effect, or mean pre-training residual) with its interval. */
  bins: { bin: number; estimate: number; ci95: [number, number] | null; n: number }[]
  /** Clusters (units, or the observations' `cluster`) and the t degrees of freedom of the intervals (clusters − 1). */
  inference: { method: ImputationInterval; clusters: number; df: number }
}

/**
 * Every number the estimator reports is a weighted sum of outcomes, Σ wᵢ yᵢ:
 * a mean over a target set R (treated rows of a bin, or pre-training rows for
 * the pre-trend check) minus the imputed part, whose weights on the untreated
 * rows are −(a_unit + a_period) with a = (Z₀'Z₀)⁻ Σ_R zᵢ / |R|. Its variance
 * is the cluster-robust (by unit) sum of squared cluster scores,
 * G/(G−1) · Σ_g (Σ_{i∈g} wᵢ ε̂ᵢ)², with ε̂ the fit residual on untreated rows
 * and the effect minus its bin mean on treated rows (Borusyak, Jaravel and
 * Spiess 2024, Theorem 3: conservative when effects differ), and the
 * interval uses t with G − 1 degrees of freedom: honest with a few dozen reps,
 * where a percentile bootstrap over reps is too narrow.
 */
function clusterInterval(
  ix: Indexed,
  units: number,
  system: ModelSystem,
  target: Int32Array,
  residual: Float64Array,
  t: number,
): { se: number; half: number } | null {
  const G = ix.clusters
  if (target.length === 0 || G < 2) return null
  const share = 1 / target.length
  const sUnit = new Float64Array(units)
  const sPeriod = new Float64Array(ix.periods)
  const sCovariate = new Float64Array(ix.k)
  for (const i of target) {
    sUnit[ix.unit[i] as number] = (sUnit[ix.unit[i] as number] as number) + share
    sPeriod[ix.period[i] as number] = (sPeriod[ix.period[i] as number] as number) + share
    for (let j = 0; j < ix.k; j++)
      sCovariate[j] = (sCovariate[j] as number) + share * (ix.x[i * ix.k + j] as number)
  }
  const a = system.solve(sUnit, sPeriod, sCovariate)
  const score = new Float64Array(G)
  for (let i = 0; i < ix.n; i++) {
    if (ix.treated[i]) continue
    const w = -(
      (a.unitEffect[ix.unit[i] as number] as number) +
      (a.periodEffect[ix.period[i] as number] as number) +
      covariatePart(ix, i, a.beta)
    )
    const e = residual[i] as number
    if (Number.isFinite(w) && Number.isFinite(e))
      score[ix.cluster[i] as number] = (score[ix.cluster[i] as number] as number) + w * e
  }
  for (const i of target)
    score[ix.cluster[i] as number] =
      (score[ix.cluster[i] as number] as number) + share * (residual[i] as number)
  let v = 0
  for (let g = 0; g < G; g++) v += (score[g] as number) ** 2
  const se = Math.sqrt((G / (G - 1)) * v)
  return { se, half: t * se }
}

/**
 * How the intervals are made. `cluster-robust`: the analytic variance above
 * (one solve per reported number). `jackknife`: the estimator refitted
 * leaving out one cluster at a time, V = (G−1)/G · Σ_g (θ₋g − θ̄)² (CR3):
 * a unit with few untreated rows (an early-trained rep) pulls its own fit
 * residuals towards zero, which shrinks the analytic variance exactly where
 * the imputation leans hardest; the jackknife does not. Both use t(G − 1).
 */
export type ImputationInterval = 'cluster-robust' | 'jackknife'

/** Leave-one-cluster-out refits: the overall estimate and each bin's. */
function jackknife(ix: Indexed, limits: ImputationLimits): { att: number[]; bins: Map<number, number[]> } {
  const att: number[] = []
  const bins = new Map<number, number[]>()
  const keep = new Uint8Array(ix.n)
  for (let g = 0; g < ix.clusters; g++) {
    for (let i = 0; i < ix.n; i++) keep[i] = ix.cluster[i] === g ? 0 : 1
    const sub = subset(ix, keep)
    const fit = fitIndexed(sub, sub.units, limits, modelSystem(sub))
    if (fit.att === null) continue
    att.push(fit.att)
    for (const [b, cell] of fit.byBin) {
      const list = bins.get(b)
      if (list) list.push(cell.sum / cell.n)
      else bins.set(b, [cell.sum / cell.n])
    }
  }
  return { att, bins }
}

const jackknifeSe = (values: number[]): number | null => {
  const G = values.length
  if (G < 2) return null
  const mean = values.reduce((a, b) => a + b, 0) / G
  return Math.sqrt(((G - 1) / G) * values.reduce((a, v) => a + (v - mean) ** 2, 0))
}

/** The estimator with cluster intervals (by unit, or the observations' `cluster`) for every number it reports. */
export function imputationEstimate(
  obs: readonly PanelObservation[],
  bin: (eventTime: number) => number,
  limits: ImputationLimits & { interval?: ImputationInterval },
): ImputationResult {
  const ix = indexPanel(obs, bin)
  const units = unitCount(ix)
  const system = modelSystem(ix)
  const point = fitIndexed(ix, units, limits, system)
  const df = Math.max(1, ix.clusters - 1)
  const t = studentTQuantile(0.975, df)
  // Residuals: y − fitted on untreated rows; on used treated rows, the effect minus its bin's mean effect.
  const residual = new Float64Array(ix.n).fill(Number.NaN)
  const targets = new Map<number, number[]>()
  const all: number[] = []
  for (let i = 0; i < ix.n; i++) {
    const e = (ix.y[i] as number) - (point.fitted[i] as number)
    const event = ix.event[i] as number
    if (!ix.treated[i]) {
      residual[i] = e
      if (Number.isNaN(event)) continue
      const list = targets.get(ix.bin[i] as number)
      if (list) list.push(i)
      else targets.set(ix.bin[i] as number, [i])
    } else if (point.used[i]) {
      const cell = point.byBin.get(ix.bin[i] as number) as { sum: number; n: number }
      residual[i] = e - cell.sum / cell.n
      all.push(i)
      const list = targets.get(ix.bin[i] as number)
      if (list) list.push(i)
      else targets.set(ix.bin[i] as number, [i])
    }
  }
  const method = limits.interval ?? 'cluster-robust'
  const jack = method === 'jackknife' && point.att !== null ? jackknife(ix, limits) : null
  const interval = (
    estimate: number | null,
    target: number[],
    bin?: number,
  ): { ci95: [number, number] | null; se: number | null } => {
    if (estimate === null) return { ci95: null, se: null }
    if (jack) {
      const se = jackknifeSe(bin === undefined ? jack.att : (jack.bins.get(bin) ?? []))
      return se === null ? { ci95: null, se: null } : { ci95: [estimate - t * se, estimate + t * se], se }
    }
    const r = clusterInterval(ix, units, system, Int32Array.from(target), residual, t)
    return r === null || !Number.isFinite(r.se)
      ? { ci95: null, se: null }
      : { ci95: [estimate - r.half, estimate + r.half], se: r.se }
  }
  const overall = interval(point.att, all)
  return {
    estimate: point.att,
    ci95: overall.ci95,
    se: overall.se,
    treatedUsed: point.treatedUsed,
    treatedDropped: point.treatedDropped,
    untreated: point.untreated,
    units,
    bins: [...point.byBin.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([b, cell]) => ({
        bin: b,
        estimate: cell.sum / cell.n,
        ci95: interval(cell.sum / cell.n, targets.get(b) ?? [], b).ci95,
        n: cell.n,
      })),
    inference: { method, clusters: ix.clusters, df },
  }
}
