/**
 * Behaviour change (leading indicators): per-call behaviours before and
 * after each rep's completion, against reps not yet trained (or never) in the
 * same calendar weeks, by the staggered imputation estimator (rep and week
 * effects), with an event study by four-week "months" since training and
 * cluster-robust intervals by rep with t(reps − 1) (two-way-imputation.ts).
 */
import {
  BEHAVIOURS,
  BEHAVIOUR_LABELS,
  type Behaviour,
  type BehaviourChange,
  type EnablementInputs,
  type EnablementOptions,
} from './types.js'
import { imputationEstimate, type PanelObservation } from './two-way-imputation.js'
import { ciText, eventStudyPoints, fmt, verdictOf } from './format.js'
import { startedMs } from './times.js'

const WEEK_MS = 7 * 86_400_000

/** 1 per program the person completed at or before `ms`, else 0. */
export const completedBefore = (
  programs: readonly ReadonlyMap<string, number>[],
  personId: string,
  ms: number,
): number[] =>
  programs.map((p) => {
    const at = p.get(personId)
    return at !== undefined && at <= ms ? 1 : 0
  })

/** The behaviour's value on a call, or null when the call does not measure it. */
export const behaviourValue = (
  call: EnablementInputs['calls'][number],
  behaviour: Behaviour,
): number | null => {
  switch (behaviour) {
    case 'openQuestions':
      return call.openQuestions
    case 'talkRatio':
      return call.talkRatio
    case 'painUncovered':
      return call.painUncovered ? 1 : 0
    case 'valueBeforePrice':
      return call.valueBeforePrice === null ? null : call.valueBeforePrice ? 1 : 0
  }
}

/**
 * `adjustFor`: other programs' completion times. Each becomes a covariate
 * (1 on calls after the rep completed that program), so a program rolled out
 * in the same weeks does not leak into this one's not-yet-trained comparison.
 */
export function behaviourPanel(
  inputs: EnablementInputs,
  behaviour: Behaviour,
  completedAt: ReadonlyMap<string, number>,
  adjustFor: readonly ReadonlyMap<string, number>[] = [],
): PanelObservation[] {
  const reps = new Set(inputs.people.filter((p) => p.role === 'ae').map((p) => p.id))
  const out: PanelObservation[] = []
  for (const call of inputs.calls) {
    if (call.ownerId === null || !reps.has(call.ownerId)) continue
    const y = behaviourValue(call, behaviour)
    if (y === null) continue
    const ms = startedMs(call)
    const trained = completedAt.get(call.ownerId)
    out.push({
      unit: call.ownerId,
      period: Math.floor(ms / WEEK_MS),
      y,
      eventTime: trained === undefined ? null : Math.floor((ms - trained) / WEEK_MS),
      ...(adjustFor.length > 0 && { covariates: completedBefore(adjustFor, call.ownerId, ms) }),
    })
  }
  return out
}

export function behaviourChange(
  inputs: EnablementInputs,
  programName: string,
  completedAt: ReadonlyMap<string, number>,
  options: EnablementOptions,
  behaviours: readonly Behaviour[] = BEHAVIOURS,
  /** Other programs' completion times, adjusted for (see `behaviourPanel`). */
  adjustFor: readonly ReadonlyMap<string, number>[] = [],
): BehaviourChange[] {
  const edge = options.eventBins
  const bin = (weeks: number): number =>
    Math.max(-edge, Math.min(edge, Math.floor(weeks / options.behaviourBinWeeks)))
  return behaviours.map((behaviour) => {
    const panel = behaviourPanel(inputs, behaviour, completedAt, adjustFor)
    const result = imputationEstimate(panel, bin, {
      minControls: options.minControlReps,
      maxEventTime: Number.POSITIVE_INFINITY,
    })
    const pre = panel.filter((o) => o.eventTime !== null && o.eventTime < 0)
    const baseline = pre.length ? pre.reduce((s, o) => s + o.y, 0) / pre.length : null
    const verdict = verdictOf(result.estimate, result.ci95)
    const label = BEHAVIOUR_LABELS[behaviour]
    const digits = behaviour === 'openQuestions' ? 2 : 3
    const est = result.estimate === null ? '–' : fmt(result.estimate, digits)
    const sentence =
      verdict === 'insufficient-data'
        ? `Not enough trained and untrained calls to measure ${label} after ${programName}.`
        : verdict === 'no-detectable-change'
          ? `No detectable change in ${label} after ${programName}: ${est} (${ciText(result.ci95, digits)}); the interval covers zero.`
          : `After ${programName}, ${label} ${verdict === 'increase' ? 'rose' : 'fell'} by ${fmt(Math.abs(result.estimate as number), digits)} (${ciText(result.ci95, digits)}) against reps not yet trained in the same weeks` +
            (baseline === null ? '.' : `, from a baseline of ${fmt(baseline, digits)}.`)
    return {
      behaviour,
      label,
      estimate: result.estimate,
      ci95: result.ci95,
      baseline,
      calls: panel.length,
      trainedCalls: result.treatedUsed,
      reps: result.units,
      eventStudy: eventStudyPoints(result, edge, 'mo'),
      verdict,
      sentence,
    }
  })
}
