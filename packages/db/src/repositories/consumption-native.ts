/**
 * The consumption import's native route on DuckDB: the engine reads a usage
 * CSV itself (`read_csv`, every field as text) into a temporary table, one
 * row per data line in file order (row ids follow the file), and checks as
 * it reads whether a row's text is plain (see `plainRow`). SQL converts the
 * plain rows exactly as `mapUsageRow` would; the importer reads the other
 * rows and the first row of each name tuple, resolves names as it does row
 * by row, and hands back what each tuple resolved to; then the plain rows go
 * into consumption_daily or the import's staging table in one statement.
 * The data stays in the engine: nothing per row comes to JS but the rows SQL
 * leaves to it. (PostgreSQL keeps the JS reader: a COPY of the raw file plus
 * the checks and the second write measured slower than it.)
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../schema.js'
import { withEngineProgress } from '../dialects/duckdb-progress.js'

/** Where each usage field is in a line (its index among the fields, or -1 when the file lacks it). */
export type UsageFileLayout = {
  delimiter: string
  /** Fields per line (the header's). */
  width: number
  day: number
  accountId: number
  accountName: number
  useCaseId: number
  useCaseName: number
  sku: number
  units: number
  revenue: number
  revenueCents: number
}

/** A data row (numbered from 1 in file order) with its fields as text (an empty field is ''). */
export type UsageFileRow = { row: number; fields: string[] }

/** The raw texts naming a row's account and use case: account id, account name, use case id, use case name. */
export type UsageNames = readonly [string, string, string, string]

/** What one name tuple resolved to. */
export type ResolvedUsageNames = { names: UsageNames; accountId: string; useCaseId: string | null }

export type NativeUsageFile = {
  /** Data rows the engine read. */
  rows: number
  /** The distinct texts of the day column shaped like `YYYY-MM-DD`, or null when there are more than `limit`. */
  isoDayTexts(limit: number): Promise<string[] | null>
  /** The day texts the importer accepts, with their days (rows with other day texts are left to the importer). */
  acceptDays(days: readonly string[]): Promise<void>
  /** The rows the SQL checks leave to the importer, in file order (null when there are more than `limit`). */
  others(limit: number): Promise<UsageFileRow[] | null>
  /** The first checked row of each name tuple, in file order. */
  firstRows(): Promise<UsageFileRow[]>
  /** Whether a (day, names, SKU) text repeats among the rows. */
  keysRepeat(): Promise<boolean>
  /**
   * Writes the checked rows with the accounts and use cases their names
   * resolved to: straight into consumption_daily, or into the staging table
   * with `import_seq` = `seqBase` + row. Returns the rows written.
   */
  write(
    resolved: readonly ResolvedUsageNames[],
    into: { stage: string; seqBase: number } | null,
  ): Promise<number>
  /** Drops the tables of the file. */
  drop(): Promise<void>
}

const ident = (name: string): RawBuilder<unknown> => sql.raw(`"${name.replace(/"/g, '""')}"`)
const n = (v: unknown): number => Number(v ?? 0)

/** A quoted CSV field (so '' stays an empty string and null, written bare, is NULL). */
const csvText = (value: string | null): string => (value === null ? '' : `"${value.replace(/"/g, '""')}"`)

