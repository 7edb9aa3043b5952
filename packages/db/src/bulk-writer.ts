import type { TableName } from './schema.js'

/** Appends many records (camelCase fields, as in `@revlab/domain`) to a table inside one open transaction. */
export type BulkWriter = {
  append(table: TableName, rows: readonly Record<string, unknown>[]): Promise<void>
}
