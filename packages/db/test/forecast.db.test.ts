/**
 * The forecast loader on both engines from a tiny hand-built store: every
 * deal with its dated history (signal values normalized and dated by the day
 * they were observed, stages with the CRM's probability, POCs as the derived
 * `poc` signal, a free POC turning paid), bookings quotas only, and the owner
 * scope applied to deals, people and quotas alike. Then, on a small demo
 * company plus hand-built messy deals, the loader equals the row loader it
 * replaced (forecast-reference.ts) in every owner scope, and on DuckDB the
 * columnar path is the one taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Deal, Person, Poc } from '@revlab/domain'
import { generateDemoCompany } from '@revlab/demo-data'
import {
  loadDataset,
  loadForecastInputs,
  migrateToLatest,
  openStore,
  type OwnerScope,
  type Store,
} from '@revlab/db'
import { analyzeForecast } from '@revlab/analyses'
import { withDuckDbConnection } from '../src/dialects/duckdb-dialect.js'
import { readForecastDealsDuckDb } from '../src/repositories/forecast-duckdb.js'
import { ENGINES, freshDatabase } from './engines.js'
import { referenceForecastInputs } from './forecast-reference.js'
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

const company = generateDemoCompany({ scale: 'small', seed: 7, asOf: '2026-11-23' })
const owners = [...new Set(company.dataset.deals.map((d) => d.ownerId))].sort()
const OWNER = owners[0] as string
const MODEL = company.dataset.stageModels[0]?.id as string
const modelStages = company.dataset.stages.filter((st) => st.stageModelId === MODEL).map((st) => st.key)

let n = 0
const messySignal = (dealId: string, signalKey: string, value: string, observedAt: string) =>
  signal(`mx-sig-${String(++n).padStart(3, '0')}`, dealId, signalKey, value, observedAt)

const messyDeal = (id: string, over: Partial<Deal> = {}): Deal =>
  testDeal(id, {
    ownerId: OWNER,
    stageModelId: MODEL,
    stageKey: modelStages[0] as string,
    createdAt: '2025-03-01T23:30:00.000Z',
    ...over,
  })

async function seedMessy(store: Store): Promise<void> {
  await store.bulkTransaction(async (w) => {
    await w.append('deals', [
      messyDeal('mx-1', { isClosed: true, isWon: true, closeDate: '2025-06-30' }),
      messyDeal('mx-2', { isClosed: true, isWon: false, closeDate: '2025-07-01', kind: 'expansion' }),
      messyDeal('mx-3', { amountCents: 12_345_678_901, createdAt: '2025-06-30T23:59:59.999Z' }),
      messyDeal('mx-4', { ownerId: owners[1] as string, isWon: true }), // open: won only once closed
    ])
    await w.append('deal_signals', [
      // odd case and spaces, a blank that is dropped, a later change, the same instant twice (row id order)
      messySignal('mx-1', 'champion', ' YES ', '2025-03-02T23:59:59.999Z'),
      messySignal('mx-1', 'champion', '\tno\u00a0', '2025-03-05T09:00:00.000Z'),
      messySignal('mx-1', 'budget_status', '   ', '2025-03-06T10:00:00.000Z'),
      messySignal('mx-1', 'competitor', "o'brien & co", '2025-03-06T10:00:00.000Z'),
      messySignal('mx-1', 'competitor', 'Ünïcödé 値', '2025-03-06T10:00:00.000Z'),
      messySignal('mx-1', 'custom_note', 'a\u001eb\u001fc', '2025-04-01T00:00:00.000Z'),
      // an unreadable boolean; a signal observed before the deal was created; a `poc` signal already paid
      messySignal('mx-2', 'champion', 'maybe', '2025-03-02T09:00:00.000Z'),
      messySignal('mx-2', 'metrics', 'N', '2024-12-31T23:00:00.000Z'),
      messySignal('mx-2', 'poc', 'paid', '2025-05-02T09:00:00.000Z'),
    ])
    await w.append('pocs', [
      // on the same day as a signal (the signal first), then a paid one; a free POC after a paid `poc` signal
      poc('mx-p1', 'mx-1', '2025-04-01', false),
      poc('mx-p2', 'mx-1', '2025-05-01', true),
      poc('mx-p3', 'mx-1', '2025-06-01', false),
      poc('mx-p4', 'mx-2', '2025-06-01', false),
    ])
    await w.append('deal_stage_history', [
      // entered at the same instant (row id order); a stage outside the deal's model is left out
      ...[modelStages[0], modelStages[1], modelStages[1], 'not_in_model'].map((stageKey, i) => ({
        id: `mx-h${i}`,
        dealId: 'mx-1',
        stageKey: stageKey as string,
        enteredAt: i === 0 ? '2025-03-01T23:30:00.000Z' : '2025-03-20T10:00:00.000Z',
        exitedAt: null,
      })),
    ])
  })
}

const scopes: [string, OwnerScope][] = [
  ['everything', { kind: 'all' }],
  ['one owner', { kind: 'owners', ownerIds: [OWNER] }],
  ['two owners', { kind: 'owners', ownerIds: [OWNER, owners[1] as string] }],
  ['an owner with no deals', { kind: 'owners', ownerIds: ['nobody'] }],
  ['no owners', { kind: 'owners', ownerIds: [] }],
]

for (const engine of ENGINES) {
  describe(`${engine}: forecast inputs of a demo company`, () => {
    let store: Store

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await loadDataset(store, company.dataset)
      await seedMessy(store)
    })
    afterAll(async () => {
      await store?.close()
    })

    for (const [name, scope] of scopes)
      it(`equals the row loader: ${name}`, async () => {
        const expected = await referenceForecastInputs(store.db, scope)
        const actual = await loadForecastInputs(store.db, scope)
        expect(actual).toEqual(expected)
        // Same key order too, as the JSON output shows it.
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected))
        if (name === 'everything') {
          expect(actual.deals.length).toBe(company.dataset.deals.length + 4)
          expect(actual.deals.reduce((k, d) => k + d.stages.length, 0)).toBeGreaterThan(1000)
        }
      })

    it('reads messy history as the forecast expects it', async () => {
      const inputs = await loadForecastInputs(store.db, { kind: 'owners', ownerIds: [OWNER] })
      const mx1 = inputs.deals.find((d) => d.id === 'mx-1')
      expect(mx1?.signals).toEqual([
        { key: 'champion', value: 'true', observedOn: '2025-03-02' },
        { key: 'champion', value: 'false', observedOn: '2025-03-05' },
        { key: 'competitor', value: "o'brien & co", observedOn: '2025-03-06' },
        { key: 'competitor', value: 'Ünïcödé 値', observedOn: '2025-03-06' },
        { key: 'custom_note', value: 'a\u001eb\u001fc', observedOn: '2025-04-01' },
        { key: 'poc', value: 'free', observedOn: '2025-04-01' },
        { key: 'poc', value: 'paid', observedOn: '2025-05-01' },
        { key: 'poc', value: 'paid', observedOn: '2025-06-01' },
      ])
      expect(mx1?.stages.map((st) => [st.key, st.enteredOn])).toEqual([
        [modelStages[0], '2025-03-01'],
        [modelStages[1], '2025-03-20'],
        [modelStages[1], '2025-03-20'],
      ])
      const mx2 = inputs.deals.find((d) => d.id === 'mx-2')
      expect(mx2?.signals).toEqual([
        { key: 'metrics', value: 'false', observedOn: '2024-12-31' },
        { key: 'poc', value: 'paid', observedOn: '2025-05-02' },
        { key: 'poc', value: 'paid', observedOn: '2025-06-01' },
      ])
      expect(inputs.deals.find((d) => d.id === 'mx-3')).toMatchObject({
        amountCents: 12_345_678_901,
        createdOn: '2025-06-30',
      })
      expect(inputs.deals.find((d) => d.id === 'mx-4')).toBeUndefined()
    })

    if (engine === 'duckdb')
      it('takes the columnar path on DuckDB', async () => {
        const read = await withDuckDbConnection(store.db, (connection) =>
          readForecastDealsDuckDb(connection, { kind: 'all' }, new Set(['champion'])),
        )
        expect(read?.hasPocs).toBe(true)
        expect(read?.deals.length).toBe(company.dataset.deals.length + 4)
      })
  })
}
