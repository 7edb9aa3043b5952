/**
 * Values crossing the DuckDB boundary. Going in, a JS `Date` cannot be bound
 * ("Cannot create values of type ANY"), so instants go as ISO strings. Coming
 * out, values take the same shapes the PostgreSQL pool produces: integers as
 * numbers (when safe), dates as `YYYY-MM-DD`, instants as UTC ISO strings.
 */
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api'

export type BindValue = string | number | boolean | null | bigint

export function toDuckDbParameter(value: unknown): BindValue {
  if (value === undefined || value === null) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value
  if (typeof value === 'number')
    return Number.isInteger(value) && Math.abs(value) > 2 ** 31 ? BigInt(value) : value
  return JSON.stringify(value)
}

const microsToIso = (micros: bigint): string => new Date(Number(micros / 1000n)).toISOString()

export function fromDuckDbValue(value: DuckDBValue): unknown {
  if (value === null) return null
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
    default:
      break
  }
  if (value instanceof DuckDBDateValue) return value.toString()
  if (value instanceof DuckDBTimestampTZValue || value instanceof DuckDBTimestampValue)
    return microsToIso(value.micros)
  if (value instanceof DuckDBDecimalValue) return value.toDouble()
  return value.toString()
}
