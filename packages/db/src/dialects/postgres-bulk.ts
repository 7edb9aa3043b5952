/**
 * Bulk writes into PostgreSQL with COPY FROM STDIN (CSV), inside the
 * client's open transaction so a failed load rolls back whole.
 */
import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { toCamelCase } from '@revlab/domain'
import type { BulkWriter } from '../bulk-writer.js'

const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = String(value)
  return `"${text.replace(/"/g, '""')}"`
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`

export function createPostgresBulkWriter(client: pg.PoolClient): BulkWriter {
  const columnCache = new Map<string, string[]>()
  /** A COPY FROM STDIN of CSV text into `columns` of `table`; `options` add to `format csv`. */
  const copyInto = (table: string, columns: readonly string[], options = '') =>
    client.query(
      copyFrom(
        `copy ${ident(table)} (${columns.map(ident).join(', ')}) from stdin with (format csv${options})`,
      ),
    )
  return {
    async append(table, rows) {
      if (rows.length === 0) return
      let columns = columnCache.get(table)
      if (!columns) {
        const { rows: cols } = await client.query<{ column_name: string }>(
          `select column_name from information_schema.columns where table_name = $1 and table_schema = current_schema() order by ordinal_position`,
          [table],
        )
        columns = cols.map((c) => c.column_name)
        columnCache.set(table, columns)
      }
      const fields = columns.map(toCamelCase)
      const copy = copyInto(table, columns)
      function* lines(): Generator<string> {
        let batch = ''
        for (const row of rows) {
          batch += fields.map((f) => csvField(row[f])).join(',') + '\n'
          if (batch.length > 1 << 20) {
            yield batch
            batch = ''
          }
        }
        if (batch) yield batch
      }
      await pipeline(Readable.from(lines()), copy)
    },
    async copyCsv(table, columns, pieces) {
      await pipeline(Readable.from(pieces), copyInto(table, columns))
    },
    async copyCsvFile(table, columns, file, delimiter) {
      const copy = copyInto(
        table,
        columns,
        `, header true, delimiter ${client.escapeLiteral(delimiter)}, quote '"', escape '"'`,
      )
      await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), copy)
    },
  }
}
