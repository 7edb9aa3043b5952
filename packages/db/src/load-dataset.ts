/**
 * Loads a whole dataset (a demo company, say) in one transaction through the
 * engine's bulk path, reporting progress per table.
 */
import { sql } from 'kysely'
import { toSnakeCase, type ConsumptionStream, type Dataset } from '@revlab/domain'
import type { Store } from './open-store.js'
import type { TableName } from './schema.js'
import { refreshConsumptionRollup } from './repositories/consumption-rollup.js'

export type LoadProgress = { table: TableName; rows: number; totalRows: number }

export type LoadOptions = {
  consumption?: ConsumptionStream
  consumptionRowEstimate?: number
  onProgress?: (progress: LoadProgress) => void
}

export async function loadDataset(store: Store, dataset: Dataset, options: LoadOptions = {}): Promise<void> {
  const entries = Object.entries(dataset) as [keyof Dataset, Dataset[keyof Dataset]][]
  const totalRows =
    entries.reduce((n, [, rows]) => n + rows.length, 0) + (options.consumptionRowEstimate ?? 0)
  let done = 0
  const report = (table: TableName): void => options.onProgress?.({ table, rows: done, totalRows })

  await store.bulkTransaction(async (writer, tx) => {
    for (const [key, rows] of entries) {
      const table = toSnakeCase(key) as TableName
      const chunk = 20_000
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk)
        await writer.append(table, part as unknown as Record<string, unknown>[])
        done += part.length
        report(table)
      }
    }
    if (options.consumption) {
      for (const part of options.consumption()) {
        await writer.append('consumption_daily', part as unknown as Record<string, unknown>[])
        done += part.length
        report('consumption_daily')
      }
    }
    // The briefing reads the consumption rollups: rebuilt with the load, in its transaction.
    await refreshConsumptionRollup(tx)
  })
  // Fresh planner statistics, or PostgreSQL plans the first queries over a just-loaded table blind.
  if (store.engine === 'postgres') await sql`analyze`.execute(store.db)
}
