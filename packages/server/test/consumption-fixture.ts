/**
 * A four-account consumption company small enough to check by hand
 * (as of 2026-03-31, fiscal year 2026 = calendar 2026; 90 days elapsed):
 *
 *   Alpha  compute 1,000/day since 2025-03-01, plus use case uA live 2026-03-25 at 1,000/day
 *   Beta   storage 3,000/day since 2025-03-01, down to 1,000/day from 2026-03-25
 *   Gamma  compute 500/day since 2026-02-01 (new this year, no baseline)
 *   Delta  data_transfer 2,000/day 2025-03-01 … 2025-12-31, then nothing (churned)
 *
 * The figures every test expects are worked out in consumption.db.test.ts.
 */
import type {
  Account,
  Baseline,
  BusinessReview,
  Certification,
  ConsumptionDaily,
  Deal,
  Person,
  Poc,
  PocCheckin,
  Quota,
} from '@revlab/domain'
import { refreshConsumptionRollup, type Store } from '@revlab/db'

export const AS_OF = '2026-03-31'

const person = (id: string, name: string, aeType: 'hunter' | 'core', team: string): Person => ({
  id,
  name,
  email: `${id}@example.com`,
  role: 'ae',
  aeType,
  managerId: 'mgr',
  team,
  region: 'EMEA',
  segment: 'Mid-Market',
  startDate: '2024-01-01',
  active: true,
})

export const people: Person[] = [
  { ...person('mgr', 'Mona Manager', 'core', 'North'), role: 'manager', aeType: null, managerId: null },
  person('h1', 'Hana Hunter', 'hunter', 'North'),
  person('h2', 'Hugo Hunter', 'hunter', 'South'),
  person('c1', 'Cora Core', 'core', 'North'),
  person('c2', 'Carl Core', 'core', 'South'),
]

const account = (id: string, name: string, ownerId: string, coreOwnerId: string | null): Account => ({
  id,
  name,
  industry: 'Software',
  employees: 500,
  segment: 'Mid-Market',
  region: 'EMEA',
  fundingStage: 'Series B',
  lastFundingDate: null,
  ownerId,
  coreOwnerId,
  createdAt: '2025-01-01T00:00:00.000Z',
})

export const accounts: Account[] = [
  account('alpha', 'Alpha', 'h1', 'c1'),
  account('beta', 'Beta', 'h1', 'c2'),
  account('gamma', 'Gamma', 'h2', null),
  account('delta', 'Delta', 'h2', 'c2'),
]

const DAY_MS = 86_400_000
function* days(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    yield new Date(t).toISOString().slice(0, 10)
}

const rows = (
  accountId: string,
  useCaseId: string | null,
  sku: string,
  from: string,
  to: string,
  cents: number,
): ConsumptionDaily[] =>
  [...days(from, to)].map((day) => ({
    day,
    accountId,
    useCaseId,
    sku,
    units: cents / 100,
    revenueCents: cents,
  }))

export const consumption: ConsumptionDaily[] = [
  ...rows('alpha', null, 'compute', '2025-03-01', AS_OF, 1_000),
  ...rows('alpha', 'uA', 'compute', '2026-03-25', AS_OF, 1_000),
  ...rows('beta', null, 'storage', '2025-03-01', '2026-03-24', 3_000),
  ...rows('beta', null, 'storage', '2026-03-25', AS_OF, 1_000),
  ...rows('gamma', null, 'compute', '2026-02-01', AS_OF, 500),
  ...rows('delta', null, 'data_transfer', '2025-03-01', '2025-12-31', 2_000),
]

const baseline = (accountId: string, runRateCents: number): Baseline => ({
  id: `b-${accountId}`,
  fiscalYear: 2026,
  accountId,
  runRateCents,
  snappedAt: '2026-01-01',
})

export const baselines: Baseline[] = [
  baseline('alpha', 365_000),
  baseline('beta', 1_095_000),
  baseline('delta', 730_000),
  { ...baseline('alpha', 1), id: 'b-alpha-2025', fiscalYear: 2025 },
]

export const quotas: Quota[] = [
  {
    id: 'q-c1',
    personId: 'c1',
    fiscalYear: 2026,
    period: 'FY2026',
    kind: 'incremental',
    amountCents: 100_000,
  },
  {
    id: 'q-c2',
    personId: 'c2',
    fiscalYear: 2026,
    period: 'FY2026',
    kind: 'incremental',
    amountCents: 365_000,
  },
  {
    id: 'q-h1',
    personId: 'h1',
    fiscalYear: 2026,
    period: '2026-Q1',
    kind: 'bookings',
    amountCents: 9_999_999,
  },
]

