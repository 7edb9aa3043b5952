/**
 * Record builders for the hand-built stores of the db tests: a plain AE and
 * an open classic-model deal, each overridden field by field.
 */
import type { Deal, Person } from '@revlab/domain'

export const testPerson = (id: string, over: Partial<Person> = {}): Person => ({
  id,
  name: `Person ${id}`,
  email: `${id}@example.com`,
  role: 'ae',
  aeType: 'hunter',
  managerId: null,
  team: 'Team A',
  region: 'EMEA',
  segment: 'SMB',
  startDate: '2024-01-15',
  active: true,
  ...over,
})

export const testDeal = (id: string, over: Partial<Deal> = {}): Deal => ({
  id,
  name: `Deal ${id}`,
  accountId: 'acc1',
  ownerId: 'rep1',
  seId: null,
  kind: 'new_logo',
  stageModelId: 'classic',
  stageKey: 'discovery',
  amountCents: 5_000_000,
  currency: 'USD',
  createdAt: '2025-01-01T09:00:00.000Z',
  closeDate: '2025-04-30',
  isClosed: false,
  isWon: false,
  lossReason: null,
  competitor: null,
  source: 'outbound',
  segment: 'SMB',
  region: 'EMEA',
  goLiveTarget: null,
  goLiveDate: null,
  useCaseStatus: null,
  expectedMonthlyCents: null,
  ...over,
})
