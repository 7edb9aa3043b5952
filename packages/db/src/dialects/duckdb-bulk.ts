/**
 * Bulk writes into DuckDB through its appender (about 50x faster than
 * multi-row INSERTs). The appender writes inside the connection's open
 * transaction, so a failed load rolls back whole.
 */
import {
  DuckDBDateValue,
  DuckDBTimestampTZValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api'
import { toCamelCase } from '@revlab/domain'
import type { BulkWriter } from '../bulk-writer.js'

type Append = (appender: DuckDBAppender, value: unknown) => void

// Fact tables repeat a few hundred distinct days millions of times: build each date value once.
const dateCache = new Map<string, DuckDBDateValue>()
const dateFromIso = (iso: string): DuckDBDateValue => {
  const day = iso.slice(0, 10)
  let value = dateCache.get(day)
  if (!value) {
    const [y, m, d] = day.split('-').map(Number)
    value = DuckDBDateValue.fromParts({ year: y ?? 1970, month: m ?? 1, day: d ?? 1 })
    if (dateCache.size < 100_000) dateCache.set(day, value)
  }
  return value
}

const appenders: Record<string, Append> = {
  VARCHAR: (a, v) => a.appendVarchar(String(v)),
  INTEGER: (a, v) => a.appendInteger(Number(v)),
  BIGINT: (a, v) => a.appendBigInt(BigInt(Math.round(Number(v)))),
  DOUBLE: (a, v) => a.appendDouble(Number(v)),
  BOOLEAN: (a, v) => a.appendBoolean(Boolean(v)),
  DATE: (a, v) => a.appendDate(dateFromIso(String(v))),
  'TIMESTAMP WITH TIME ZONE': (a, v) =>
    a.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(Date.parse(String(v))) * 1000n)),
}

async function columnsOf(connection: DuckDBConnection, table: string) {
  const reader = await connection.runAndReadAll(
    `select column_name, data_type from information_schema.columns where table_name = $1 and table_schema = 'main' order by ordinal_position`,
    [table],
  )
  return reader.getRows().map(([name, type]) => {
    const append = appenders[String(type)]
    if (!append) throw new Error(`no appender for ${table}.${String(name)} of type ${String(type)}`)
    return { field: toCamelCase(String(name)), append }
  })
}

export function createDuckDbBulkWriter(connection: DuckDBConnection): BulkWriter {
  const columnCache = new Map<string, Awaited<ReturnType<typeof columnsOf>>>()
  return {
    async append(table, rows) {
      if (rows.length === 0) return
      let columns = columnCache.get(table)
      if (!columns) {
        columns = await columnsOf(connection, table)
        columnCache.set(table, columns)
      }
      const appender = await connection.createAppender(table)
      try {
        for (const row of rows) {
          for (const { field, append } of columns) {
            const value = row[field]
            if (value === null || value === undefined) appender.appendNull()
            else append(appender, value)
          }
          appender.endRow()
        }
        appender.flushSync()
      } finally {
        appender.closeSync()
      }
    },
  }
}
