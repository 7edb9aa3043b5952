/**
 * The forecast's building blocks, each using only what was known at the start
 * of a day D (dated before D): which deals were open, their stage and signals
 * then, a win model fitted on snapshots of deals that closed before D, and
 * the conditional chance of closing by a date given a deal's age
 * (Kaplan-Meier of days to close, open deals censored).
 */
import type { DealOutcome, DealOutcomeInputs, ForecastDealInput, ForecastInputs } from '@revlab/domain'
import { kaplanMeierFromCounts } from '@revlab/stats'
import { fitWinModel } from '../win-patterns/win-model.js'

const DAY_MS = 86_400_000
export const dayNumber = (iso: string): number =>
  Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS)
export const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** Deal kinds whose amount is a booking (a use case's amount is expected consumption, not a booking). */
export const BOOKINGS_KINDS = new Set(['new_logo', 'expansion', 'renewal'])

/** A deal with its dates as day numbers. */
export type DealDays = {
  deal: ForecastDealInput
  created: number
  /** Close day for closed deals, Infinity for open ones. */
  closed: number
  /** The day each stage was entered and each signal observed, as `deal.stages` and `deal.signals`. */
  stageDays: Int32Array
  signalDays: Int32Array
  /** True when `signalDays` never decreases (the loader's order): signalsAt can stop at the first later one. */
  signalsSorted?: boolean
}

const nonDecreasing = (days: Int32Array): boolean => {
  for (let k = 1; k < days.length; k++) if ((days[k] as number) < (days[k - 1] as number)) return false
  return true
}

export const toDealDays = (deal: ForecastDealInput): DealDays => {
  const signalDays = Int32Array.from(deal.signals, (s) => dayNumber(s.observedOn))
  return {
    deal,
    created: dayNumber(deal.createdOn),
    closed: deal.isClosed ? dayNumber(deal.closeDate) : Infinity,
    stageDays: Int32Array.from(deal.stages, (s) => dayNumber(s.enteredOn)),
    signalDays,
    signalsSorted: nonDecreasing(signalDays),
  }
}

/** Open at the start of day D: created before D, not closed before D. */
export const openAt = (d: DealDays, day: number): boolean => d.created < day && d.closed >= day

/** The stage a deal was in at the start of day D (its first stage if none was entered before D). */
export function stageAt(d: DealDays, day: number): { key: string; probability: number } {
  const stages = d.deal.stages
  // The stage entered last before D (the first stage if none was).
  let current = stages[0]
  let latest = -Infinity
  for (let k = 0; k < stages.length; k++) {
    const at = d.stageDays[k] as number
    if (at < day && at >= latest) {
      current = stages[k]
      latest = at
    }
  }
  return current ? { key: current.key, probability: current.probability } : { key: 'unknown', probability: 0 }
}

/** Each signal's latest value observed before day D (on a tie, the later in the list). */
export function signalsAt(d: DealDays, day: number): Record<string, string> {
  const out: Record<string, string> = {}
  const signals = d.deal.signals
  if (d.signalsSorted) {
    // In day order the latest value before D (the later on a tie) is the last one written.
    for (let k = 0; k < signals.length; k++) {
      if ((d.signalDays[k] as number) >= day) break
      const s = signals[k] as ForecastDealInput['signals'][number]
      out[s.key] = s.value
    }
    return out
  }
  const when: Record<string, number> = {}
  for (let k = 0; k < signals.length; k++) {
    const at = d.signalDays[k] as number
    if (at >= day) continue
    const s = signals[k] as ForecastDealInput['signals'][number]
    if (at >= (when[s.key] ?? -Infinity)) {
      out[s.key] = s.value
      when[s.key] = at
    }
  }
  return out
}

export type WinScorer = {
  status: 'ok' | 'insufficient-data'
  note: string
  trainingRows: number
  trainingDeals: number
  snapshots: number
  /** Win probability of each (deal, day) asked for, in order. */
  probabilities: Float64Array
}

/**
 * The L2 penalty of the win model. Stage is the strongest predictor and a
 * heavier penalty pulls it toward the mean: on the demo backtests (small seed
 * 2, medium seed 42) λ = 0.1 scored as well as or better than 1, 5 and 20.
 */
export const WIN_MODEL_L2 = 0.1

/** Closed deals the win model needs before it is trusted. */
export const MIN_TRAINING_DEALS = 200

const SNAPSHOT_SIGNALS: DealOutcomeInputs['signals'] = [
  { key: 'stage', label: 'Stage', group: 'pipeline', valueType: 'category' },
  { key: 'kind', label: 'Deal kind', group: 'pipeline', valueType: 'category' },
  { key: 'age_days', label: 'Days open', group: 'pipeline', valueType: 'number' },
]

/** First days of the months from `first` months before D's month to `last` months before it. */
export function snapshotDays(day: number, first = 15, last = 3): number[] {
  const d = new Date(day * DAY_MS)
  const out: number[] = []
  for (let m = first; m >= last; m--) {
    out.push(Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - m, 1) / DAY_MS))
  }
  return out
}

