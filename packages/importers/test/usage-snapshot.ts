/**
 * What a consumption import left in the store and said, in a form two
 * imports of the same files can be compared by: the result without its run
 * id, time and notes; the facts, accounts and use-case deals in key order.
 */
import { migrateToLatest, openStore, type Engine, type Store } from '@revlab/db'
import type { ImportResult } from '@revlab/importers'
import { freshDatabase } from '../../db/test/engines.js'

export type UsageSnapshot = { result: Omit<ImportResult, 'run_id' | 'seconds' | 'notes'>; rows: unknown[] }

export const comparable = (r: ImportResult): UsageSnapshot['result'] => {
  const { run_id: _id, seconds: _s, notes: _n, ...rest } = r
  return rest
}

const text = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v))

/** consumption_daily, accounts and deals (the use cases a usage file creates), as plain values. */
export async function storedUsage(store: Store): Promise<unknown[]> {
  const rows = await store.db
    .selectFrom('consumption_daily')
    .select(['day', 'account_id', 'use_case_id', 'sku', 'units', 'revenue_cents'])
    .orderBy('day')
    .orderBy('account_id')
    .orderBy('use_case_id')
    .orderBy('sku')
    .execute()
  const accounts = await store.db.selectFrom('accounts').select(['id', 'name']).orderBy('id').execute()
  const deals = await store.db
    .selectFrom('deals')
    .select(['id', 'account_id', 'name', 'go_live_date', 'created_at'])
    .orderBy('id')
    .execute()
  return [
    rows.map((r) => [
      text(r.day).slice(0, 10),
      r.account_id,
      r.use_case_id,
      r.sku,
      Number(r.units),
      Number(r.revenue_cents),
    ]),
    accounts,
    deals.map((d) => ({
      ...d,
      go_live_date: d.go_live_date ? text(d.go_live_date).slice(0, 10) : null,
      created_at: text(d.created_at).slice(0, 10),
    })),
  ]
}

/** Two fresh, migrated stores of `engine`: one for the path under test, one for the row-by-row path. */
export async function openStorePair(engine: Engine): Promise<[Store, Store]> {
  const open = async (): Promise<Store> => {
    const store = await openStore(await freshDatabase(engine))
    await migrateToLatest(store)
    return store
  }
  return [await open(), await open()]
}
