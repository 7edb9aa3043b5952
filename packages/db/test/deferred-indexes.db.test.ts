/**
 * Indexes deferred for a first load: on an empty PostgreSQL table they are
 * dropped and built again after the rows are in, the primary key included,
 * so the table ends as the migration made it; a table holding rows and
 * DuckDB are left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { migrateToLatest, openStore, type Store } from '@revlab/db'
import { deferIndexes } from '../src/repositories/deferred-indexes.js'
import { freshDatabase } from './engines.js'

const signalRow = (id: string) => ({
  id,
  deal_id: 'd1',
  signal_key: 'champion',
  value: 'true',
  observed_at: '2026-01-01T00:00:00.000Z',
  source: 'import' as const,
})

async function indexDefinitions(db: Store['db']): Promise<string[]> {
  const { rows } = await sql<{ definition: string }>`
    select indexdef as definition from pg_indexes
    where tablename = 'deal_signals' and schemaname = current_schema() order by indexname`.execute(db)
  return rows.map((r) => r.definition)
}

describe('deferred indexes on postgres', () => {
  let store: Store
  let before: string[]

  beforeAll(async () => {
    store = await openStore(await freshDatabase('postgres'))
    await migrateToLatest(store)
    before = await indexDefinitions(store.db)
  })
  afterAll(async () => {
    await store?.close()
  })

  it('drops the indexes of an empty table for the load and builds them again after it', async () => {
    expect(before.length).toBeGreaterThanOrEqual(3)
    await store.db.transaction().execute(async (tx) => {
      const { deferred, restore } = await deferIndexes(tx, 'postgres', 'deal_signals')
      expect(deferred).toBe(true)
      expect(await indexDefinitions(tx)).toEqual([])
      await tx
        .insertInto('deal_signals')
        .values([signalRow('s1'), signalRow('s2')])
        .execute()
      await restore()
      await restore() // a second call does nothing
    })
    expect(await indexDefinitions(store.db)).toEqual(before)
    // The primary key holds again.
    await expect(store.db.insertInto('deal_signals').values(signalRow('s1')).execute()).rejects.toThrow(
      /duplicate key/,
    )
  })

  it('leaves a table that holds rows as it is', async () => {
    await store.db.transaction().execute(async (tx) => {
      expect((await deferIndexes(tx, 'postgres', 'deal_signals')).deferred).toBe(false)
      expect(await indexDefinitions(tx)).toEqual(before)
    })
  })
})
