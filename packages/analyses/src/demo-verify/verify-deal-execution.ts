/**
 * The POC and experiment checks of `revlab demo verify`: the POC analysis's
 * paid-vs-free odds ratio must cover the planted paid-POC effect, and the
 * experiment analysis's ratio of Kaplan-Meier medians (intention to treat)
 * must cover the planted dual-champion cycle ratio.
 */
import type { PlantedEffect } from '@revlab/domain'
import type { ExperimentAnalysis } from '../experiments/types.js'
import type { PocAnalysis } from '../pocs/types.js'
import type { EffectCheck } from './types.js'

const check = (
  effect: PlantedEffect,
  key: string,
  result: {
    estimate: number | null
    ci95: [number, number] | null
    method: string
    n: number
    note?: string
  },
): EffectCheck => ({
  key,
  description: effect.description,
  metric: effect.metric,
  planted: effect.planted,
  estimate: result.estimate,
  ci95: result.ci95,
  covered: result.ci95 !== null && result.ci95[0] <= effect.planted && effect.planted <= result.ci95[1],
  method: result.method,
  n: result.n,
  ...(result.note ? { note: result.note } : {}),
})

export function verifyDealExecution(
  planted: PlantedEffect[],
  pocs: PocAnalysis,
  experiments: ExperimentAnalysis,
): EffectCheck[] {
  const checks: EffectCheck[] = []
  const paidEffect = planted.find((p) => p.key === 'poc_paid_conversion')
  if (paidEffect) {
    const paid = pocs.status === 'ok' ? pocs.conversion.find((c) => c.key === 'paid') : undefined
    checks.push(
      check(paidEffect, 'pocs:poc_paid_conversion', {
        estimate: paid?.oddsRatio.estimate ?? null,
        ci95: paid?.oddsRatio.ci95 ?? null,
        method:
          'POC analysis: odds ratio of winning, paid vs free POCs on closed deals; Woolf 95% CI (unadjusted)',
        n: paid ? paid.groupA.winRate.n + paid.groupB.winRate.n : 0,
        ...(pocs.status === 'ok' ? {} : { note: pocs.reason }),
      }),
    )
  }
  const cycleEffect = planted.find((p) => p.key === 'cycle_dual_champion')
  if (cycleEffect) {
    const experimentId = (JSON.parse(cycleEffect.detail) as { experimentId?: string }).experimentId
    const exp =
      experiments.status === 'ok' ? experiments.experiments.find((e) => e.id === experimentId) : undefined
    const ratio = exp?.intentionToTreat.daysToClose.ratioOfMedians
    checks.push(
      check(cycleEffect, 'experiments:cycle_dual_champion', {
        estimate: ratio?.estimate ?? null,
        ci95: ratio?.ci95 ?? null,
        method: `experiment analysis, intention to treat: ${ratio?.method ?? 'ratio of Kaplan-Meier medians'}`,
        n: exp ? exp.intentionToTreat.n.control + exp.intentionToTreat.n.variant : 0,
        ...(exp ? {} : { note: `experiment ${experimentId ?? '?'} not found` }),
      }),
    )
  }
  return checks
}
