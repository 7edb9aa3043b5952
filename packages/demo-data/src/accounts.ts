import type { Account, Person } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import { toIsoDate, toIsoInstant } from './dates.js'
import { COMPANY_WORDS, FUNDING_STAGES, INDUSTRIES, REGIONS, SEGMENTS, type Segment } from './names.js'

/** An account before deals decide who became a customer (and so who its core owner is). */
export type AccountDraft = Omit<Account, 'coreOwnerId'> & {
  segment: Segment
  /** Day number it became a customer; established customers predate the history window. */
  customerSinceDay: number | null
  established: boolean
}

const REGION_WEIGHTS = [0.28, 0.24, 0.24, 0.14, 0.1]
const SEGMENT_WEIGHTS = [0.45, 0.35, 0.2]
const EMPLOYEE_RANGE: Record<Segment, [number, number]> = {
  SMB: [15, 200],
  'Mid-Market': [200, 2_000],
  Enterprise: [2_000, 60_000],
}
const FUNDING_WEIGHTS: Record<Segment, number[]> = {
  // Bootstrapped, Seed, A, B, C, D+, Public, PE
  SMB: [0.2, 0.2, 0.25, 0.2, 0.1, 0.03, 0.0, 0.02],
  'Mid-Market': [0.08, 0.02, 0.12, 0.25, 0.25, 0.15, 0.05, 0.08],
  Enterprise: [0.02, 0, 0, 0.03, 0.1, 0.2, 0.5, 0.15],
}

/** Share of accounts that were customers before the history window starts. */
const ESTABLISHED_SHARE = 0.15

/**
 * Accounts with unique, plausible names ("Blue Harbor Logistics"), a segment
 * consistent with their head count, one of five regions, a funding stage and
 * date, and a hunter owner from their region and segment.
 */
export const generateAccounts = (
  rng: Rng,
  options: { count: number; people: Person[]; asOfDay: number; historyStartDay: number },
): AccountDraft[] => {
  const { count, people, asOfDay, historyStartDay } = options
  const hunters = people.filter((p) => p.role === 'ae' && p.aeType === 'hunter')
  const usedNames = new Set<string>()
  const accounts: AccountDraft[] = []
  for (let i = 0; i < count; i += 1) {
    const industry = rng.pick(INDUSTRIES)
    let name = ''
    for (let attempt = 0; attempt < 30 && (name === '' || usedNames.has(name)); attempt += 1) {
      name = `${rng.pick(COMPANY_WORDS)} ${rng.pick(industry.suffixes)}`
    }
    if (usedNames.has(name))
      name = `${name} ${['Group', 'Holdings', 'Partners', 'International'][i % 4] ?? ''} ${i}`
    usedNames.add(name)
    const region = rng.weighted(REGIONS, REGION_WEIGHTS)
    const segment = rng.weighted(SEGMENTS, SEGMENT_WEIGHTS)
    const [lo, hi] = EMPLOYEE_RANGE[segment]
    const employees = Math.round(Math.exp(rng.float(Math.log(lo), Math.log(hi))))
    const fundingStage = rng.weighted(FUNDING_STAGES, FUNDING_WEIGHTS[segment])
    const lastFundingDate =
      fundingStage === 'Bootstrapped' || fundingStage === 'Public'
        ? null
        : toIsoDate(asOfDay - rng.int(20, 1600))
    const territory = hunters.filter((h) => h.region === region && h.segment === segment)
    const owner = rng.pick(territory.length > 0 ? territory : hunters.filter((h) => h.region === region))
    const established = rng.bernoulli(ESTABLISHED_SHARE)
    const createdDay = established ? historyStartDay - rng.int(400, 2000) : historyStartDay - rng.int(0, 1200)
    accounts.push({
      id: `acct-${String(i + 1).padStart(6, '0')}`,
      name,
      industry: industry.industry,
      employees,
      segment,
      region,
      fundingStage,
      lastFundingDate,
      ownerId: owner.id,
      createdAt: toIsoInstant(createdDay, rng.int(8 * 60, 18 * 60)),
      customerSinceDay: established ? createdDay + rng.int(30, 300) : null,
      established,
    })
  }
  return accounts
}
