/**
 * How many deals an experiment needs to detect the smallest effect worth
 * detecting, and how many weeks that takes at the current deal flow of the
 * eligible deals. Pure: the closed-deal history comes in, the plan goes out.
 *
 * - win rate: two-sided test of two proportions (normal approximation),
 *   control rate = the eligible deals' historical win rate;
 * - days to close and deal size: two-sided two-sample t test on the log
 *   scale (R's power.t.test), σ = the historical SD of ln days / ln amount,
 *   the effect a ratio (0.8 = 20% faster, 1.2 = 20% larger).
 */
import type { ExperimentPlan, IsoDate } from '@revlab/domain'
import { createRng, deriveSeed, normalQuantile, twoSampleTSampleSize } from '@revlab/stats'

export type PlanHistoryDeal = { createdOn: IsoDate; closeDate: IsoDate; isWon: boolean; amountCents: number }

export type PlanInput = {
  primaryMetric: ExperimentPlan['primaryMetric']
  smallestEffect: number
  history: PlanHistoryDeal[]
  asOf: IsoDate
  flowWeeks?: number
  alpha?: number
  power?: number
}

const DAY_MS = 86_400_000
const dayNumber = (d: IsoDate): number => Date.parse(`${d}T00:00:00Z`) / DAY_MS

function sd(xs: number[]): number | null {
  if (xs.length < 3) return null
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1))
}

export function planExperiment(input: PlanInput): ExperimentPlan {
  const alpha = input.alpha ?? 0.05
  const power = input.power ?? 0.8
  const flowWeeks = input.flowWeeks ?? 12
  const { primaryMetric, smallestEffect, history } = input
  const won = history.filter((d) => d.isWon)
  const unit = primaryMetric === 'deal_size' ? 'won deals' : 'closed deals'
  const units = primaryMetric === 'deal_size' ? won : history
  let neededPerArm: number | null = null
  let basis: string
  switch (primaryMetric) {
    case 'win_rate': {
      const p0 = history.length ? won.length / history.length : 0.25
      const p1 = Math.min(0.99, p0 + smallestEffect)
      const z = normalQuantile(1 - alpha / 2) + normalQuantile(power)
      neededPerArm = p1 > p0 ? Math.ceil((z ** 2 * (p0 * (1 - p0) + p1 * (1 - p1))) / (p1 - p0) ** 2) : null
      basis =
        `two-sided test of two proportions: control win rate ${Math.round(p0 * 100)}%` +
        `${history.length ? ` (${history.length} eligible closed deals)` : ' (assumed, no history)'}` +
        ` vs +${Math.round(smallestEffect * 100)} points, α ${alpha}, power ${power}`
      break
    }
    case 'days_to_close':
    case 'deal_size': {
      const logs =
        primaryMetric === 'days_to_close'
          ? history.map((d) => Math.log(Math.max(1, dayNumber(d.closeDate) - dayNumber(d.createdOn))))
          : won.filter((d) => d.amountCents > 0).map((d) => Math.log(d.amountCents))
      const sigma = sd(logs)
      const delta = Math.log(smallestEffect)
      if (sigma !== null && delta !== 0) {
        const n = twoSampleTSampleSize(delta, sigma, power, alpha)
        neededPerArm = Number.isFinite(n) ? Math.ceil(n) : null
      }
      const what = primaryMetric === 'days_to_close' ? 'days' : 'amount'
      basis =
        sigma === null
          ? `too few eligible ${unit} to estimate the spread of ln ${what}`
          : delta === 0
            ? 'a ratio of 1 is no effect; give a ratio such as 0.8 or 1.2'
            : `two-sided t test on ln ${what}: ratio ${smallestEffect}, SD ${sigma.toFixed(2)} from ${logs.length} deals, α ${alpha}, power ${power}`
      break
    }
  }
  const end = dayNumber(input.asOf)
  const recent = units.filter((d) => {
    const day = dayNumber(d.closeDate)
    return day > end - flowWeeks * 7 && day <= end
  }).length
  const weeklyFlow = recent / flowWeeks
  const neededTotal = neededPerArm === null ? null : neededPerArm * 2
  return {
    primaryMetric,
    smallestEffect,
    alpha,
    power,
    unit,
    neededPerArm,
    neededTotal,
    weeklyFlow: Math.round(weeklyFlow * 100) / 100,
    flowWeeks,
    weeksNeeded: neededTotal === null || weeklyFlow === 0 ? null : Math.ceil(neededTotal / weeklyFlow),
    basis,
  }
}

/**
 * Random assignment by deal: the arm is a pure function of the experiment's
 * recorded seed and the deal id, so anyone can re-derive every assignment.
 */
export const randomArm = (seed: number, dealId: string): 'control' | 'variant' =>
  createRng(deriveSeed(seed, dealId)).next() < 0.5 ? 'control' : 'variant'
