/**
 * Reading DuckDB results column by column, for loaders that read millions of
 * values (deal-outcomes-duckdb.ts, forecast-duckdb.ts): a JS object per row
 * is what made their row paths slow. Values come as numbers (codes, day
 * numbers, flags) straight from the result chunks' typed arrays.
 */
import type { DuckDBConnection, DuckDBValue, DuckDBVector } from '@duckdb/node-api'

/** Above this many distinct raw values (or keys, owners) an ENUM literal gets large: the row path is as good. */
export const MAX_ENCODED_VALUES = 20_000
/** Pair codes are key index × distinct values + value index, each with its normalised value in a table. */
export const MAX_PAIR_CODES = 1 << 22

/** A SQL string literal. */
export const literal = (s: string): string => `'${s.replaceAll("'", "''")}'`

/** A statement's parameters, numbered as they are added (`$1`, `$2`, …). */
export class Params {
  readonly values: DuckDBValue[] = []
  add(value: DuckDBValue): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

/** Runs `sql` and hands each result chunk's columns to `onChunk`. */
export async function readChunks(
  connection: DuckDBConnection,
  sql: string,
  params: Params,
  onChunk: (column: (i: number) => DuckDBVector, rows: number) => void,
  onResult?: (rowCount: number) => void,
): Promise<void> {
  const result = await connection.run(sql, params.values.length ? params.values : undefined)
  onResult?.(result.rowCount)
  for (;;) {
    const chunk = await result.fetchChunk()
    if (!chunk || chunk.rowCount === 0) break
    onChunk((i) => chunk.getColumnVector(i), chunk.rowCount)
  }
}

/**
 * A numeric column of a chunk. The vector's own typed array when it has one
 * and no NULLs (a private field of @duckdb/node-api 1.5.6: `getItem` per
 * value tests validity with BigInt arithmetic), else its values one by one
 * (NULL read as -1: the columns read this way are codes, days, flags or
 * probabilities, none of them NULL in the schema).
 */
export function numbers(vector: DuckDBVector, rows: number): ArrayLike<number> {
  const raw = vector as unknown as { items?: unknown; validity?: { data?: unknown } }
  if (
    (raw.items instanceof Int32Array || raw.items instanceof Float64Array) &&
    raw.items.length === rows &&
    raw.validity?.data === null
  )
    return raw.items
  return Array.from({ length: rows }, (_, r) => {
    const v = vector.getItem(r)
    return v === null ? -1 : Number(v)
  })
}

const dayStrings = new Map<number, string>()
/** 'YYYY-MM-DD' of a day number (days since 1970-01-01, UTC), made once per day. */
export function dayString(day: number): string {
  let s = dayStrings.get(day)
  if (s === undefined) {
    s = new Date(day * 86_400_000).toISOString().slice(0, 10)
    dayStrings.set(day, s)
  }
  return s
}

/** The distinct signal keys and raw values a query returns, each pair as (key index, value index). */
export type SignalDictionary = {
  keys: string[]
  values: string[]
  keyIndex: Map<string, number>
  valueIndex: Map<string, number>
  pairs: [number, number][]
}

/** Reads a dictionary from `sql`, which selects distinct (signal_key, value) rows. */
export async function readSignalDictionary(
  connection: DuckDBConnection,
  sql: string,
  params: Params,
): Promise<SignalDictionary> {
  const d: SignalDictionary = { keys: [], values: [], keyIndex: new Map(), valueIndex: new Map(), pairs: [] }
  await readChunks(connection, sql, params, (column, rows) => {
    const k = column(0)
    const v = column(1)
    for (let r = 0; r < rows; r++) {
      const key = k.getItem(r) as string
      const value = v.getItem(r) as string
      let ki = d.keyIndex.get(key)
      if (ki === undefined) d.keyIndex.set(key, (ki = d.keys.push(key) - 1))
      let vi = d.valueIndex.get(value)
      if (vi === undefined) d.valueIndex.set(value, (vi = d.values.push(value) - 1))
      d.pairs.push([ki, vi])
    }
  })
  return d
}
