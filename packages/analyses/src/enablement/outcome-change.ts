/**
 * Outcome change: win rate, days to close, deal size and pipeline created.
 * Two comparisons, each with its interval: the staggered difference in
 * differences (rep and calendar-month or -quarter effects fitted on the deals
 * of reps not yet trained, each region its own rollout date; event study by
 * months since training, so the lag between training and closed deals shows;
 * leave-one-rep-out jackknife intervals with t(reps − 1)), and trained reps
 * against matched untrained reps (see matching.ts) with the balance table.
 * The verdict is the staggered comparison's.
 */
import {
  OUTCOME_LABELS,
  type EnablementInputs,
  type EnablementOptions,
  type OutcomeChange,
  type OutcomeEstimate,
  type OutcomeKey,
} from './types.js'
import { imputationEstimate, type PanelObservation } from './two-way-imputation.js'
import { matchedComparison } from './matching.js'
import { adjustedLogAmounts } from './size-adjustment.js'
import { ciText, eventStudyPoints, fmt, verdictOf } from './format.js'
import { closeMs, createdMs } from './times.js'

const DAY_MS = 86_400_000
/** Win rate and days to close count only deals created at least this long before the as-of date. */
export const MATURE_DAYS = 180
const monthIndex = (ms: number): number => {
  const d = new Date(ms)
  return d.getUTCFullYear() * 12 + d.getUTCMonth()
}

/** Deal-level (or rep-month) observations for one outcome; `eventTime` in calendar months since training. */
export function outcomePanel(
  inputs: EnablementInputs,
  outcome: OutcomeKey,
  completedAt: ReadonlyMap<string, number>,
  adjusted: ReadonlyMap<string, number> = adjustedLogAmounts(inputs),
  /** Other programs' completion times: covariates, 1 after the month the rep completed each (see behaviourPanel). */
  adjustFor: readonly ReadonlyMap<string, number>[] = [],
): PanelObservation[] {
  const reps = inputs.people.filter((p) => p.role === 'ae')
  const repIds = new Set(reps.map((p) => p.id))
  const eventTime = (ownerId: string, month: number): number | null => {
    const at = completedAt.get(ownerId)
    // The month of training counts as before: a deal created that month was mostly worked untrained.
    return at === undefined ? null : month - monthIndex(at) - 1
  }
  // Same convention as the event time: the month another program was completed counts as before it.
  const others = (ownerId: string, month: number): Partial<PanelObservation> =>
    adjustFor.length === 0
      ? {}
      : {
          covariates: adjustFor.map((p) => {
            const at = p.get(ownerId)
            return at !== undefined && month > monthIndex(at) ? 1 : 0
          }),
        }
  if (outcome === 'pipelineCreated') {
    const first = inputs.deals.reduce((m, d) => Math.min(m, monthIndex(createdMs(d))), Infinity)
    const last = monthIndex(Date.parse(`${inputs.asOf}T00:00:00Z`)) - 1
    const sums = new Map<string, number>()
    for (const d of inputs.deals) {
      if (!repIds.has(d.ownerId)) continue
      const key = `${d.ownerId}|${monthIndex(createdMs(d))}`
      sums.set(key, (sums.get(key) ?? 0) + d.amountCents / 100)
    }
    const out: PanelObservation[] = []
    for (const rep of reps) {
      const from = Math.max(first, monthIndex(Date.parse(`${rep.startDate}T00:00:00Z`)) + 1)
      for (let m = from; m <= last; m++)
        out.push({
          unit: rep.id,
          period: Math.floor(m / 3),
          y: sums.get(`${rep.id}|${m}`) ?? 0,
          eventTime: eventTime(rep.id, m),
          ...others(rep.id, m),
        })
    }
    return out
  }
  const matureBefore = Date.parse(`${inputs.asOf}T00:00:00Z`) - MATURE_DAYS * DAY_MS
  const out: PanelObservation[] = []
  for (const d of inputs.deals) {
    if (!repIds.has(d.ownerId)) continue
    const created = createdMs(d)
    let y: number
    if (outcome === 'logDealSize') {
      const a = adjusted.get(d.id)
      if (a === undefined) continue
      y = a
    } else {
      // Only deals old enough to have closed either way: recent deals that closed fast would skew both.
      if (!d.isClosed || created > matureBefore) continue
      y = outcome === 'winRate' ? (d.isWon ? 1 : 0) : (closeMs(d) - created) / DAY_MS
    }
    const month = monthIndex(created)
    out.push({
      unit: d.ownerId,
      period: outcome === 'logDealSize' ? Math.floor(month / 3) : month,
      y,
      eventTime: eventTime(d.ownerId, month),
      ...others(d.ownerId, month),
    })
  }
  return out
}

