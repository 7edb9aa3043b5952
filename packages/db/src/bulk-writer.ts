import type { TableName } from './schema.js'

/** Appends many records (camelCase fields, as in `@revlab/domain`) to a table inside one open transaction. */
export type BulkWriter = {
  append(table: TableName, rows: readonly Record<string, unknown>[]): Promise<void>
  /**
   * PostgreSQL only: streams CSV text (pieces of whole lines, in `columns`
   * order) into a table with COPY FROM STDIN, for callers that already have
   * the text (the consumption import's staging table).
   */
  copyCsv?(table: string, columns: readonly string[], pieces: readonly (string | Uint8Array)[]): Promise<void>
  /**
   * PostgreSQL only: streams a whole CSV file (its first line a header,
   * skipped) into `columns` of a table with COPY FROM STDIN, at COPY's speed
   * and with flat memory (a native import's raw rows).
   */
  copyCsvFile?(table: string, columns: readonly string[], file: string, delimiter: string): Promise<void>
}
