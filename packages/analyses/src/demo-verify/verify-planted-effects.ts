import {
  estimateCycleRatios,
  estimateDealSizeEffect,
  estimateTrainingEffects,
  estimateWinOddsRatios,
  type EstimateResult,
} from './estimate-effects.js'
import type { EffectCheck, VerifyInputs } from './types.js'

/** Per planted effect: the estimate, its 95% interval, and whether the interval covers the planted value. */
export function verifyPlantedEffects({ planted, data }: VerifyInputs): EffectCheck[] {
  const win = estimateWinOddsRatios(data)
  const cycle = estimateCycleRatios(data)
  const programs = planted
    .filter((p) => p.metric === 'difference_in_means')
    .map((p) => (JSON.parse(p.detail) as { program?: string }).program)
    .filter((p): p is string => typeof p === 'string')
  const training = estimateTrainingEffects(data, programs)
  const dealSize = estimateDealSizeEffect(data)

  const byKey: Record<string, EstimateResult | undefined> = {
    win_exec_sponsor: win.exec_sponsor,
    win_prior_oss_use: win.prior_oss_use,
    poc_paid_conversion: win.poc_paid,
    cycle_hard_deadline: cycle.hard_deadline,
    cycle_dual_champion: cycle.dual_champion_variant,
    open_questions_deal_size: dealSize,
  }
  return planted.map((effect) => {
    const program = (JSON.parse(effect.detail) as { program?: string }).program
    const result = byKey[effect.key] ?? (program ? training[program] : undefined)
    const base = {
      key: effect.key,
      description: effect.description,
      metric: effect.metric,
      planted: effect.planted,
    }
    if (!result || result.estimate === null) {
      return {
        ...base,
        estimate: null,
        ci95: null,
        covered: false,
        method: result?.method ?? 'none',
        n: result?.n ?? 0,
        note: result && 'note' in result ? result.note : 'no analysis estimates this effect yet',
      }
    }
    return {
      ...base,
      estimate: result.estimate,
      ci95: result.ci95,
      covered: result.ci95[0] <= effect.planted && effect.planted <= result.ci95[1],
      method: result.method,
      n: result.n,
    }
  })
}
