/**
 * Design helper: for a new program, a staggered rollout (a waitlist) instead
 * of a held-back group. Wave 1 is trained after W weeks of baseline calls,
 * wave 2 waits W more weeks and is the comparison meanwhile, then is trained.
 * Each rep's change (mean behaviour W weeks after minus W weeks before) is
 * compared between waves with a two-sample t test; its SD comes from the
 * data: per-call variation within a rep (σ), calls per rep-week (c) and the
 * drift of a rep's own level from month to month (τ):
 *   SD(change) = √(2 (σ² / (c·W) + τ² · min(1, 4/W))).
 * Reps per wave: R's power.t.test(delta, sd, power) (see packages/stats/src/power.ts).
 */
import { twoSampleTSampleSize } from '@revlab/stats'
import { behaviourPanel } from './behaviour-change.js'
import { BEHAVIOUR_LABELS, type Behaviour, type EnablementInputs, type RolloutDesign } from './types.js'
import { fmt } from './format.js'

const WEEKS = [2, 4, 6, 8, 12, 16, 26]

export function rolloutDesign(
  inputs: EnablementInputs,
  options: {
    behaviour: Behaviour
    effect: number
    power: number
    alpha?: number
    completedAt: ReadonlyMap<string, number>
  },
): RolloutDesign {
  const alpha = options.alpha ?? 0.05
  const availableReps = inputs.people.filter((p) => p.role === 'ae' && p.active).length
  // Untrained calls only: the variation a new program's comparison would see.
  const panel = behaviourPanel(inputs, options.behaviour, options.completedAt).filter(
    (o) => o.eventTime === null || o.eventTime < 0,
  )
  const byRep = new Map<string, { ys: number[]; weeks: Set<number>; blocks: Map<number, number[]> }>()
  for (const o of panel) {
    const cell = byRep.get(o.unit) ?? {
      ys: [],
      weeks: new Set<number>(),
      blocks: new Map<number, number[]>(),
    }
    cell.ys.push(o.y)
    cell.weeks.add(o.period)
    const block = Math.floor(o.period / 4)
    const list = cell.blocks.get(block)
    if (list) list.push(o.y)
    else cell.blocks.set(block, [o.y])
    byRep.set(o.unit, cell)
  }
  let ss = 0
  let df = 0
  let calls = 0
  let repWeeks = 0
  let driftSs = 0
  let driftDf = 0
  let samplingShare = 0
  for (const cell of byRep.values()) {
    const m = cell.ys.reduce((a, b) => a + b, 0) / cell.ys.length
    ss += cell.ys.reduce((s, y) => s + (y - m) ** 2, 0)
    df += cell.ys.length - 1
    calls += cell.ys.length
    const first = Math.min(...cell.weeks)
    const last = Math.max(...cell.weeks)
    repWeeks += last - first + 1
    for (const ys of cell.blocks.values()) {
      const bm = ys.reduce((a, b) => a + b, 0) / ys.length
      driftSs += (bm - m) ** 2
      driftDf += 1
      samplingShare += 1 / ys.length
    }
  }
  const sigma = df > 0 ? Math.sqrt(ss / df) : null
  const perWeek = repWeeks > 0 ? calls / repWeeks : null
  const tau2 =
    sigma !== null && driftDf > 0
      ? Math.max(0, driftSs / driftDf - (sigma * sigma * samplingShare) / driftDf)
      : 0
  const label = BEHAVIOUR_LABELS[options.behaviour]
  const designs =
    sigma === null || perWeek === null
      ? []
      : WEEKS.map((weeks) => {
          const sdOfChange = Math.sqrt(
            2 * ((sigma * sigma) / (perWeek * weeks) + tau2 * Math.min(1, 4 / weeks)),
          )
          const n = twoSampleTSampleSize(options.effect, sdOfChange, options.power, alpha)
          const repsPerWave = Number.isFinite(n) ? Math.ceil(n) : null
          return {
            weeks,
            sdOfChange,
            repsPerWave,
            totalReps: repsPerWave === null ? null : 2 * repsPerWave,
            feasible: repsPerWave !== null && 2 * repsPerWave <= availableReps,
          }
        })
  const best = designs.find((d) => d.feasible)
  const recommendation =
    best && best.repsPerWave !== null
      ? { weeks: best.weeks, repsPerWave: best.repsPerWave, totalReps: 2 * best.repsPerWave }
      : null
  const waves = recommendation
    ? [
        {
          wave: 1,
          startWeek: recommendation.weeks,
          reps: recommendation.repsPerWave,
          note: `trained after ${recommendation.weeks} weeks of baseline calls (chosen at random)`,
        },
        {
          wave: 2,
          startWeek: 2 * recommendation.weeks,
          reps: availableReps - recommendation.repsPerWave,
          note: `the waitlist: the comparison for weeks ${recommendation.weeks}–${2 * recommendation.weeks}, then trained`,
        },
      ]
    : []
  const sentence = recommendation
    ? `To detect a change of ${fmt(options.effect, 2)} in ${label} with ${Math.round(options.power * 100)}% power, ` +
      `train ${recommendation.repsPerWave} randomly chosen reps after ${recommendation.weeks} weeks of baseline and keep the other ` +
      `${availableReps - recommendation.repsPerWave} on a waitlist for ${recommendation.weeks} more weeks (${3 * recommendation.weeks} weeks in all); nobody is held back for good.`
    : sigma === null
      ? `Not enough untrained calls to size a rollout for ${label}.`
      : `A change of ${fmt(options.effect, 2)} in ${label} cannot be detected with ${availableReps} reps within ${WEEKS[WEEKS.length - 1]} weeks; look for a bigger effect or pool more teams.`
  return {
    behaviour: options.behaviour,
    effect: options.effect,
    power: options.power,
    alpha,
    withinRepSd: sigma,
    callsPerRepWeek: perWeek,
    availableReps,
    options: designs,
    recommendation,
    waves,
    sentence,
  }
}
