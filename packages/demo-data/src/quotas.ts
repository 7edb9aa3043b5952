import type { Baseline, Person, Quota } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import { toDayNumber, jan1, yearOf } from './dates.js'

const QUARTERLY_BOOKINGS_CENTS: Record<string, number> = {
  SMB: 12_000_000,
  'Mid-Market': 25_000_000,
  Enterprise: 50_000_000,
}
/**
 * The yearly incremental quota as a share of the owner's baselines. The plan
 * counts everything above the baseline (account growth, new use cases and the
 * new customers landing on the owner's book), which adds 50-70% a year in the
 * demo, so owners end most years near 100% of quota.
 */
const INCREMENTAL_SHARE_OF_BASELINE = 0.6
const YEARLY_INCREMENTAL_FLOOR_CENTS: Record<string, number> = {
  SMB: 15_000_000,
  'Mid-Market': 40_000_000,
  Enterprise: 100_000_000,
}

/**
 * Quotas per AE and fiscal year: hunters carry a bookings quota per quarter;
 * core owners an incremental (consumption growth) quota per year of 60% of
 * their accounts' baselines, with a floor by segment. Rounded to $1,000.
 */
export const generateQuotas = (
  rng: Rng,
  options: {
    people: Person[]
    baselines: Baseline[]
    coreOwners: Map<string, string>
    asOfDay: number
    historyStartDay: number
  },
): Quota[] => {
  const { people, baselines, coreOwners, asOfDay, historyStartDay } = options
  const quotas: Quota[] = []
  const round1k = (cents: number): number => Math.round(cents / 100_000) * 100_000
  for (let year = yearOf(historyStartDay); year <= yearOf(asOfDay); year += 1) {
    const baselineByOwner = new Map<string, number>()
    for (const baseline of baselines) {
      if (baseline.fiscalYear !== year) continue
      const owner = coreOwners.get(baseline.accountId)
      if (owner !== undefined)
        baselineByOwner.set(owner, (baselineByOwner.get(owner) ?? 0) + baseline.runRateCents)
    }
    for (const person of people) {
      if (person.role !== 'ae' || toDayNumber(person.startDate) > jan1(year + 1) - 1) continue
      if (person.aeType === 'hunter') {
        const quarterly = (QUARTERLY_BOOKINGS_CENTS[person.segment] ?? 12_000_000) * rng.float(0.9, 1.1)
        for (let q = 1; q <= 4; q += 1) {
          quotas.push({
            id: `quota-${person.id}-${year}-q${q}`,
            personId: person.id,
            fiscalYear: year,
            period: `${year}-Q${q}`,
            kind: 'bookings',
            amountCents: round1k(quarterly),
          })
        }
      } else {
        const floor = YEARLY_INCREMENTAL_FLOOR_CENTS[person.segment] ?? 15_000_000
        const amount = Math.max(floor, INCREMENTAL_SHARE_OF_BASELINE * (baselineByOwner.get(person.id) ?? 0))
        quotas.push({
          id: `quota-${person.id}-${year}`,
          personId: person.id,
          fiscalYear: year,
          period: `FY${year}`,
          kind: 'incremental',
          amountCents: round1k(amount),
        })
      }
    }
  }
  return quotas
}
