/**
 * The deal-outcome loader (win patterns, cycle time) on both engines equals
 * the row loader it replaced (deal-outcomes-reference.ts) on a small demo
 * company plus hand-built messy deals: three as-of dates, segment, since and
 * owner scopes; values with spaces, odd case, quotes, separators and
 * non-ASCII; blank and unreadable later values; two values of one key (the
 * later wins); observations on the as-of day's last instant and just after;
 * POCs started after the as-of date. On DuckDB the columnar path must be the
 * one taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Deal, DealOutcomeFilters, Poc } from '@revlab/domain'
import { generateDemoCompany } from '@revlab/demo-data'
import {
  loadDataset,
  loadDealOutcomeInputs,
  migrateToLatest,
  openStore,
  type OwnerScope,
  type Store,
} from '@revlab/db'
import { withDuckDbConnection } from '../src/dialects/duckdb-dialect.js'
import { readDealOutcomesDuckDb } from '../src/repositories/deal-outcomes-duckdb.js'
import { ENGINES, freshDatabase } from './engines.js'
import { referenceDealOutcomeInputs } from './deal-outcomes-reference.js'
import { testDeal } from './records.js'

const company = generateDemoCompany({ scale: 'small', seed: 7, asOf: '2026-11-23' })
const owners = [...new Set(company.dataset.deals.map((d) => d.ownerId))].sort()
const OWNER = owners[0] as string

const deal = (id: string, over: Partial<Deal> = {}): Deal =>
  testDeal(id, { ownerId: OWNER, segment: 'Messy', createdAt: '2025-03-01T10:00:00.000Z', ...over })

let n = 0
const signal = (dealId: string, signalKey: string, value: string, observedAt: string) => ({
  id: `mx-sig-${String(++n).padStart(3, '0')}`,
  dealId,
  signalKey,
  value,
  observedAt,
  source: 'manual' as const,
  evidence: null,
  strength: null,
  recordedBy: null,
})

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
  goNoGoDate: '2026-12-30',
  paid,
  priceCents: paid ? 1_000_000 : 0,
  commitments: '{}',
  status: 'running',
})

async function seedMessy(store: Store): Promise<void> {
  await store.bulkTransaction(async (w) => {
    await w.append('deals', [
      deal('mx-1', { isClosed: true, isWon: true, closeDate: '2025-06-30' }),
      deal('mx-2', { isClosed: true, isWon: false, closeDate: '2025-07-01' }),
      deal('mx-3', { createdAt: '2025-06-30T23:30:00.000Z' }),
      deal('mx-4', { createdAt: '2025-07-01T00:10:00.000Z', amountCents: 12_345_678_901 }),
      deal('mx-5', { ownerId: owners[1] as string }),
    ])
    await w.append('deal_signals', [
      // mx-1: a boolean in odd case and spaces, then a different value later (later wins).
      signal('mx-1', 'champion', ' YES ', '2025-03-02T09:00:00.000Z'),
      signal('mx-1', 'champion', '\tno\u00a0', '2025-03-05T09:00:00.000Z'),
      // a category, then a blank value that does not erase it
      signal('mx-1', 'budget_status', 'allocated', '2025-03-02T10:00:00.000Z'),
      signal('mx-1', 'budget_status', '   ', '2025-03-06T10:00:00.000Z'),
      signal('mx-1', 'competitor', "o'brien & co", '2025-03-02T11:00:00.000Z'),
      signal('mx-1', 'stakeholder_count', '  4 ', '2025-03-02T12:00:00.000Z'),
      // a key without a definition, holding the row loader's separator characters
      signal('mx-1', 'custom_note', 'a\u001eb\u001fc', '2025-03-03T12:00:00.000Z'),
      // mx-2: an unreadable boolean after a readable one; non-ASCII; a value known only later
      signal('mx-2', 'champion', 'y', '2025-03-02T09:00:00.000Z'),
      signal('mx-2', 'champion', 'maybe', '2025-03-09T09:00:00.000Z'),
      signal('mx-2', 'budget_status', 'Ünïcödé 値', '2025-03-02T09:00:00.000Z'),
      signal('mx-2', 'competitor', 'vendor', '2026-01-10T09:00:00.000Z'),
      // mx-3: on the as-of day's last instant, and just after it
      signal('mx-3', 'champion', 'true', '2025-06-30T23:59:59.999Z'),
      signal('mx-3', 'exec_sponsor', 'true', '2025-07-01T00:00:00.000Z'),
      // mx-5: the same value twice in different spellings, then a conflicting one in 2026
      // (stored first, so a read in storage order would meet it first)
      signal('mx-5', 'metrics', 'N', '2026-01-10T09:00:00.000Z'),
      signal('mx-5', 'metrics', 'TRUE', '2025-03-02T09:00:00.000Z'),
      signal('mx-5', 'metrics', 'true ', '2025-03-03T09:00:00.000Z'),
    ])
    await w.append('pocs', [
      poc('mx-p1', 'mx-1', '2025-04-01', false),
      poc('mx-p2', 'mx-1', '2025-05-01', true),
      poc('mx-p3', 'mx-2', '2025-12-01', false),
    ])
  })
}

const AS_OFS = ['2025-06-30', '2026-01-15', '2026-11-23']

const cases: [string, Omit<DealOutcomeFilters, 'asOf'>, OwnerScope][] = [
  ['everything', {}, { kind: 'all' }],
  ['a segment', { segment: 'Messy' }, { kind: 'all' }],
  ['a demo segment', { segment: company.dataset.deals[0]?.segment as string }, { kind: 'all' }],
  ['since a date', { since: '2025-07-01' }, { kind: 'all' }],
  ['two owners', {}, { kind: 'owners', ownerIds: [OWNER, owners[1] as string] }],
  // mx-5's conflicting values without mx-1's separators: the unordered read must re-read it in time order.
  ['one owner', {}, { kind: 'owners', ownerIds: [owners[1] as string] }],
  ['no owners', {}, { kind: 'owners', ownerIds: [] }],
]

for (const engine of ENGINES) {
  describe(`deal outcomes on ${engine}`, () => {
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

    for (const asOf of AS_OFS)
      for (const [name, filters, scope] of cases)
        it(`equals the row loader as of ${asOf}: ${name}`, async () => {
          const expected = await referenceDealOutcomeInputs(store.db, { asOf, ...filters }, scope)
          const actual = await loadDealOutcomeInputs(store.db, { asOf, ...filters }, scope)
          expect(actual).toEqual(expected)
          if (name === 'everything') expect(actual.deals.length).toBeGreaterThan(100)
        })

    it('reads messy values as the analyses expect them', async () => {
      const early = await loadDealOutcomeInputs(store.db, { asOf: '2025-06-30', segment: 'Messy' })
      const byId = new Map(early.deals.map((d) => [d.id, d]))
      expect([...byId.keys()]).toEqual(['mx-1', 'mx-2', 'mx-3', 'mx-5'])
      expect(byId.get('mx-1')).toEqual({
        id: 'mx-1',
        ownerId: OWNER,
        segment: 'Messy',
        createdOn: '2025-03-01',
        closeDate: '2025-06-30',
        isClosed: true,
        isWon: true,
        amountCents: 5_000_000,
        signals: {
          champion: 'false',
          budget_status: 'allocated',
          competitor: "o'brien & co",
          stakeholder_count: '4',
          custom_note: 'a\u001eb\u001fc',
          poc: 'paid',
        },
      })
      // closes the day after the as-of date: still open then
      expect(byId.get('mx-2')).toMatchObject({
        isClosed: false,
        isWon: false,
        signals: { champion: 'true', budget_status: 'Ünïcödé 値', poc: 'none' },
      })
      expect(byId.get('mx-2')?.signals.competitor).toBeUndefined()
      expect(byId.get('mx-3')?.signals).toEqual({ champion: 'true', poc: 'none' })
      expect(byId.get('mx-5')?.signals).toEqual({ metrics: 'true', poc: 'none' })

      const late = await loadDealOutcomeInputs(store.db, { asOf: '2026-01-15', segment: 'Messy' })
      const lateById = new Map(late.deals.map((d) => [d.id, d]))
      expect(lateById.get('mx-2')?.signals).toMatchObject({ competitor: 'vendor', poc: 'free' })
      expect(lateById.get('mx-3')?.signals).toMatchObject({ exec_sponsor: 'true' })
      expect(lateById.get('mx-4')).toMatchObject({ createdOn: '2025-07-01', amountCents: 12_345_678_901 })
      expect(lateById.get('mx-5')?.signals.metrics).toBe('false')
    })

    if (engine === 'duckdb')
      it('takes the columnar path on DuckDB', async () => {
        const read = await withDuckDbConnection(store.db, (connection) =>
          readDealOutcomesDuckDb(
            connection,
            { asOf: '2026-11-23' },
            { kind: 'all' },
            new Set(['champion']),
            '2026-11-24T00:00:00.000Z',
          ),
        )
        expect(read?.hasPocs).toBe(true)
        expect(read?.deals.length).toBe(company.dataset.deals.length + 5)
      })
  })
}
