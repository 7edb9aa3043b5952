/**
 * The briefing's consumption comes from SQL sums over the rollups
 * (loadConsumptionSummary + summarizeConsumption), not from the full
 * per-account analysis. The two must agree exactly — on the hand-computed
 * company and on the small demo company, for every scope and several
 * dates — on both engines; and the rollups must follow every write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  loadConsumptionInputs,
  loadConsumptionSummary,
  loadDataset,
  migrateToLatest,
  openStore,
  refreshConsumptionRollup,
  refreshStaleConsumptionMonths,
  type OwnerScope,
  type Store,
} from '@revlab/db'
import { analyzeConsumption, digestConsumption, summarizeConsumption } from '@revlab/analyses'
import { generateDemoCompany } from '@revlab/demo-data'
import { accountConsumptionRow } from '@revlab/server'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import * as fixture from './consumption-fixture.js'

async function bothPaths(
  store: Store,
  asOf: string,
  scope: OwnerScope,
  options: { eventDays?: number; top?: number } = {},
) {
  const full = analyzeConsumption(await loadConsumptionInputs(store.db, { asOf, scope }), options)
  const summary = summarizeConsumption(
    await loadConsumptionSummary(store.db, { asOf, scope, eventDays: options.eventDays, top: options.top }),
    options,
  )
  return { full: full.status === 'ok' ? digestConsumption(full, options) : full, summary }
}

for (const engine of ENGINES) {
  describe(`${engine}: the briefing's SQL sums agree with the full consumption analysis`, () => {
    let store: Store

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await fixture.loadFixture(store)
    })
    afterAll(async () => {
      await store.close()
    })

    it('on the hand-computed company, for everyone and for each owner', async () => {
      const scopes: OwnerScope[] = [
        { kind: 'all' },
        ...['h1', 'h2', 'c1', 'c2'].map((id): OwnerScope => ({ kind: 'owners', ownerIds: [id] })),
        { kind: 'owners', ownerIds: [] },
      ]
      for (const scope of scopes)
        for (const asOf of [fixture.AS_OF, '2026-03-27', '2026-01-05', '2026-02-10']) {
          const { full, summary } = await bothPaths(store, asOf, scope)
          expect(summary, `${asOf} ${JSON.stringify(scope)}`).toEqual(full)
        }
      const { summary } = await bothPaths(store, fixture.AS_OF, { kind: 'all' })
      // The hand-computed figures (consumption.db.test.ts) come through the SQL path too.
      expect(summary).toMatchObject({
        status: 'ok',
        totals: { yesterdayCents: 3_500, weekAgoCents: 4_500, last7Cents: 24_500, ytdCents: 382_500 },
        businessReviews: { overdueCount: 1 },
      })
    })

    it("reads one account's row alone, the same as in everyone's analysis", async () => {
      for (const [asOf, scope] of [
        [fixture.AS_OF, { kind: 'all' }],
        ['2026-01-05', { kind: 'owners', ownerIds: ['c1'] }],
      ] as [string, OwnerScope][]) {
        const full = analyzeConsumption(await loadConsumptionInputs(store.db, { asOf, scope }))
        if (full.status !== 'ok') throw new Error(full.reason)
        for (const account of fixture.accounts) {
          const expected = full.accounts.find((a) => a.id === account.id) ?? null
          expect(
            await accountConsumptionRow(store, { asOf, scope, accountId: account.id }),
            account.id,
          ).toEqual(expected)
        }
      }
      expect(
        await accountConsumptionRow(store, {
          asOf: fixture.AS_OF,
          scope: { kind: 'all' },
          accountId: 'nope',
        }),
      ).toBeNull()
      expect(
        await accountConsumptionRow(store, {
          asOf: '2030-06-01',
          scope: { kind: 'all' },
          accountId: 'alpha',
        }),
      ).toBeNull()
    })

    it('with no consumption in the window it says so, as the analysis does', async () => {
      const { full, summary } = await bothPaths(store, '2030-06-01', { kind: 'all' })
      expect(summary.status).toBe('insufficient-data')
      expect(summary).toEqual(full)
    })

    it('follows a write once the rollups are refreshed, and finds stale months by itself', async () => {
      const before = await bothPaths(store, fixture.AS_OF, { kind: 'all' })
      const extra = {
        day: fixture.AS_OF,
        accountId: 'alpha',
        useCaseId: null,
        sku: 'compute',
        units: 1,
        revenueCents: 9_999,
      }
      await store.bulkTransaction(async (w, tx) => {
        await w.append('consumption_daily', [extra])
        expect(await refreshStaleConsumptionMonths(tx)).toEqual([`${fixture.AS_OF.slice(0, 7)}-01`])
      })
      const after = await bothPaths(store, fixture.AS_OF, { kind: 'all' })
      expect(after.summary).toEqual(after.full)
      expect(after.summary.status === 'ok' && after.summary.totals.yesterdayCents).toBe(
        before.summary.status === 'ok' ? before.summary.totals.yesterdayCents + 9_999 : NaN,
      )
      await store.db.deleteFrom('consumption_daily').where('revenue_cents', '=', 9_999).execute()
      await refreshConsumptionRollup(store.db, {
        from: fixture.AS_OF,
        to: fixture.AS_OF,
        accountIds: ['alpha'],
      })
      expect((await bothPaths(store, fixture.AS_OF, { kind: 'all' })).summary).toEqual(before.summary)
    })
  })

  describe(`${engine}: the same on the small demo company`, () => {
    let store: Store
    const asOf = '2026-11-23'

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      const company = generateDemoCompany({ scale: 'small', seed: 7, asOf })
      await loadDataset(store, company.dataset, { consumption: company.consumption })
    })
    afterAll(async () => {
      await store.close()
    })

    it('for everyone, a team and one rep, on several days, with longer windows and lists', async () => {
      const people = await store.db.selectFrom('people').select(['id', 'team']).orderBy('id').execute()
      const team = people.filter((p) => p.team === people[5]?.team).map((p) => p.id)
      const scopes: OwnerScope[] = [
        { kind: 'all' },
        { kind: 'owners', ownerIds: team },
        { kind: 'owners', ownerIds: [people[7]?.id ?? ''] },
      ]
      for (const scope of scopes)
        for (const day of [asOf, '2026-11-01', '2026-01-15', '2025-12-31']) {
          const { full, summary } = await bothPaths(store, day, scope)
          expect(summary, `${day} ${JSON.stringify(scope).slice(0, 80)}`).toEqual(full)
        }
      const wide = await bothPaths(store, asOf, { kind: 'all' }, { eventDays: 30, top: 12 })
      expect(wide.summary).toEqual(wide.full)
      const ok = wide.summary.status === 'ok' ? wide.summary : null
      // A real company: movers, events and overdue reviews are all there to compare.
      expect(ok?.gainers.length).toBe(12)
      expect(ok?.losers.length).toBeGreaterThan(0)
      expect(ok?.useCaseGainers.length).toBeGreaterThan(0)
      expect(ok?.useCases.created.length).toBeGreaterThan(0)
      expect(ok?.businessReviews.overdueCount).toBeGreaterThan(0)
    })
  })
}
