import { describe, expect, it } from 'vitest'
import { analyzeExceptions, elapsedShare } from './analyze-exceptions.js'
import type { ExceptionCause, ExceptionInputs, ExceptionRepInput } from './types.js'

type ShareCase = [period: string, asOf: string, share: number]

describe('elapsedShare', () => {
  it.each([
    ['2026-Q1', '2026-03-31', 1],
    ['2026-Q2', '2026-03-31', 0],
    ['2026-Q2', '2026-04-01', 1 / 91],
    ['2026-Q4', '2026-11-23', 54 / 92],
    ['FY2026', '2026-01-01', 1 / 365],
    ['FY2026', '2026-07-02', 183 / 365],
  ] satisfies ShareCase[])('%s on %s → %s', (period, asOf, share) => {
    expect(elapsedShare(period, 2026, asOf)).toBeCloseTo(share, 12)
  })
})

const base: ExceptionRepInput = {
  id: 'r',
  name: 'Rep',
  aeType: 'hunter',
  team: 'T',
  region: 'R',
  quotas: [{ kind: 'bookings', period: '2026-Q1', amountCents: 1_000 }],
  wonBookingsCents: 0,
  incrementalRunRateCents: 0,
  openBookingsCents: 0,
  openDeals: 0,
  openUseCaseRunRateCents: 0,
  openUseCases: 0,
  activities: 0,
  weightedActivity: 10,
  skuRevenue: [{ sku: 'compute', revenueCents: 100 }],
  certifications: [
    { name: 'Compute', product: 'compute', status: 'earned', earnedAt: '2025-01-01', expiresAt: null },
  ],
  trainingCompleted: 0,
}
const peer = (id: string, weightedActivity: number): ExceptionRepInput => ({
  ...base,
  id,
  name: id,
  weightedActivity,
  wonBookingsCents: 1_000,
})
const inputs = (rep: Partial<ExceptionRepInput>): ExceptionInputs => ({
  asOf: '2026-03-31',
  fiscalYear: 2026,
  activityDays: 30,
  reps: [{ ...base, ...rep }, peer('p1', 10), peer('p2', 10)],
  certifiableProducts: ['compute', 'storage'],
})

type CauseCase = [label: string, rep: Partial<ExceptionRepInput>, cause: ExceptionCause]

describe('analyzeExceptions', () => {
  it.each([
    ['on track at 90%', { wonBookingsCents: 900 }, 'on_track'],
    ['pipeline 3× what is left', { wonBookingsCents: 500, openBookingsCents: 1_500 }, 'conversion'],
    ['activity at the norm', { openBookingsCents: 100 }, 'pipeline_generation'],
    ['low activity, certified', { weightedActivity: 7 }, 'effort'],
    ['low activity, not certified', { weightedActivity: 7, certifications: [] }, 'enablement'],
    [
      'certificate expired',
      {
        weightedActivity: 7,
        certifications: [
          {
            name: 'C',
            product: 'compute',
            status: 'earned',
            earnedAt: '2025-01-01',
            expiresAt: '2026-03-30',
          },
        ],
      },
      'enablement',
    ],
    ['no quota', { quotas: [] }, 'no_quota'],
    [
      'incremental: run rate on the glide path',
      {
        quotas: [{ kind: 'incremental', period: 'FY2026', amountCents: 365_000 }],
        incrementalRunRateCents: 81_000,
      },
      'on_track',
    ],
  ] satisfies CauseCase[])('%s → %s', (_label, rep, cause) => {
    const result = analyzeExceptions(inputs(rep))
    if (result.status !== 'ok') throw new Error('expected ok')
    expect(result.reps.find((r) => r.personId === 'r')?.cause).toBe(cause)
  })

  it('ignores SKUs below the product share and SKUs no certification covers', () => {
    const result = analyzeExceptions(
      inputs({
        weightedActivity: 7,
        skuRevenue: [
          { sku: 'compute', revenueCents: 91 },
          { sku: 'storage', revenueCents: 9 },
          { sku: 'data_transfer', revenueCents: 900 },
        ],
      }),
    )
    if (result.status !== 'ok') throw new Error('expected ok')
    const rep = result.reps.find((r) => r.personId === 'r')
    expect(rep?.missingCertifications).toEqual([])
    expect(rep?.cause).toBe('effort')
    expect(rep?.action).toContain('10.0 weighted activities')
  })

  it('says so when nobody is in scope', () => {
    expect(analyzeExceptions({ ...inputs({}), reps: [] })).toMatchObject({ status: 'insufficient-data' })
  })
})