/** Loads CSV lines into a table (through a temporary file DuckDB's reader loads). */
async function loadCsv(
  tx: Kysely<Database>,
  table: string,
  columns: readonly string[],
  lines: readonly string[],
): Promise<void> {
  if (lines.length === 0) return
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-usage-names-'))
  try {
    const file = path.join(dir, 'rows.csv')
    fs.writeFileSync(file, lines.join('\n') + '\n')
    await sql`copy ${ident(table)} (${sql.raw(columns.join(', '))}) from ${sql.lit(file)} (format csv, header false, auto_detect false, delim ',', quote '"', escape '"', allow_quoted_nulls false)`.execute(
      tx,
    )
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const col = (i: number): string => (i < 0 ? `''` : `f.c${i}`)
const orEmpty = (i: number): string => (i < 0 ? `''` : `coalesce(f.c${i}, '')`)

/**
 * Whether a row's text is plain enough for SQL to convert exactly as
 * `mapUsageRow` does (the day is checked apart: shaped `YYYY-MM-DD` here, a
 * real day by joining the days the importer accepts): an account id or name
 * with a visible character, a SKU that trimming leaves as it is, units with
 * at most 15 digits (every correct parser reads them as the same double),
 * revenue with at most 2 decimals (converted to cents exactly) or whole cents.
 */
function plainRow(layout: UsageFileLayout): string {
  const account = [layout.accountId, layout.accountName].filter((i) => i >= 0).map(col)
  const units = col(layout.units)
  const checks = [
    `(${account.map((a) => `regexp_matches(${a}, '[!-~]')`).join(' or ')})`,
    `regexp_full_match(${col(layout.day)}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')`,
    `regexp_full_match(${col(layout.sku)}, '[!-~](.*[!-~])?')`,
    // 16 characters hold at most 15 digits once there is a point (15 is the most a whole number may have).
    `length(${units}) <= 16`,
    `regexp_full_match(${units}, '-?[0-9]{1,15}(\\.[0-9]{1,15})?')`,
    layout.revenueCents >= 0
      ? `regexp_full_match(${col(layout.revenueCents)}, '-?[0-9]{1,15}')`
      : `regexp_full_match(${col(layout.revenue)}, '-?[0-9]{1,11}(\\.[0-9]{1,2})?')`,
  ]
  return `coalesce(${checks.join(' and ')}, false)`
}

/**
 * Has the engine read `file` (data lines after one header line; no double
 * quote in it, as the caller has checked). Returns null, with nothing left
 * behind, when the engine read another number of rows than `expectedRows`
 * (a line with another number of fields, a blank line) or refused the file:
 * the caller reads it itself then.
 */
export async function readUsageFileNatively(
  tx: Kysely<Database>,
  options: {
    file: string
    table: string
    layout: UsageFileLayout
    expectedRows: number
    /** The share of the file read so far, while the engine reads it. */
    onProgress?: (fraction: number) => void
  },
): Promise<NativeUsageFile | null> {
  const { file, layout } = options
  const F = ident(options.table)
  const D = ident(`${options.table}_days`)
  const T = ident(`${options.table}_names`)
  const columns = Array.from({ length: layout.width }, (_, i) => `c${i}`)
  const types = columns.map((c) => `'${c}': 'varchar'`).join(', ')
  // A line of another width is skipped (ignore_errors), so the count tells. The check and the hash of the
  // row's key (day, names, SKU) are worked out once, as the file is read in parallel.
  const key = [
    layout.day,
    layout.accountId,
    layout.accountName,
    layout.useCaseId,
    layout.useCaseName,
    layout.sku,
  ]
    .filter((i) => i >= 0)
    .map(orEmpty)
  await withEngineProgress(tx, options.onProgress ?? (() => undefined), () =>
    sql`create temp table ${F} as select *, ${sql.raw(plainRow(layout))} as plain,
      hash(${sql.raw(key.join(', '))}) as key_hash
    from read_csv(${sql.lit(file)}, all_varchar = true, header = true, delim = ${sql.lit(layout.delimiter)},
      quote = '"', escape = '"', auto_detect = false, ignore_errors = true, null_padding = false,
      columns = {${sql.raw(types)}}) f`.execute(tx),
  )
  const span = await sql<{ lo: unknown; rows: unknown }>`
    select min(rowid) as lo, count(*) as rows from ${F}`.execute(tx)
  const rows = n(span.rows[0]?.rows)
  if (rows !== options.expectedRows) {
    await sql`drop table ${F}`.execute(tx)
    return null
  }
  // Row ids of a table filled from read_csv follow the file's order (insertion order is kept); the first
  // is large (a transaction's own rows), so it stays text.
  const base = rows > 0 ? String(span.rows[0]?.lo) : '0'
  if (!/^\d+$/.test(base)) throw new Error(`a row id that is not a number: ${base}`)
  const rowNumber = sql.raw(`(f.rowid - ${base} + 1)`)
  const plain = sql.raw('f.plain')
  const units = col(layout.units)
  const cents = sql.raw(
    layout.revenueCents >= 0
      ? `cast(${col(layout.revenueCents)} as bigint)`
      : `cast(cast(${col(layout.revenue)} as decimal(13, 2)) * 100 as bigint)`,
  )
  const names = [layout.accountId, layout.accountName, layout.useCaseId, layout.useCaseName]
  const nameColumns = ['account_text', 'account_name_text', 'use_case_text', 'use_case_name_text']
  const nameJoin = sql.raw(names.map((i, k) => `${orEmpty(i)} = t.${nameColumns[k]}`).join(' and '))
  const dayText = sql.raw(col(layout.day))
  const fields = sql.raw(columns.map((c) => `f.${c}`).join(', '))
  const asRows = (found: Record<string, unknown>[]): UsageFileRow[] =>
    found.map((r) => ({
      row: n(r.row),
      fields: columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))),
    }))
  /** The columns the file has among `at`. */
  const groupBy = (at: readonly number[]): RawBuilder<unknown> =>
    sql.raw(
      at
        .filter((i) => i >= 0)
        .map(orEmpty)
        .join(', ') || 'true',
    )
  let daysMade = false

  return {
    rows,
    async isoDayTexts(limit) {
      if (layout.day < 0) return []
      const found = await sql<{ day: string }>`
        select distinct ${dayText} as day from ${F} f
        where ${plain} limit ${sql.lit(limit + 1)}`.execute(tx)
      return found.rows.length > limit ? null : found.rows.map((r) => r.day)
    },
    async acceptDays(days) {
      await sql`create temp table ${D} (day_text varchar, day date)`.execute(tx)
      daysMade = true
      await loadCsv(
        tx,
        `${options.table}_days`,
        ['day_text', 'day'],
        days.map((d) => `${d},${d}`),
      )
    },
    async others(limit) {
      const found = await sql<Record<string, unknown>>`
        select ${rowNumber} as row, ${fields} from ${F} f left join ${D} d on d.day_text = ${dayText}
        where d.day is null or not ${plain} order by f.rowid limit ${sql.lit(limit + 1)}`.execute(tx)
      return found.rows.length > limit ? null : asRows(found.rows)
    },
    async firstRows() {
      const found = await sql<Record<string, unknown>>`
        select ${rowNumber} as row, ${fields} from ${F} f
        join (select min(f.rowid) as first from ${F} f join ${D} d on d.day_text = ${dayText}
              where ${plain}
              group by ${groupBy(names)}) m on m.first = f.rowid
        order by f.rowid`.execute(tx)
      return asRows(found.rows)
    },
    async keysRepeat() {
      // No hash twice: no key twice (a hash shared by two keys only makes the merge look for repeats).
      const found = await sql<{ one: unknown }>`
        select 1 as one from ${F} f where ${plain} group by f.key_hash having count(*) > 1 limit 1`.execute(
        tx,
      )
      return found.rows.length > 0
    },
    async write(resolved, into) {
      await sql`create temp table ${T} (${sql.raw(nameColumns.map((c) => `${c} varchar`).join(', '))},
        account_id varchar, use_case_id varchar)`.execute(tx)
      await loadCsv(
        tx,
        `${options.table}_names`,
        [...nameColumns, 'account_id', 'use_case_id'],
        resolved.map((r) => [...r.names, r.accountId, r.useCaseId].map(csvText).join(',')),
      )
      const values = sql`d.day, t.account_id, t.use_case_id, ${sql.raw(col(layout.sku))},
        cast(${sql.raw(units)} as double), ${cents}`
      const from = sql`from ${F} f join ${D} d on d.day_text = ${dayText} join ${T} t on ${nameJoin}
        where ${plain}`
      const result = into
        ? await sql`insert into ${ident(into.stage)} (import_seq, day, account_id, use_case_id, sku, units, revenue_cents)
            select ${sql.raw(String(into.seqBase))} + ${rowNumber}, ${values} ${from}`.execute(tx)
        : await sql`insert into consumption_daily (day, account_id, use_case_id, sku, units, revenue_cents)
            select ${values} ${from}`.execute(tx)
      await sql`drop table ${T}`.execute(tx)
      return n(result.numAffectedRows)
    },
    async drop() {
      await sql`drop table ${F}`.execute(tx)
      if (daysMade) await sql`drop table ${D}`.execute(tx)
    },
  }
}
