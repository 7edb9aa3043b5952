import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateDemoCompany } from './generate-demo-company.js'
import { OPEN_STAGE_KEYS } from './stage-models.js'

const options = { scale: 'small', seed: 7, asOf: '2025-06-30' } as const
const company = generateDemoCompany(options)
const { dataset } = company
const asOf = options.asOf

const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex')

const ids = <T extends { id: string }>(rows: T[]): Set<string> => new Set(rows.map((r) => r.id))

describe('generateDemoCompany: determinism', () => {
  it('gives byte-identical datasets and logins for the same options', () => {
    const again = generateDemoCompany(options)
    expect(digest(again.dataset)).toBe(digest(dataset))
    expect(again.logins).toEqual(company.logins)
    expect(again.consumptionRowEstimate).toBe(company.consumptionRowEstimate)
  })

  it('gives a different company for a different seed', () => {
    const other = generateDemoCompany({ ...options, seed: 8 })
    expect(digest(other.dataset.deals)).not.toBe(digest(dataset.deals))
  })

  it('rejects an asOf that is not a date', () => {
    expect(() => generateDemoCompany({ ...options, asOf: 'yesterday' })).toThrow(/YYYY-MM-DD/)
  })
})

describe('generateDemoCompany: small scale sizes', () => {
  it.each([
    ['people', 40, 70],
    ['accounts', 300, 300],
    ['deals', 1_500, 1_500],
    ['dealStageHistory', 4_000, 9_000],
    ['calls', 2_000, 6_000],
    ['utterances', 40_000, 150_000],
    ['pocs', 200, 600],
    ['experimentAssignments', 100, 500],
  ] as const)('%s has between %i and %i rows', (table, lo, hi) => {
    expect(dataset[table].length).toBeGreaterThanOrEqual(lo)
    expect(dataset[table].length).toBeLessThanOrEqual(hi)
  })

  it('has about 30 AEs in five regions, with hunters and core owners', () => {
    const aes = dataset.people.filter((p) => p.role === 'ae')
    expect(aes.length).toBe(30)
    expect(new Set(aes.map((a) => a.region)).size).toBe(5)
    expect(aes.filter((a) => a.aeType === 'hunter').length).toBeGreaterThan(5)
    expect(aes.filter((a) => a.aeType === 'core').length).toBeGreaterThan(5)
  })

  it('spans two years of closed deals ending at asOf', () => {
    const closeDates = dataset.deals
      .filter((d) => d.isClosed)
      .map((d) => d.closeDate)
      .sort()
    expect(closeDates[0]! < '2023-08-01').toBe(true)
    expect(closeDates[closeDates.length - 1]! <= asOf).toBe(true)
  })

  it('generates in well under 2 seconds', () => {
    const started = performance.now()
    generateDemoCompany({ ...options, seed: 99 })
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})

describe('generateDemoCompany: referential integrity', () => {
  const people = ids(dataset.people)
  const accounts = ids(dataset.accounts)
  const contacts = ids(dataset.contacts)
  const deals = ids(dataset.deals)
  const calls = ids(dataset.calls)
  const content = ids(dataset.content)
  const stageKeys = new Map(
    dataset.stageModels.map((m) => [
      m.id,
      new Set(dataset.stages.filter((s) => s.stageModelId === m.id).map((s) => s.key)),
    ]),
  )

  it('gives every deal an existing account, owner, SE and stage key of its model', () => {
    for (const deal of dataset.deals) {
      expect(accounts.has(deal.accountId)).toBe(true)
      expect(people.has(deal.ownerId)).toBe(true)
      if (deal.seId !== null) expect(people.has(deal.seId)).toBe(true)
      expect(stageKeys.get(deal.stageModelId)?.has(deal.stageKey)).toBe(true)
    }
  })

  it('points every child row at an existing parent', () => {
    for (const row of dataset.dealStageHistory) expect(deals.has(row.dealId)).toBe(true)
    for (const row of dataset.dealSignals) expect(deals.has(row.dealId)).toBe(true)
    for (const row of dataset.dealStakeholders)
      expect(contacts.has(row.contactId) && deals.has(row.dealId)).toBe(true)
    for (const row of dataset.activities)
      expect(people.has(row.personId) && accounts.has(row.accountId)).toBe(true)
    for (const row of dataset.utterances) expect(calls.has(row.callId)).toBe(true)
    for (const row of dataset.callMetrics) expect(calls.has(row.callId)).toBe(true)
    for (const row of dataset.callEvidence) expect(calls.has(row.callId)).toBe(true)
    for (const row of dataset.calls) expect(row.dealId === null || deals.has(row.dealId)).toBe(true)
    for (const row of dataset.pocs) expect(deals.has(row.dealId) && people.has(row.seId)).toBe(true)
    for (const row of dataset.experimentAssignments) expect(deals.has(row.dealId)).toBe(true)
    for (const row of dataset.learningEvents)
      expect(people.has(row.personId) && content.has(row.contentId)).toBe(true)
    for (const row of dataset.contacts) expect(accounts.has(row.accountId)).toBe(true)
    for (const row of dataset.personAliases) expect(people.has(row.personId)).toBe(true)
    for (const row of dataset.quotas) expect(people.has(row.personId)).toBe(true)
    for (const row of dataset.baselines) expect(accounts.has(row.accountId)).toBe(true)
    for (const row of dataset.businessReviews) expect(accounts.has(row.accountId)).toBe(true)
    for (const person of dataset.people)
      expect(person.managerId === null || people.has(person.managerId)).toBe(true)
  })

  it('keeps signal keys to the defined signals', () => {
    const keys = new Set(dataset.signalDefinitions.map((s) => s.key))
    for (const signal of dataset.dealSignals) expect(keys.has(signal.signalKey)).toBe(true)
  })

  it('has unique ids in every table', () => {
    for (const table of [
      'people',
      'accounts',
      'contacts',
      'deals',
      'dealStageHistory',
      'dealSignals',
      'activities',
      'calls',
      'pocs',
      'learningEvents',
      'quotas',
      'baselines',
      'businessReviews',
    ] as const) {
      const rows = dataset[table] as { id: string }[]
      expect(ids(rows).size, table).toBe(rows.length)
    }
  })

  it('gives people firstname.lastname emails at the company domain', () => {
    for (const person of dataset.people) expect(person.email).toMatch(/^[a-z]+\.[a-z]+@corvid-data\.example$/)
  })
})

describe('generateDemoCompany: deals over time', () => {
  const historyByDeal = new Map<string, typeof dataset.dealStageHistory>()
  for (const row of dataset.dealStageHistory) {
    const list = historyByDeal.get(row.dealId) ?? []
    list.push(row)
    historyByDeal.set(row.dealId, list)
  }

  it('chains stage history: entered at createdAt, each exit is the next entry, only the last is open', () => {
    for (const deal of dataset.deals) {
      const rows = historyByDeal.get(deal.id) ?? []
      expect(rows.length).toBeGreaterThan(0)
      expect(rows[0]!.enteredAt).toBe(deal.createdAt)
      rows.forEach((row, i) => {
        const next = rows[i + 1]
        if (next === undefined) {
          expect(row.exitedAt).toBeNull()
          expect(row.stageKey).toBe(deal.stageKey)
        } else {
          expect(row.exitedAt).toBe(next.enteredAt)
          expect(row.enteredAt <= row.exitedAt!).toBe(true)
        }
      })
    }
  })

  it('keeps closed and open deals consistent with asOf', () => {
    for (const deal of dataset.deals) {
      const rows = historyByDeal.get(deal.id) ?? []
      const last = rows[rows.length - 1]!
      if (deal.isClosed) {
        expect(deal.closeDate <= asOf).toBe(true)
        expect(deal.stageKey).toBe(deal.isWon ? 'closed_won' : 'closed_lost')
        expect(last.enteredAt.slice(0, 10)).toBe(deal.closeDate)
        expect(deal.lossReason === null).toBe(deal.isWon)
      } else {
        expect(deal.closeDate > asOf).toBe(true)
        expect(deal.isWon).toBe(false)
        expect(OPEN_STAGE_KEYS[deal.stageModelId]).toContain(deal.stageKey)
        expect(deal.lossReason).toBeNull()
        expect(last.enteredAt <= `${asOf}T07:00:00.000Z`).toBe(true)
      }
      expect(deal.createdAt.slice(0, 10) <= deal.closeDate).toBe(true)
      expect(Number.isInteger(deal.amountCents) && deal.amountCents > 0).toBe(true)
    }
  })

  it('learns signals between createdAt and the close (or asOf)', () => {
    const byId = new Map(dataset.deals.map((d) => [d.id, d]))
    for (const signal of dataset.dealSignals) {
      const deal = byId.get(signal.dealId)!
      expect(signal.observedAt >= deal.createdAt).toBe(true)
      expect(signal.observedAt.slice(0, 10) <= (deal.isClosed ? deal.closeDate : asOf)).toBe(true)
    }
  })

  it('records the planted signals on every closed deal', () => {
    const keysByDeal = new Map<string, Set<string>>()
    for (const s of dataset.dealSignals)
      keysByDeal.set(s.dealId, (keysByDeal.get(s.dealId) ?? new Set()).add(s.signalKey))
    for (const deal of dataset.deals.filter((d) => d.isClosed)) {
      for (const key of ['exec_sponsor', 'prior_oss_use', 'hard_deadline'])
        expect(keysByDeal.get(deal.id)?.has(key)).toBe(true)
    }
  })

  it('keeps calls inside their deal and use cases consistent', () => {
    const byId = new Map(dataset.deals.map((d) => [d.id, d]))
    for (const call of dataset.calls) {
      const deal = byId.get(call.dealId!)!
      expect(call.startedAt >= deal.createdAt).toBe(true)
      expect(call.startedAt.slice(0, 10) <= (deal.isClosed ? deal.closeDate : asOf)).toBe(true)
      expect(call.ownerId).toBe(deal.ownerId)
    }
    for (const deal of dataset.deals) {
      expect(deal.useCaseStatus !== null).toBe(deal.kind === 'use_case')
      if (deal.useCaseStatus === 'live') expect(deal.goLiveDate! <= asOf).toBe(true)
    }
  })

  it('has a rep login who owns deals and a manager login with reports', () => {
    const rep = company.logins.find((l) => l.role === 'rep')!
    const manager = company.logins.find((l) => l.role === 'manager')!
    expect(dataset.deals.some((d) => d.ownerId === rep.personId)).toBe(true)
    expect(dataset.people.find((p) => p.id === rep.personId)?.role).toBe('ae')
    expect(dataset.people.some((p) => p.role === 'ae' && p.managerId === manager.personId)).toBe(true)
    expect(company.logins.map((l) => l.role).sort()).toEqual(['admin', 'analyst', 'leader', 'manager', 'rep'])
  })
})