/** Per deal list and snapshot day, the rows of the closed deals open that day (in list order), as `describe` makes them. */
const snapshotRowCache = new WeakMap<
  readonly DealDays[],
  { hasPoc: boolean; rows: Map<number, { d: DealDays; row: DealOutcome }[]> }
>()

/**
 * The win model as of day D: the win-patterns logistic model (L2 λ = 0.1, one
 * indicator per signal value, "not recorded" indicators) plus stage, kind and
 * age, fitted on snapshots — each deal open on the first day of a past month
 * (3 to 15 months before D), described as it was known that day, labelled by
 * how it ended — of deals that closed before D. Then applied to the deals
 * asked for, described as known on their day.
 */
export function winScorer(
  inputs: ForecastInputs,
  deals: readonly DealDays[],
  day: number,
  score: readonly { deal: DealDays; day: number }[],
): WinScorer {
  const hasPoc = inputs.signals.some((s) => s.key === 'poc')
  const dayIso = isoDay(day)
  const describe = (d: DealDays, at: number, closed: boolean): DealOutcome => {
    const signals = signalsAt(d, at)
    if (hasPoc && signals.poc === undefined) signals.poc = 'none'
    signals.stage = stageAt(d, at).key
    signals.kind = d.deal.kind
    signals.age_days = String(at - d.created)
    return {
      id: d.deal.id,
      ownerId: d.deal.ownerId,
      segment: '',
      createdOn: d.deal.createdOn,
      closeDate: closed ? d.deal.closeDate : dayIso,
      isClosed: closed,
      isWon: closed && d.deal.isWon,
      amountCents: d.deal.amountCents,
      signals,
    }
  }
  const rows: DealOutcome[] = []
  const snapshots = snapshotDays(day)
  const trained = new Set<string>()
  // A closed deal's snapshot row does not depend on D: the backtest's runs share them.
  let cache = snapshotRowCache.get(deals)
  if (!cache || cache.hasPoc !== hasPoc) snapshotRowCache.set(deals, (cache = { hasPoc, rows: new Map() }))
  for (const s of snapshots) {
    let known = cache.rows.get(s)
    if (!known) {
      known = []
      for (const d of deals)
        if (d.closed !== Infinity && openAt(d, s)) known.push({ d, row: describe(d, s, true) })
      cache.rows.set(s, known)
    }
    for (const { d, row } of known) {
      if (d.closed >= day) continue
      rows.push(row)
      trained.add(d.deal.id)
    }
  }
  const trainingRows = rows.length
  for (const q of score) rows.push(describe(q.deal, q.day, false))
  const base = (() => {
    let wins = 0
    for (let i = 0; i < trainingRows; i++) if ((rows[i] as DealOutcome).isWon) wins++
    return trainingRows ? wins / trainingRows : 0.5
  })()
  const fallback = (note: string): WinScorer => ({
    status: 'insufficient-data',
    note,
    trainingRows,
    trainingDeals: trained.size,
    snapshots: snapshots.length,
    probabilities: new Float64Array(score.length).fill(base),
  })
  let wins = 0
  for (let i = 0; i < trainingRows; i++) if ((rows[i] as DealOutcome).isWon) wins++
  if (trained.size < MIN_TRAINING_DEALS || wins < 10 || trainingRows - wins < 10)
    return fallback(
      `Only ${trained.size} deals closed before ${isoDay(day)} with a snapshot (${trainingRows} snapshots, ${wins} won; ${MIN_TRAINING_DEALS} deals needed): every deal gets the base rate ${(base * 100).toFixed(0)}%.`,
    )
  const model = fitWinModel(
    { asOf: isoDay(day), signals: [...inputs.signals, ...SNAPSHOT_SIGNALS], deals: rows },
    { train: (i) => i < trainingRows, l2: WIN_MODEL_L2 },
  )
  if (model.status !== 'ok')
    return fallback(`The win model could not be fitted (${model.reason}): base rate used.`)
  return {
    status: 'ok',
    note: `Logistic model (L2, λ = ${WIN_MODEL_L2}) on ${trainingRows} snapshots of ${trained.size} deals that closed before ${isoDay(day)}.`,
    trainingRows,
    trainingDeals: trained.size,
    snapshots: snapshots.length,
    probabilities: model.probabilities.slice(trainingRows),
  }
}

