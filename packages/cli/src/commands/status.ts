import { countRows, schemaVersion, type Store } from '@revlab/db'
import { formatCount, printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

export type StatusReport = {
  engine: string
  database: string
  schema_version: string | null
  counts: Record<string, number>
}

export async function readStatus(store: Store): Promise<StatusReport> {
  return {
    engine: store.engine,
    database: store.location,
    schema_version: await schemaVersion(store),
    counts: await countRows(store),
  }
}

export async function statusCommand(options: { db?: string; json?: boolean }): Promise<void> {
  const report = await withStore(options.db, readStatus)
  if (options.json) return printJson(report)
  process.stdout.write(
    `Engine:   ${report.engine}\nDatabase: ${report.database}\nSchema:   ${report.schema_version ?? 'none'}\n`,
  )
  const rows = Object.entries(report.counts)
  process.stdout.write(
    `${renderTable(rows, [
      { header: 'table', value: ([t]) => t },
      { header: 'rows', value: ([, n]) => formatCount(n), align: 'right' },
    ])}\n`,
  )
}
