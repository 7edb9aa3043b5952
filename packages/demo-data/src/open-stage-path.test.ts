import { describe, expect, it } from 'vitest'
import { createRng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import { planStagePath } from './stage-history.js'
import { CATEGORY_MODEL_ID, OPEN_STAGE_KEYS } from './stage-models.js'

const AS_OF = 20_000
const KEYS = OPEN_STAGE_KEYS[CATEGORY_MODEL_ID] as string[]

const plan = (i: number, age: number, isClosed = false): DealPlan => ({
  id: `deal-${i}`,
  kind: 'new_logo',
  isClosed,
  isWon: false,
  createdDay: AS_OF - age,
  createdMinute: 600,
  closeDay: isClosed ? AS_OF - 1 : AS_OF + 30,
  execSponsor: i % 3 === 0,
  priorOssUse: i % 2 === 0,
  hardDeadline: i % 4 === 0,
  hasPoc: false,
  pocPaid: false,
  experimentVariant: null,
  account: null,
  ownerId: '',
  seId: null,
  stageModelId: CATEGORY_MODEL_ID,
  stagePath: [],
  openQuestionsPerCall: [],
  amountCents: 0,
})

/** Share of open deals of this age whose current stage is one of the last two open stages. */
const lateShare = (age: number): number => {
  let late = 0
  const n = 2000
  for (let i = 0; i < n; i += 1) {
    const path = planStagePath(createRng(i).fork('stages'), plan(i, age), AS_OF)
    if (path.length >= KEYS.length - 1) late += 1
  }
  return late / n
}

describe('open deals: the stage on the as-of date, as a closed deal of the same age looked', () => {
  it('puts young deals in early stages and old ones further on', () => {
    // Closed deals spend ~80 days (log-normal) across the stages, so at 5 days a deal is almost never
    // in the last two; the old fixed weights put a quarter of every open deal there, whatever its age.
    expect(lateShare(5)).toBeLessThan(0.02)
    expect(lateShare(60)).toBeGreaterThan(lateShare(20))
    expect(lateShare(120)).toBeGreaterThan(0.2)
  })

  it('is a path of open stages from the first, drawn from its own stream', () => {
    const path = planStagePath(createRng(7).fork('stages'), plan(7, 50), AS_OF)
    expect(path).toEqual(KEYS.slice(0, path.length))
    expect(planStagePath(createRng(7).fork('stages'), plan(7, 50), AS_OF)).toEqual(path)
  })

  it('leaves closed deals as they were', () => {
    for (let i = 0; i < 50; i += 1) {
      const closed = plan(i, 90, true)
      expect(planStagePath(createRng(i), closed, AS_OF)).toEqual(planStagePath(createRng(i), closed))
    }
  })
})
