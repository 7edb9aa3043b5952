import type { Deal, UseCaseStatus } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import { toIsoDate } from './dates.js'

type UseCaseFields = Pick<Deal, 'goLiveTarget' | 'goLiveDate' | 'useCaseStatus' | 'expectedMonthlyCents'>

const NONE: UseCaseFields = {
  goLiveTarget: null,
  goLiveDate: null,
  useCaseStatus: null,
  expectedMonthlyCents: null,
}

/**
 * A use case's lifecycle: won use cases target go-live 30-90 days after
 * close; a quarter of them slip by 20-150 days. Live once the go-live date
 * has passed, slipped when the target passed without it, onboarding before.
 * Open ones are identified / evaluating / approved by stage; lost ones lost.
 */
export const useCaseFields = (rng: Rng, deal: DealPlan, asOfDay: number): UseCaseFields => {
  if (deal.kind !== 'use_case') return NONE
  const expectedMonthlyCents = Math.round(deal.amountCents / 12)
  if (!deal.isClosed) {
    const position = deal.stagePath.length
    const useCaseStatus: UseCaseStatus =
      position <= 1 ? 'identified' : position <= 3 ? 'evaluating' : 'approved'
    return {
      goLiveTarget: toIsoDate(deal.closeDay + rng.int(30, 90)),
      goLiveDate: null,
      useCaseStatus,
      expectedMonthlyCents,
    }
  }
  if (!deal.isWon)
    return { goLiveTarget: null, goLiveDate: null, useCaseStatus: 'lost', expectedMonthlyCents }
  const targetDay = deal.closeDay + rng.int(30, 90)
  const actualDay = targetDay + (rng.bernoulli(0.25) ? rng.int(20, 150) : rng.int(-10, 5))
  const live = actualDay <= asOfDay
  const useCaseStatus: UseCaseStatus = live ? 'live' : targetDay < asOfDay ? 'slipped' : 'onboarding'
  return {
    goLiveTarget: toIsoDate(targetDay),
    goLiveDate: live ? toIsoDate(actualDay) : null,
    useCaseStatus,
    expectedMonthlyCents,
  }
}