const useCase = (id: string, accountId: string, ownerId: string, over: Partial<Deal>): Deal => ({
  id,
  name: `Use case ${id}`,
  accountId,
  ownerId,
  seId: null,
  kind: 'use_case',
  stageModelId: 'classic',
  stageKey: 'discovery',
  amountCents: 1_200_000,
  currency: 'USD',
  createdAt: '2026-01-10T09:00:00.000Z',
  closeDate: '2026-02-15',
  isClosed: false,
  isWon: false,
  lossReason: null,
  competitor: null,
  source: 'expansion',
  segment: 'Mid-Market',
  region: 'EMEA',
  goLiveTarget: null,
  goLiveDate: null,
  useCaseStatus: 'identified',
  expectedMonthlyCents: 100_000,
  ...over,
})

export const deals: Deal[] = [
  useCase('uA', 'alpha', 'c1', {
    isClosed: true,
    isWon: true,
    goLiveTarget: '2026-03-20',
    goLiveDate: '2026-03-25',
    useCaseStatus: 'live',
  }),
  useCase('uB', 'beta', 'c2', { createdAt: '2026-03-28T10:00:00.000Z', goLiveTarget: '2026-06-30' }),
  useCase('uC', 'gamma', 'h2', {
    createdAt: '2026-01-05T09:00:00.000Z',
    isClosed: true,
    isWon: true,
    goLiveTarget: '2026-03-27',
    useCaseStatus: 'slipped',
    expectedMonthlyCents: 50_000,
  }),
  useCase('uD', 'beta', 'c2', { isClosed: true, goLiveTarget: '2026-03-26', useCaseStatus: 'lost' }),
  useCase('dWon', 'alpha', 'h1', {
    name: 'Alpha platform',
    kind: 'new_logo',
    amountCents: 5_000_000,
    isClosed: true,
    isWon: true,
    closeDate: '2026-03-30',
    useCaseStatus: null,
  }),
  useCase('dOpen', 'beta', 'c2', {
    name: 'Beta expansion',
    kind: 'expansion',
    amountCents: 2_000_000,
    closeDate: '2026-03-28',
    useCaseStatus: null,
  }),
]

/** Running past its go/no-go date, data access missed two check-ins running, metric 10% of the way. */
export const pocs: Poc[] = [
  {
    id: 'p1',
    dealId: 'dOpen',
    seId: 'c1',
    question: 'Can Beta cut report time?',
    metric: 'minutes saved',
    baseline: 10,
    target: 20,
    plannedWeeks: 4,
    startedAt: '2026-02-01',
    goNoGoDate: '2026-03-01',
    paid: false,
    priceCents: 0,
    commitments: JSON.stringify({ weeklyMeeting: true, dataAccess: true, dedicatedResource: false }),
    status: 'running',
  },
]

export const pocCheckins: PocCheckin[] = [1, 2].map((week) => ({
  id: `p1-${week}`,
  pocId: 'p1',
  week,
  checkedAt: week === 1 ? '2026-02-08' : '2026-02-15',
  metricValue: week === 1 ? 10 : 11,
  commitmentsMet: JSON.stringify(['weeklyMeeting']),
  note: '',
}))

export const certifications: Certification[] = [
  {
    id: 'cert1',
    personId: 'c1',
    name: 'Platform Pro',
    product: null,
    earnedAt: '2026-03-29',
    expiresAt: null,
    status: 'earned',
  },
]

const review = (id: string, accountId: string, dueAt: string, heldAt: string | null): BusinessReview => ({
  id,
  accountId,
  dueAt,
  heldAt,
  execAttendee: heldAt ? 'A. Exec' : null,
  status: heldAt ? 'held' : Date.parse(dueAt) < Date.parse(AS_OF) ? 'overdue' : 'scheduled',
  notes: '',
})

export const businessReviews: BusinessReview[] = [
  review('r1', 'alpha', '2026-02-15', '2026-02-16'),
  review('r2', 'alpha', '2026-05-16', null),
  review('r3', 'beta', '2026-03-01', null),
  review('r4', 'gamma', '2026-04-20', null),
]

export async function loadFixture(store: Store): Promise<void> {
  await store.bulkTransaction(async (w, tx) => {
    await w.append('people', people)
    await w.append('accounts', accounts)
    await w.append('deals', deals)
    await w.append('baselines', baselines)
    await w.append('quotas', quotas)
    await w.append('business_reviews', businessReviews)
    await w.append('pocs', pocs)
    await w.append('poc_checkins', pocCheckins)
    await w.append('certifications', certifications)
    await w.append('consumption_daily', consumption)
    await refreshConsumptionRollup(tx)
  })
}
