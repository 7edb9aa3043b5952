/**
 * The forecast loader on both engines from a tiny hand-built store: every
 * deal with its dated history (signal values normalized and dated by the day
 * they were observed, stages with the CRM's probability, POCs as the derived
 * `poc` signal, a free POC turning paid), bookings quotas only, and the owner
 * scope applied to deals, people and quotas alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Deal, Person, Poc } from '@revlab/domain'
import { loadForecastInputs, migrateToLatest, openStore, type Store } from '@revlab/db'
import { analyzeForecast } from '@revlab/analyses'
import { ENGINES, freshDatabase } from './engines.js'
import { testDeal, testPerson } from './records.js'

const person = (id: string, team: string): Person => testPerson(id, { team })

const deal = (id: string, over: Partial<Deal> = {}): Deal =>
  testDeal(id, { createdAt: '2025-01-02T09:00:00.000Z', ...over })

const poc = (id: string, dealId: string, startedAt: string, paid: boolean): Poc => ({
  id,
  dealId,
  seId: 'se1',
  question: 'Does it scale?',
  metric: 'p95 latency',
  baseline: 10,
  target: 5,
  plannedWeeks: 4,
  startedAt,
  goNoGoDate: '2025-03-30',
  paid,
  priceCents: paid ? 1_000_000 : 0,
  commitments: '{}',
  status: 'running',
})

const signal = (id: string, dealId: string, signalKey: string, value: string, observedAt: string) => ({
  id,
  dealId,
  signalKey,
  value,
  observedAt,
  source: 'manual' as const,
  evidence: null,
  strength: null,
  recordedBy: null,
})

async function seed(store: Store): Promise<void> {
  await store.bulkTransaction(async (w) => {
    await w.append('people', [person('rep1', 'Team A'), person('rep2', 'Team B')])
    await w.append('stage_models', [{ id: 'classic', name: 'Classic', description: '', segment: null }])
    await w.append(
      'stages',
      [
        ['discovery', 1, 0.1],
        ['poc', 2, 0.5],
        ['closed_won', 3, 1],
      ].map(([key, position, probability]) => ({
        id: `classic-${key}`,
        stageModelId: 'classic',
        key: key as string,
        name: key as string,
        position: position as number,
        probability: probability as number,
        exitCriteria: '[]',
        isClosed: key === 'closed_won',
        isWon: key === 'closed_won',
      })),
    )
    await w.append('signal_definitions', [
      { key: 'champion', label: 'Champion', group: 'meddpicc', valueType: 'boolean', description: '' },
      { key: 'budget_status', label: 'Budget', group: 'budget', valueType: 'category', description: '' },
    ])
    await w.append('deals', [
      deal('d1', { isClosed: true, isWon: true, closeDate: '2025-02-15', stageKey: 'closed_won' }),
      deal('d2', { ownerId: 'rep2' }),
      deal('u1', { kind: 'use_case' }),
    ])
    await w.append('deal_stage_history', [
      {
        id: 'h1',
        dealId: 'd1',
        stageKey: 'discovery',
        enteredAt: '2025-01-02T09:00:00.000Z',
        exitedAt: '2025-01-20T10:00:00.000Z',
      },
      {
        id: 'h2',
        dealId: 'd1',
        stageKey: 'poc',
        enteredAt: '2025-01-20T10:00:00.000Z',
        exitedAt: '2025-02-15T10:00:00.000Z',
      },
      {
        id: 'h3',
        dealId: 'd1',
        stageKey: 'closed_won',
        enteredAt: '2025-02-15T10:00:00.000Z',
        exitedAt: null,
      },
      {
        id: 'h4',
        dealId: 'd2',
        stageKey: 'discovery',
        enteredAt: '2025-01-02T09:00:00.000Z',
        exitedAt: null,
      },
    ])
    await w.append('deal_signals', [
      signal('s1', 'd1', 'champion', 'Yes', '2025-01-05T23:30:00.000Z'),
      signal('s2', 'd1', 'budget_status', ' ', '2025-01-06T09:00:00.000Z'),
      signal('s3', 'd1', 'champion', 'no', '2025-01-20T09:00:00.000Z'),
      signal('s4', 'd1', 'budget_status', 'allocated', '2025-01-10T09:00:00.000Z'),
      signal('s5', 'd2', 'champion', 'maybe', '2025-01-07T09:00:00.000Z'),
    ])
    await w.append('pocs', [poc('p1', 'd2', '2025-02-01', false), poc('p2', 'd2', '2025-02-10', true)])
    await w.append('quotas', [
      {
        id: 'q1',
        personId: 'rep1',
        fiscalYear: 2025,
        period: '2025-Q1',
        kind: 'bookings',
        amountCents: 9_000_000,
      },
      {
        id: 'q2',
        personId: 'rep2',
        fiscalYear: 2025,
        period: '2025-Q1',
        kind: 'bookings',
        amountCents: 7_000_000,
      },
      { id: 'q3', personId: 'rep2', fiscalYear: 2025, period: 'FY2025', kind: 'incremental', amountCents: 1 },
    ])
  })
}

for (const engine of ENGINES) {
  describe(`${engine}: forecast inputs`, () => {
    let store: Store

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await seed(store)
    })
    afterAll(async () => {
      await store.close()
    })

    it('loads every deal with its dated, normalized history', async () => {
      const inputs = await loadForecastInputs(store.db)
      expect(inputs.deals.map((d) => d.id)).toEqual(['d1', 'd2', 'u1'])
      const [d1, d2] = inputs.deals
      expect(d1).toMatchObject({
        ownerId: 'rep1',
        kind: 'new_logo',
        amountCents: 5_000_000,
        createdOn: '2025-01-02',
        closeDate: '2025-02-15',
        isClosed: true,
        isWon: true,
      })
      // Booleans normalized, blanks dropped, each dated by its UTC day, oldest first.
      expect(d1?.signals).toEqual([
        { key: 'champion', value: 'true', observedOn: '2025-01-05' },
        { key: 'budget_status', value: 'allocated', observedOn: '2025-01-10' },
        { key: 'champion', value: 'false', observedOn: '2025-01-20' },
      ])
      expect(d1?.stages).toEqual([
        { key: 'discovery', enteredOn: '2025-01-02', probability: 0.1 },
        { key: 'poc', enteredOn: '2025-01-20', probability: 0.5 },
        { key: 'closed_won', enteredOn: '2025-02-15', probability: 1 },
      ])
      // An unreadable boolean is dropped; a free POC that turns paid is dated twice.
      expect(d2?.signals).toEqual([
        { key: 'poc', value: 'free', observedOn: '2025-02-01' },
        { key: 'poc', value: 'paid', observedOn: '2025-02-10' },
      ])
      expect(d2?.isWon).toBe(false)
      expect(inputs.signals.map((s) => s.key)).toEqual(['budget_status', 'champion', 'poc'])
      expect(inputs.quotas).toEqual([
        { personId: 'rep1', period: '2025-Q1', amountCents: 9_000_000 },
        { personId: 'rep2', period: '2025-Q1', amountCents: 7_000_000 },
      ])
      expect(inputs.people).toEqual([
        { id: 'rep1', name: 'Person rep1', team: 'Team A' },
        { id: 'rep2', name: 'Person rep2', team: 'Team B' },
      ])
    })

    it('applies the owner scope to deals, people and quotas', async () => {
      const own = await loadForecastInputs(store.db, { kind: 'owners', ownerIds: ['rep2'] })
      expect(own.deals.map((d) => d.id)).toEqual(['d2'])
      expect(own.people.map((p) => p.id)).toEqual(['rep2'])
      expect(own.quotas.map((q) => q.personId)).toEqual(['rep2'])
      const none = await loadForecastInputs(store.db, { kind: 'owners', ownerIds: [] })
      expect([none.deals.length, none.people.length, none.quotas.length]).toEqual([0, 0, 0])
    })

    it('feeds the forecast: booked, open pipeline, stage baseline and quota as of a day', async () => {
      const f = analyzeForecast(await loadForecastInputs(store.db), {
        asOf: '2025-03-01',
        replicates: 200,
        backtestPeriods: 0,
      })
      expect(f.period).toEqual({ key: '2025-Q1', start: '2025-01-01', end: '2025-03-31' })
      // d1 won on 2025-02-15 (booked); d2 is the open pipeline in discovery (10%); the use case is not a booking.
      expect(f.deals.map((d) => [d.id, d.stage, d.stage_probability])).toEqual([['d2', 'discovery', 0.1]])
      expect(f.bookings.total.booked_cents).toBe(5_000_000)
      expect(f.bookings.total.stage_baseline_cents).toBe(5_500_000)
      expect(f.bookings.total.target_cents).toBe(16_000_000)
      expect(f.model.status).toBe('insufficient-data')
    })
  })
}