export type CloseCurve = {
  /** survival[t] = P(still open t days after the snapshot); beyond the array the last value holds. */
  survival: Float64Array
  n: number
}

/** Age bands the closing curves are split by: how long a deal has been open matters. */
export const ageBand = (age: number): string => (age < 60 ? '0-59' : age < 180 ? '60-179' : '180+')

function residualCurve(times: number[], events: number[]): CloseCurve {
  let maxT = 0
  for (const t of times) if (t > maxT) maxT = t
  const ev = new Float64Array(maxT + 1)
  const ce = new Float64Array(maxT + 1)
  times.forEach((t, i) => {
    if (events[i]) ev[t] = (ev[t] as number) + 1
    else ce[t] = (ce[t] as number) + 1
  })
  const km = kaplanMeierFromCounts(
    Float64Array.from({ length: maxT + 1 }, (_, t) => t),
    ev,
    ce,
  )
  const survival = new Float64Array(maxT + 1).fill(1)
  let k = 0
  let s = 1
  for (let t = 0; t <= maxT; t++) {
    const step = km.steps[k]
    if (step && step.time === t) {
      s = step.survival
      k++
    }
    survival[t] = s
  }
  return { survival, n: times.length }
}

export type CloseCurves = { curves: Map<string, CloseCurve>; minRows: number }

/** Per deal list and snapshot day, the deals open that day (in list order) with their stage and stage|age-band key. */
const closeSnapshotCache = new WeakMap<
  readonly DealDays[],
  Map<number, { d: DealDays; stage: string; band: string }[]>
>()

/**
 * Kaplan-Meier of the days from a snapshot (the first day of each of the 15
 * months before D) to close, won or lost, over the deals open at the snapshot:
 * closing before D is an event, still open on D's eve is censored. One curve
 * per stage and age band at the snapshot, per stage, and overall; a deal is
 * read off the narrowest curve with at least `minRows` snapshots.
 */
export function closeCurves(deals: readonly DealDays[], day: number, minRows = 50): CloseCurves {
  const groups = new Map<string, { times: number[]; events: number[] }>()
  const add = (key: string, t: number, e: number): void => {
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { times: [], events: [] }))
    g.times.push(t)
    g.events.push(e)
  }
  // Which deals were open on a snapshot day and their stage then do not depend on D: the backtest's runs share them.
  let cache = closeSnapshotCache.get(deals)
  if (!cache) closeSnapshotCache.set(deals, (cache = new Map()))
  for (const s of snapshotDays(day, 15, 1)) {
    let known = cache.get(s)
    if (!known) {
      known = []
      for (const d of deals) {
        if (!openAt(d, s)) continue
        const stage = stageAt(d, s).key
        known.push({ d, stage, band: `${stage}|${ageBand(s - d.created)}` })
      }
      cache.set(s, known)
    }
    for (const { d, stage, band } of known) {
      const isEvent = d.closed < day ? 1 : 0
      const t = Math.max(0, isEvent ? d.closed - s : day - 1 - s)
      add('', t, isEvent)
      add(stage, t, isEvent)
      add(band, t, isEvent)
    }
  }
  const curves = new Map<string, CloseCurve>()
  for (const [key, g] of groups) curves.set(key, residualCurve(g.times, g.events))
  return { curves, minRows }
}

/**
 * For a deal in `stage`, `age` days old at the start of D: the chance it closes
 * (won or lost) within `window` days, and the median remaining days (null when
 * the curve does not fall that far).
 */
export function conditionalClose(
  curves: CloseCurves,
  stage: string,
  age: number,
  window: number,
): { probability: number; medianRemaining: number | null } {
  const pick = [`${stage}|${ageBand(age)}`, stage, '']
    .map((k) => curves.curves.get(k))
    .find((c) => c !== undefined && c.n >= curves.minRows)
  if (!pick) return { probability: 0, medianRemaining: null }
  const sv = pick.survival
  const probability = Math.max(0, Math.min(1, 1 - (sv[Math.min(window - 1, sv.length - 1)] as number)))
  let medianRemaining: number | null = null
  for (let t = 0; t < sv.length; t++) {
    if ((sv[t] as number) <= 0.5) {
      medianRemaining = t
      break
    }
  }
  return { probability, medianRemaining }
}
