import { describe, expect, it } from 'vitest'
import { planExperiment, randomArm, type PlanHistoryDeal } from './plan-experiment.js'

// 40 closed deals over the last 10 weeks: 10 won (25%), cycles 30/60/90/120 days.
const history: PlanHistoryDeal[] = Array.from({ length: 40 }, (_, i) => {
  const close = new Date(Date.parse('2026-06-30T00:00:00Z') - (i % 10) * 7 * 86_400_000)
  const created = new Date(close.getTime() - [30, 60, 90, 120][i % 4]! * 86_400_000)
  return {
    createdOn: created.toISOString().slice(0, 10),
    closeDate: close.toISOString().slice(0, 10),
    isWon: i % 4 === 0,
    amountCents: 1_000_000 * (1 + (i % 5)),
  }
})

describe('planExperiment', () => {
  it('win rate: 25% → 35% needs 326 closed deals per arm (the two-proportion formula)', () => {
    const plan = planExperiment({
      primaryMetric: 'win_rate',
      smallestEffect: 0.1,
      history,
      asOf: '2026-06-30',
    })
    // z = 1.959964 + 0.841621; n = z² (0.1875 + 0.2275) / 0.01 = 325.7 → 326
    expect(plan.neededPerArm).toBe(326)
    expect(plan.neededTotal).toBe(652)
    expect(plan.weeklyFlow).toBeCloseTo(40 / 12, 2)
    expect(plan.weeksNeeded).toBe(Math.ceil(652 / (40 / 12)))
  })

  it('days to close: a t test on ln days matches power.t.test', () => {
    const plan = planExperiment({
      primaryMetric: 'days_to_close',
      smallestEffect: 0.8,
      history,
      asOf: '2026-06-30',
    })
    // ln days of 30/60/90/120 repeated 10×: SD 0.5273; R: power.t.test(delta=log(0.8), sd=0.5273, power=0.8)$n = 88.61
    expect(plan.neededPerArm).toBe(89)
    expect(plan.basis).toContain('SD 0.53')
    expect(plan.unit).toBe('closed deals')
  })

  it('says so when there is no history to estimate a spread from', () => {
    const plan = planExperiment({
      primaryMetric: 'deal_size',
      smallestEffect: 1.2,
      history: [],
      asOf: '2026-06-30',
    })
    expect(plan.neededPerArm).toBeNull()
    expect(plan.weeksNeeded).toBeNull()
    expect(plan.basis).toMatch(/too few/)
  })
})

describe('randomArm', () => {
  it('is a pure function of seed and deal, and splits about evenly', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `deal-${i}`)
    const arms = ids.map((id) => randomArm(42, id))
    expect(ids.map((id) => randomArm(42, id))).toEqual(arms)
    const variants = arms.filter((a) => a === 'variant').length
    expect(variants).toBeGreaterThan(900)
    expect(variants).toBeLessThan(1100)
    expect(ids.map((id) => randomArm(43, id))).not.toEqual(arms)
  })
})
