import { describe, expect, it } from 'vitest'
import { analyzePipelineOverview } from './analyze-pipeline-overview.js'

describe('analyzePipelineOverview', () => {
  const overview = analyzePipelineOverview(
    {
      openByStage: [
        {
          stageModelId: 'm',
          stageModelName: 'M',
          stageKey: 'b',
          stageName: 'B',
          position: 2,
          deals: 3,
          amountCents: 300,
        },
        {
          stageModelId: 'm',
          stageModelName: 'M',
          stageKey: 'a',
          stageName: 'A',
          position: 1,
          deals: 1,
          amountCents: 100,
        },
      ],
      closedByQuarter: [
        { year: 2025, quarter: 1, closed: 10, won: 8, wonAmountCents: 800 },
        { year: 2025, quarter: 2, closed: 0, won: 0, wonAmountCents: 0 },
      ],
    },
    { asOf: '2025-06-30' },
  )

  it('orders stages by position and totals the open pipeline', () => {
    expect(overview.openByStage.map((s) => s.stageKey)).toEqual(['a', 'b'])
    expect(overview.totals).toMatchObject({
      openDeals: 4,
      openAmountCents: 400,
      closedDeals: 10,
      wonDeals: 8,
      winRate: 0.8,
    })
  })

  it('gives each quarter a Wilson interval, and none when nothing closed', () => {
    const [q1, q2] = overview.byQuarter
    expect(q1?.quarter).toBe('2025Q1')
    // R: prop.test(8, 10, correct = FALSE)$conf.int → 0.4901625 0.9433178
    expect(q1?.ci95?.[0]).toBeCloseTo(0.4901625, 6)
    expect(q1?.ci95?.[1]).toBeCloseTo(0.9433178, 6)
    expect(q2).toMatchObject({ winRate: null, ci95: null })
  })
})
