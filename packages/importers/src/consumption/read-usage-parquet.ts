/**
 * A Parquet usage file, read in slices of rows (memory stays flat): its usage
 * columns found by name, then every row as plain values with its row number,
 * and the bytes read so far for the progress bar.
 */
import path from 'node:path'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'
import { RevlabError } from '@revlab/domain'
import { findUsageColumns, missingUsageColumns, type UsageColumns } from './map-usage-row.js'

const SLICE_ROWS = 50_000

/** The one-line error for a usage file without the columns it needs. */
export const missingUsageError = (name: string, missing: string[], header: readonly string[]): RevlabError =>
  new RevlabError(
    'BAD_INPUT',
    `${name}: missing column(s) ${missing.join(', ')} (header: ${header.join(', ')})`,
    {
      hint: 'a usage file needs date, account (id or name), sku, units and revenue; use_case is optional',
    },
  )

export type ParquetUsageSlice = {
  name: string
  columns: UsageColumns
  /** The slice's rows; `row` counts from 1. */
  rows: { row: number; values: Record<string, unknown>; raw: string }[]
  bytesRead: number
  totalBytes: number
}

const jsonSafe = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? Number(value) : value

/** The file's rows, a slice at a time; a file that is not Parquet, or lacks a usage column, fails with one line. */
export async function* readUsageParquet(file: string): AsyncGenerator<ParquetUsageSlice> {
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
  if (missing.length > 0) throw missingUsageError(name, missing, header)
  const wanted = Object.values(columns).filter((c): c is string => c !== null)
  const total = Number(metadata.num_rows)
  for (let start = 0; start < total; start += SLICE_ROWS) {
    const end = Math.min(total, start + SLICE_ROWS)
    const objects = await parquetReadObjects({
      file: buffer,
      metadata,
      columns: wanted,
      rowStart: start,
      rowEnd: end,
    })
    yield {
      name,
      columns,
      rows: objects.map((values, i) => ({
        row: start + i + 1,
        values: values ?? {},
        raw: JSON.stringify(values ?? {}, jsonSafe),
      })),
      bytesRead: Math.round((end / Math.max(1, total)) * buffer.byteLength),
      totalBytes: buffer.byteLength,
    }
  }
}
