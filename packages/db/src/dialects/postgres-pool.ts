/**
 * A node-postgres pool whose values come out in the same shapes as DuckDB's:
 * int8 and numeric as numbers (when safe), dates as `YYYY-MM-DD`, instants as
 * UTC ISO strings. The parsers are set on this pool only, never through the
 * global `pg.types`, so nothing else in the process is surprised.
 */
import pg from 'pg'

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const

const toNumberIfSafe = (raw: string): number | string => {
  const n = Number(raw)
  return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : raw
}

const parsers: Record<number, (raw: string) => unknown> = {
  [OID.int8]: toNumberIfSafe,
  [OID.numeric]: (raw) => Number(raw),
  [OID.date]: (raw) => raw,
  [OID.timestamp]: (raw) => new Date(`${raw.replace(' ', 'T')}Z`).toISOString(),
  [OID.timestamptz]: (raw) => new Date(raw).toISOString(),
}

export function createPostgresPool(connectionString: string, max = 8): pg.Pool {
  return new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        const parser = parsers[oid]
        return parser && format !== 'binary' ? parser : pg.types.getTypeParser(oid, format as 'text')
      }) as typeof pg.types.getTypeParser,
    },
    options: '-c TimeZone=UTC',
  })
}
