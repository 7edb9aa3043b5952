/**
 * `revlab import consumption FILE...`: daily usage as CSV or Parquet,
 * streamed (CSV row by row, Parquet a slice of rows at a time) so memory
 * stays flat on files of millions of rows. Imports go through the bulk path
 * (bulk-import.ts: staged in bulk, merged set-based).
 */
import path from 'node:path'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'
import { RevlabError } from '@revlab/domain'
import { createUseCaseMatcher } from '../framework/directory.js'
import { openCsv } from '../framework/read-csv.js'
import type { ImportSource, RowSink } from '../framework/run-import.js'
import { bulkImportUsage, missingUsageError } from './bulk-import.js'
import {
  findUsageColumns,
  mapUsageRow,
  missingUsageColumns,
  type UsageColumns,
  type UsageContext,
} from './map-usage-row.js'

export { mapUsageRow, findUsageColumns, missingUsageColumns, type UsageColumns } from './map-usage-row.js'

const PARQUET_SLICE_ROWS = 50_000

const missingError = missingUsageError

async function readParquet(file: string, sink: RowSink, context: UsageContext): Promise<void> {
  const name = path.basename(file)
  let buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>
  try {
    buffer = await asyncBufferFromFile(file)
    metadata = await parquetMetadataAsync(buffer)
  } catch (error) {
    throw new RevlabError('BAD_INPUT', `${name}: not a Parquet file (${(error as Error).message})`, {
      hint: 'give a Parquet or CSV usage file',
      cause: error,
    })
  }
  const header = parquetSchema(metadata).children.map((c) => c.element.name)
  const columns = findUsageColumns(header)
  const missing = missingUsageColumns(columns)
  if (missing.length > 0) throw missingError(name, missing, header)
  const wanted = Object.values(columns).filter((c): c is string => c !== null)
  const total = Number(metadata.num_rows)
  for (let start = 0; start < total; start += PARQUET_SLICE_ROWS) {
    const end = Math.min(total, start + PARQUET_SLICE_ROWS)
    const rows = await parquetReadObjects({
      file: buffer,
      metadata,
      columns: wanted,
      rowStart: start,
      rowEnd: end,
    })
    for (let i = 0; i < rows.length; i++) {
      const values = rows[i] ?? {}
      const row = start + i + 1
      await sink.row(
        { file: name, row, line: row },
        JSON.stringify(values, jsonSafe),
        mapUsageRow(values, columns, context),
      )
    }
    sink.bytes(name, Math.round((end / Math.max(1, total)) * buffer.byteLength), buffer.byteLength)
  }
}

const jsonSafe = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? Number(value) : value

async function readCsv(file: string, sink: RowSink, context: UsageContext): Promise<void> {
  const csv = await openCsv(file, { onBytes: (n) => sink.bytes(file, n, csv.totalBytes) })
  for (const n of csv.sniff.notes) sink.note(n)
  const columns: UsageColumns = findUsageColumns(csv.header)
  const missing = missingUsageColumns(columns)
  if (missing.length > 0) throw missingError(csv.name, missing, csv.header)
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