const describe = (outcome: OutcomeKey, x: number, digits: number): string =>
  outcome === 'winRate'
    ? `${fmt(x * 100, 1)} points`
    : outcome === 'logDealSize'
      ? `${fmt((Math.exp(x) - 1) * 100, 1)}%`
      : outcome === 'daysToClose'
        ? `${fmt(x, 1)} days`
        : `$${fmt(x, digits)} a month`

export function outcomeChange(
  inputs: EnablementInputs,
  programName: string,
  completedAt: ReadonlyMap<string, number>,
  options: EnablementOptions,
  /** Other programs' completion times, adjusted for (see `outcomePanel`). */
  adjustFor: readonly ReadonlyMap<string, number>[] = [],
): OutcomeChange {
  const adjusted = adjustedLogAmounts(inputs)
  const matched = matchedComparison(inputs, completedAt, options, adjusted)
  const edge = options.eventBins
  const bin = (months: number): number => Math.max(-edge, Math.min(edge, months))
  const outcomes: OutcomeKey[] = ['winRate', 'daysToClose', 'logDealSize', 'pipelineCreated']
  const estimates: OutcomeEstimate[] = outcomes.map((outcome) => {
    const panel = outcomePanel(inputs, outcome, completedAt, adjusted, adjustFor)
    const result = imputationEstimate(panel, bin, {
      minControls: options.minControlReps,
      maxEventTime: options.maxMonthsAfter,
      interval: 'jackknife',
    })
    // The verdict rests on the staggered comparison, whose leave-one-rep-out intervals hold their
    // nominal coverage on null programs; the matched comparison is shown beside it as a check.
    const verdict = verdictOf(result.estimate, result.ci95)
    const m = matched.effects[outcome]
    const label = OUTCOME_LABELS[outcome]
    const digits = outcome === 'pipelineCreated' ? 0 : 3
    const ciFormat = (x: number): string => describe(outcome, x, digits)
    const staggeredText = `${describe(outcome, result.estimate ?? 0, digits)} (${ciText(result.ci95, digits, ciFormat)})`
    const matchedText =
      m.estimate === null
        ? 'no estimate'
        : `${describe(outcome, m.estimate, digits)} (${ciText(m.ci95, digits, ciFormat)})`
    const sentence =
      verdict === 'insufficient-data'
        ? `Not enough deals to measure ${label} after ${programName}.`
        : verdict === 'no-detectable-change'
          ? `No detectable change in ${label} after ${programName}: ${staggeredText}; the interval covers zero.`
          : `After ${programName}, ${label} ${verdict === 'increase' ? 'rose' : 'fell'}: ${staggeredText} against reps not yet trained in the same months; against matched untrained reps ${matchedText}.`
    return {
      outcome,
      label,
      staggered: { estimate: result.estimate, ci95: result.ci95, n: result.treatedUsed + result.untreated },
      matched: matched.effects[outcome],
      eventStudy: eventStudyPoints(result, edge, 'mo'),
      verdict,
      sentence,
    }
  })
  return {
    outcomes: estimates,
    balance: matched.balance,
    matching: {
      trained: matched.trained,
      matched: matched.pairs.length,
      unmatched: matched.unmatched,
      method: matched.method,
      pairs: matched.pairs,
    },
  }
}
