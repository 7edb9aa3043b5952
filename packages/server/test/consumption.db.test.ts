/**
 * Consumption figures on a dataset worked out by hand (consumption-fixture.ts),
 * loaded into DuckDB and PostgreSQL: the SQL windows and the analysis must
 * give exactly these numbers on both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConsumptionInputs, migrateToLatest, openStore, type Store } from '@revlab/db'
import { analyzeConsumption, type ConsumptionAnalysis } from '@revlab/analyses'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import * as fixture from './consumption-fixture.js'

for (const engine of ENGINES) {
  describe(`${engine}: consumption on a hand-computed company`, () => {
    let store: Store
    let result: Extract<ConsumptionAnalysis, { status: 'ok' }>

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await fixture.loadFixture(store)
      const analysis = analyzeConsumption(await loadConsumptionInputs(store.db, { asOf: fixture.AS_OF }))
      if (analysis.status !== 'ok') throw new Error(analysis.reason)
      result = analysis
    })
    afterAll(async () => {
      await store.close()
    })

    it('sums yesterday, the week, 30 days and the year to date', () => {
      // yesterday 2,000 + 1,000 + 500; a week earlier (03-24) 1,000 + 3,000 + 500.
      expect(result.totals).toMatchObject({
        yesterdayCents: 3_500,
        weekAgoCents: 4_500,
        last7Cents: 24_500, // 14,000 + 7,000 + 3,500
        prior7Cents: 31_500, // 7,000 + 21,000 + 3,500
        last30Cents: 128_000, // 37,000 + 76,000 + 15,000
        ytdCents: 382_500, // 97,000 + 256,000 + 29,500
        baselineRunRateCents: 2_190_000,
        ytdBaselineCents: 540_000, // 2,190,000 × 90 / 365
      })
      expect(result.totals.weekChangePct).toBeCloseTo(-7_000 / 31_500, 12)
    })

    it('annualizes run rates and measures growth above the frozen baseline', () => {
      const alpha = result.accounts.find((a) => a.id === 'alpha')
      // 37,000 × 365 / 30 = 450,166.67 → 450,167; above the 365,000 line by 85,167.
      expect(alpha).toMatchObject({
        runRate30Cents: 450_167,
        runRate7Cents: 730_000, // 14,000 × 365 / 7
        baselineRunRateCents: 365_000,
        incrementalRunRateCents: 85_167,
        ytdIncrementalCents: 7_000, // 97,000 − 365,000 × 90/365
        cohort: '2025',
        hunterName: 'Hana Hunter',
        coreOwnerName: 'Cora Core',
      })
      expect(result.accounts.find((a) => a.id === 'beta')).toMatchObject({
        runRate30Cents: 924_667, // 76,000 × 365 / 30
        incrementalRunRateCents: -170_333,
        ytdIncrementalCents: -14_000, // 256,000 − 270,000
      })
      expect(result.accounts.find((a) => a.id === 'gamma')).toMatchObject({
        baselineRunRateCents: 0,
        incrementalRunRateCents: 182_500,
        ytdIncrementalCents: 29_500,
        cohort: '2026',
      })
      expect(result.accounts.find((a) => a.id === 'delta')).toMatchObject({
        runRate30Cents: 0,
        incrementalRunRateCents: -730_000,
        ytdIncrementalCents: -180_000, // 0 − 730,000 × 90/365
      })
      expect(result.totals.incrementalRunRateCents).toBe(85_167 - 170_333 + 182_500 - 730_000)
    })

    it('credits incremental growth to the core owner, else the hunter, against their quota', () => {
      const byId = new Map(result.owners.map((o) => [o.personId, o]))
      expect(byId.get('c1')).toMatchObject({
        accounts: 1,
        incrementalRunRateCents: 85_167,
        quotaCents: 100_000,
      })
      expect(byId.get('c1')?.attainment).toBeCloseTo(0.85167, 10)
      // Beta and Delta: −170,333 − 730,000 against 365,000.
      expect(byId.get('c2')).toMatchObject({
        accounts: 2,
        baselineRunRateCents: 1_825_000,
        incrementalRunRateCents: -900_333,
        ytdIncrementalCents: -194_000,
        quotaCents: 365_000,
      })
      expect(byId.get('c2')?.attainment).toBeCloseTo(-900_333 / 365_000, 10)
      expect(byId.get('h2')).toMatchObject({
        accounts: 1,
        incrementalRunRateCents: 182_500,
        quotaCents: null,
      })
      expect(byId.has('h1')).toBe(false)
      expect(result.totals.incrementalQuotaCents).toBe(465_000)
    })

    it('computes NRR and GRR by cohort over the same 30 days a year apart', () => {
      // 2025 cohort: a year ago 30,000 + 90,000 + 60,000; now 37,000 + 76,000 + 0.
      // GRR caps each account at its year-ago value: 30,000 + 76,000 + 0.
      expect(result.retention.byCohort).toHaveLength(1)
      const c2025 = result.retention.byCohort[0]
      expect(c2025).toMatchObject({
        cohort: '2025',
        accounts: 3,
        yearAgo30Cents: 180_000,
        last30Cents: 113_000,
      })
      expect(c2025?.nrr).toBeCloseTo(113_000 / 180_000, 12)
      expect(c2025?.grr).toBeCloseTo(106_000 / 180_000, 12)
      expect(result.retention.overall.nrr).toBeCloseTo(113_000 / 180_000, 12)
    })

    it('ranks gainers and losers by the week-over-week move', () => {
      expect(result.gainers.map((g) => [g.id, g.changeCents, g.changePct])).toEqual([['alpha', 7_000, 1]])
      expect(result.losers.map((g) => [g.id, g.changeCents, g.ownerName])).toEqual([
        ['beta', -14_000, 'Carl Core'],
      ])
      expect(result.losers[0]?.runRateChangeCents).toBe(-730_000) // −14,000 × 365 / 7
      expect(result.useCaseGainers.map((g) => [g.id, g.changeCents, g.changePct])).toEqual([
        ['uA', 7_000, null],
      ])
      expect(result.useCaseLosers).toEqual([])
    })

    it('reports use cases created, live and slipped in the last 7 days', () => {
      expect(result.useCases.created.map((u) => u.id)).toEqual(['uB'])
      expect(result.useCases.wentLive.map((u) => [u.id, u.daysLate])).toEqual([['uA', 5]])
      expect(result.useCases.slipped.map((u) => [u.id, u.daysLate, u.ownerName])).toEqual([
        ['uC', 4, 'Hugo Hunter'],
      ])
      expect(result.useCases.byStatus).toEqual({ live: 1, identified: 1, slipped: 1, lost: 1 })
    })

    it('flags overdue business reviews and counts the ones coming up', () => {
      expect(result.businessReviews.overdue).toEqual([
        {
          accountId: 'beta',
          accountName: 'Beta',
          ownerId: 'c2',
          ownerName: 'Carl Core',
          dueAt: '2026-03-01',
          daysOverdue: 30,
          runRate30Cents: 924_667,
        },
      ])
      expect(result.businessReviews).toMatchObject({ accountsTracked: 3, dueNext30Days: 1 })
    })

    it('sums SKUs and the daily series, and narrows to a team', async () => {
      expect(result.skus.map((s) => [s.sku, s.last7Cents, s.prior7Cents])).toEqual([
        ['storage', 7_000, 21_000],
        ['compute', 17_500, 10_500],
        ['data_transfer', 0, 0],
      ])
      expect(result.daily.at(-1)).toEqual({ day: '2026-03-31', revenueCents: 3_500 })
      expect(result.daily).toHaveLength(90)
      const south = analyzeConsumption(
        await loadConsumptionInputs(store.db, {
          asOf: fixture.AS_OF,
          scope: { kind: 'owners', ownerIds: ['h2', 'c2'] },
        }),
      )
      if (south.status !== 'ok') throw new Error('expected data')
      expect(south.accounts.map((a) => a.id).sort()).toEqual(['beta', 'delta', 'gamma'])
      expect(south.totals.yesterdayCents).toBe(1_500)
      expect(south.totals.incrementalQuotaCents).toBe(365_000)
    })

    it('gives a viewer with no one in scope nothing, on either engine, and refuses a malformed date', async () => {
      const none = await loadConsumptionInputs(store.db, {
        asOf: fixture.AS_OF,
        scope: { kind: 'owners', ownerIds: [] },
      })
      expect(none.accounts).toEqual([])
      expect(none.incrementalQuotas).toEqual([])
      await expect(loadConsumptionInputs(store.db, { asOf: "2026-03-31' or 1=1 --" })).rejects.toMatchObject({
        code: 'BAD_INPUT',
      })
    })
  })
}
