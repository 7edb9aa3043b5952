/**
 * `revlab import consumption FILE...`: daily usage as CSV or Parquet,
 * streamed (CSV row by row, Parquet a slice of rows at a time) so memory
 * stays flat on files of millions of rows. Imports go through the bulk path
 * (bulk-import.ts: staged in bulk, merged set-based).
 */
import { createUseCaseMatcher } from '../framework/directory.js'
import { openCsv } from '../framework/read-csv.js'
import type { ImportSource, RowSink } from '../framework/run-import.js'
import { bulkImportUsage } from './bulk-import.js'
import { missingUsageError, readUsageParquet } from './read-usage-parquet.js'
import {
  findUsageColumns,
  mapUsageRow,
  missingUsageColumns,
  type UsageColumns,
  type UsageContext,
} from './map-usage-row.js'

export { mapUsageRow, findUsageColumns, missingUsageColumns, type UsageColumns } from './map-usage-row.js'

async function readParquet(file: string, sink: RowSink, context: UsageContext): Promise<void> {
  for await (const slice of readUsageParquet(file)) {
    for (const { row, values, raw } of slice.rows)
      await sink.row({ file: slice.name, row, line: row }, raw, mapUsageRow(values, slice.columns, context))
    sink.bytes(slice.name, slice.bytesRead, slice.totalBytes)
  }
}

async function readCsv(file: string, sink: RowSink, context: UsageContext): Promise<void> {
  const csv = await openCsv(file, { onBytes: (n) => sink.bytes(file, n, csv.totalBytes) })
  for (const n of csv.sniff.notes) sink.note(n)
  const columns: UsageColumns = findUsageColumns(csv.header)
  const missing = missingUsageColumns(columns)
  if (missing.length > 0) throw missingUsageError(csv.name, missing, csv.header)
  for await (const row of csv.rows()) {
    await sink.row(
      row.ref,
      row.raw,
      row.issue ? { records: [], issues: [row.issue] } : mapUsageRow(row.values, columns, context),
    )
  }
}

export const consumptionSource: ImportSource = {
  name: 'consumption',
  description: 'daily usage CSV or Parquet (date, account, use case, sku, units, revenue)',
  // Imports take the bulk path; `read` serves previews and the row-by-row path (`staged: false`).
  bulk: bulkImportUsage,
  async read(files, sink, sourceContext) {
    const context = { ...sourceContext, useCases: sourceContext.useCases ?? createUseCaseMatcher([]) }
    for (const file of files) {
      if (/\.parquet$/i.test(file)) await readParquet(file, sink, context)
      else await readCsv(file, sink, context)
    }
  },
}
