import { describe, expect, it } from 'vitest'
import type { PocCheckin } from '@revlab/domain'
import { analyzeExperiments } from '../experiments/analyze-experiments.js'
import { analyzePocs } from './analyze-pocs.js'
import type { PocInput } from './types.js'

const ALL = JSON.stringify({
  dedicatedResource: true,
  weeklyMeeting: true,
  dataAccess: true,
  goNoGoDecision: true,
})
const KEYS = ['dedicatedResource', 'weeklyMeeting', 'dataAccess', 'goNoGoDecision']

const poc = (over: Partial<PocInput> = {}): PocInput => ({
  id: 'p1',
  dealId: 'd1',
  seId: 'se1',
  question: 'q',
  metric: 'm',
  baseline: 10,
  target: 0,
  plannedWeeks: 4,
  startedAt: '2025-01-01',
  goNoGoDate: '2025-01-29',
  paid: true,
  priceCents: 100,
  commitments: ALL,
  status: 'running',
  dealName: 'Deal',
  dealOwnerId: 'rep1',
  dealIsClosed: false,
  dealIsWon: false,
  dealCloseDate: '2025-06-01',
  ...over,
})

const weekly = (values: number[], met: string[][] = []): PocCheckin[] =>
  values.map((v, i) => ({
    id: `c${i}`,
    pocId: 'p1',
    week: i + 1,
    checkedAt: new Date(Date.parse('2025-01-01T00:00:00Z') + (i + 1) * 7 * 86_400_000)
      .toISOString()
      .slice(0, 10),
    metricValue: v,
    commitmentsMet: JSON.stringify(met[i] ?? KEYS),
    note: '',
  }))

type Case = [string, string, 'continue' | 'pause' | 'stop', PocCheckin[]]

describe('analyzePocs', () => {
  it.each([
    ['on plan at week 2', '2025-01-15', 'continue', weekly([8, 5])],
    ['metric flat at week 3', '2025-01-22', 'pause', weekly([8, 8, 8])],
    ['one commitment missed once', '2025-01-15', 'continue', weekly([8, 5], [KEYS, KEYS.slice(1)])],
    [
      'commitments missed two weeks running',
      '2025-01-15',
      'pause',
      weekly([8, 5], [KEYS.slice(1), KEYS.slice(1)]),
    ],
    ['half the agreement missed at once', '2025-01-15', 'pause', weekly([8, 5], [KEYS, KEYS.slice(2, 3)])],
    ['two weeks past go/no-go, half-way', '2025-02-12', 'stop', weekly([8, 7, 6, 5, 5.5, 5])],
    ['past go/no-go but at target', '2025-02-05', 'continue', weekly([8, 6, 3, 0, 0])],
  ] satisfies Case[])('%s (as of %s) → %s', (_label, asOf, expected, checkins) => {
    const result = analyzePocs({ asOf, pocs: [poc()], checkins, people: [] })
    if (result.status !== 'ok') throw new Error(result.reason)
    expect(result.active[0]?.recommendation).toBe(expected)
  })

  it('says so when there are no POCs', () => {
    expect(analyzePocs({ asOf: '2025-01-01', pocs: [], checkins: [], people: [] })).toMatchObject({
      status: 'insufficient-data',
      got: 0,
    })
  })
})

describe('analyzeExperiments', () => {
  it('says so when there are no experiments', () => {
    expect(
      analyzeExperiments({ asOf: '2025-01-01', experiments: [], playbooks: [], assignments: [] }),
    ).toMatchObject({ status: 'insufficient-data' })
  })
})
