import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, migrateToLatest, openStore, upsertConsumptionRows, type Store } from '@revlab/db'
import { getImportSource, runImport } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const fixture = (name: string): string => path.join(here, 'fixtures', name)
const NOW = new Date('2026-01-05T12:00:00Z')
const consumption = getImportSource('consumption')

const usage = async (store: Store) =>
  (
    await store.db
      .selectFrom('consumption_daily')
      .select(['day', 'account_id', 'use_case_id', 'sku', 'units', 'revenue_cents'])
      .orderBy('day')
      .orderBy('account_id')
      .orderBy('sku')
      .execute()
  ).map((r) => [
    String(r.day).slice(0, 10),
    r.account_id,
    r.use_case_id,
    r.sku,
    Number(r.units),
    Number(r.revenue_cents),
  ])

for (const engine of ENGINES) {
  describe(`${engine}: consumption imports`, () => {
    let store: Store
    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
    })
    afterAll(async () => store.close())

    it('upsertConsumptionRows inserts, keeps the last of a repeated key, and leaves equal rows alone', async () => {
      const row = {
        day: '2024-01-01',
        accountId: 'a',
        useCaseId: null,
        sku: 's',
        units: 1,
        revenueCents: 100,
      }
      const first = await store.bulkTransaction((writer, tx) =>
        upsertConsumptionRows(tx, writer, [
          row,
          { ...row, sku: 't' },
          { ...row, units: 2, revenueCents: 200 },
        ]),
      )
      expect(first).toEqual(['inserted', 'inserted', 'updated'])
      const second = await store.bulkTransaction((writer, tx) =>
        upsertConsumptionRows(tx, writer, [
          { ...row, units: 2, revenueCents: 200 },
          { ...row, sku: 't', revenueCents: 150 },
          { ...row, useCaseId: 'u' },
        ]),
      )
      expect(second).toEqual(['unchanged', 'updated', 'inserted'])
      expect(await usage(store)).toEqual([
        ['2024-01-01', 'a', null, 's', 2, 200],
        ['2024-01-01', 'a', 'u', 's', 1, 100],
        ['2024-01-01', 'a', null, 't', 1, 150],
      ])
      await store.db.deleteFrom('consumption_daily').execute()
    })

    it('imports a usage CSV, creating the accounts and use cases it names, and quarantines bad rows', async () => {
      const r = await runImport(store, consumption, [fixture('usage-daily.csv')], { now: NOW })
      expect(r).toMatchObject({ status: 'committed', rows_read: 8, inserted: 6, rejected: 2 })
      expect(r.created).toEqual({ accounts: 3, deals: 2 })
      expect(r.rejects.map((x) => [x.row, x.column])).toEqual([
        [6, 'units'],
        [7, 'date'],
      ])
      const accounts = await store.db.selectFrom('accounts').select(['id', 'name']).orderBy('id').execute()
      expect(accounts).toEqual([
        { id: 'acc-1', name: 'Acme Corp' },
        { id: 'acc-9', name: 'Initech' },
        { id: 'account:globex', name: 'Globex' },
      ])
    })

    it('imports the same file twice without a change, and updates a changed number', async () => {
      const before = await countRows(store)
      const again = await runImport(store, consumption, [fixture('usage-daily.csv')], { now: NOW })
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 6, rejected: 2, created: {} })
      expect(await countRows(store)).toMatchObject({
        ...before,
        import_runs: before.import_runs + 1,
        import_rejects: before.import_rejects + 2,
      })
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-usage-'))
      const changed = path.join(dir, 'usage.csv')
      fs.writeFileSync(
        changed,
        fs.readFileSync(fixture('usage-daily.csv'), 'utf8').replace('11,130.00', '11,131.00'),
      )
      const r = await runImport(store, consumption, [changed], { now: NOW })
      expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 5 })
    })

    it('reads Parquet, matching known accounts and use cases by id and name', async () => {
      const r = await runImport(store, consumption, [fixture('usage-daily.parquet')], { now: NOW })
      expect(r).toMatchObject({ rows_read: 3, inserted: 2, unchanged: 1, rejected: 0 })
      expect(r.created).toEqual({ accounts: 1 })
      const rows = await usage(store)
      expect(rows).toContainEqual([
        '2025-03-03',
        'acc-1',
        'use_case:acc-1:fraud-scoring',
        'compute',
        12,
        14000,
      ])
    })
  })
}
