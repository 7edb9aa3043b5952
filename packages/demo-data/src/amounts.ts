import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import { AMOUNT_MODEL } from './planted-effects.js'

/**
 * Planted effect 4 (behaviour → outcome), drawn after the calls so the mean is known:
 *   ln(amountCents) = segmentLogCents[segment] + kindLogRatio[kind]
 *                     + 0.08 × mean(open questions over the deal's calls) + Normal(0, 0.4).
 * Every deal has at least one call (at large scale some calls are not stored;
 * the mean still covers them, see calls.ts). Nothing else (win, cycle) depends on amount.
 */
export const drawAmountCents = (rng: Rng, deal: DealPlan): number => {
  const segment = (deal.account?.segment ?? 'SMB') as keyof typeof AMOUNT_MODEL.segmentLogCents
  const counts = deal.openQuestionsPerCall
  const meanOpen = counts.length === 0 ? 0 : counts.reduce((sum, c) => sum + c, 0) / counts.length
  const logCents =
    AMOUNT_MODEL.segmentLogCents[segment] +
    AMOUNT_MODEL.kindLogRatio[deal.kind] +
    AMOUNT_MODEL.perOpenQuestion * meanOpen +
    rng.normal(0, AMOUNT_MODEL.noiseSd)
  return Math.round(Math.exp(logCents))
}
