/**
 * The consumption import's bulk path. Valid usage rows arrive as CSV bytes
 * and go through the engine's fastest route (PostgreSQL: COPY FROM STDIN;
 * DuckDB: a CSV file its own reader loads), a chunk at a time and without
 * waiting (the engine loads a chunk while the importer reads the next).
 * Rows that are new for sure (on days the store has none of, key not seen
 * before in the file) go straight to consumption_daily: every first load and
 * every load of newer days is one write per row. The others go to a staging
 * table, and at the end one set-based merge, in the import's transaction,
 * counts and writes: a key (day, account, use case, SKU) not stored is
 * inserted, one stored with other numbers is updated, one stored the same is
 * unchanged; a key repeated in the file keeps its last row and each repeat
 * counts against the row before it (as `upsertConsumptionRows` does). Then
 * the rollups of the months written are refreshed. Nothing per row stays in
 * memory, so memory is flat whatever the file's size.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { BulkWriter } from '../bulk-writer.js'
import type { Engine } from '../db-spec.js'
import type { Database } from '../schema.js'
import { refreshConsumptionRollup } from './consumption-rollup.js'
import { deferIndexes } from './deferred-indexes.js'
import { stageTag } from './import-staging.js'

export const CONSUMPTION_STAGE_COLUMNS = [
  'import_seq',
  'day',
  'account_id',
  'use_case_id',
  'sku',
  'units',
  'revenue_cents',
] as const

export type ConsumptionMergeOutcome = {
  inserted: number
  updated: number
  unchanged: number
  /** The days written (new or changed rows), or null when nothing was written. */
  written: { from: string; to: string } | null
}

export type ConsumptionStage = {
  /** The staging table's name (rows written into it by other means are counted with `addStaged`). */
  name: string
  /**
   * The days consumption_daily held when the import began (null: none). A
   * row on another day, whose key has not come before in the file, is new
   * for sure: it can go straight to consumption_daily (`direct`).
   */
  stored: { from: string; to: string } | null
  /**
   * Loads one chunk of CSV lines (each ending in a newline): staged lines
   * (`seq,day,account_id,use_case_id,sku,units,revenue_cents`) into the
   * staging table, direct ones (without `seq`) into consumption_daily.
   * Returns at once; the load runs on while the caller reads the next chunk.
   */
  load(pieces: readonly Uint8Array[], rows: number, direct: boolean): void
  /** Counts rows written into the staging table by other means (the native route). */
  addStaged(rows: number): void
  /** Waits for the loads under way (call before any other statement on the transaction). */
  settle(): Promise<void>
  /** Waits until at most one load is under way, so chunks do not pile up when the engine is slower than the reader. */
  room(): Promise<void>
  /**
   * Merges the staged rows into consumption_daily (direct rows count as
   * inserted) and refreshes the rollups of the days written. `mayRepeat:
   * false` promises no key appears twice among the staged rows (the reader
   * checks it when the file is in day order), so the merge can skip looking
   * for repeats; `from`/`to` span the staged rows' days, `direct` the direct ones'.
   */
  merge(options: {
    mayRepeat: boolean
    from: string
    to: string
    direct: { rows: number; from: string; to: string } | null
  }): Promise<ConsumptionMergeOutcome>
  /** Removes the staging files (DuckDB); the staging table goes with the transaction. */
  dispose(): void
}

const ident = (name: string): RawBuilder<unknown> => sql.raw(`"${name.replace(/"/g, '""')}"`)
const n = (v: unknown): number => Number(v ?? 0)
const dayLiteral = (day: string): RawBuilder<string> => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`)
  return sql<string>`${sql.raw(`date '${day}'`)}`
}

/** Opens the staging table for one import (inside its transaction). */
export async function createConsumptionStage(
  tx: Kysely<Database>,
  writer: BulkWriter,
  engine: Engine,
  runId: string,
): Promise<ConsumptionStage> {
  const name = `stage_${stageTag(runId)}_usage`
  const S = ident(name)
  const unlogged = engine === 'postgres' ? sql.raw('unlogged ') : sql.raw('')
  const double = sql.raw(engine === 'postgres' ? 'double precision' : 'double')
  await sql`create ${unlogged}table ${S} (import_seq bigint, day date, account_id varchar,
    use_case_id varchar, sku varchar, units ${double}, revenue_cents bigint)`.execute(tx)
  if (engine === 'postgres') {
    // Group-bys and joins over millions of staged rows: in memory, not spilled in 4 MB pieces.
    await sql`set local work_mem = '256MB'`.execute(tx)
  }
  const span = await sql<{ lo: string | null; hi: string | null }>`
    select cast(min(day) as varchar) as lo, cast(max(day) as varchar) as hi from consumption_daily`.execute(
    tx,
  )
  const lo = span.rows[0]?.lo
  const hi = span.rows[0]?.hi
  const stored = lo && hi ? { from: lo.slice(0, 10), to: hi.slice(0, 10) } : null
  // A first load into PostgreSQL: its indexes are built once after the load (a sort) instead of row by row.
  const indexes = stored === null ? await deferIndexes(tx, engine, 'consumption_daily') : null
  const dir = engine === 'duckdb' ? fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-usage-')) : ''
  let files = 0
  let staged = 0
  let pending: Promise<void> = Promise.resolve()
  const queue: Promise<void>[] = []
  let failure: unknown = null

  const loadChunk = async (lines: readonly Uint8Array[], direct: boolean): Promise<void> => {
    const table = direct ? 'consumption_daily' : name
    const columns = direct ? CONSUMPTION_STAGE_COLUMNS.slice(1) : CONSUMPTION_STAGE_COLUMNS
    if (engine === 'postgres') {
      if (!writer.copyCsv) throw new Error('the PostgreSQL bulk writer cannot COPY text')
      await writer.copyCsv(table, columns, lines)
      return
    }
    const file = path.join(dir, `${++files}.csv`)
    const fd = fs.openSync(file, 'w')
    try {
      for (const piece of lines) fs.writeSync(fd, piece)
    } finally {
      fs.closeSync(fd)
    }
    try {
      await sql`copy ${ident(table)} (${sql.raw(columns.join(', '))}) from ${sql.lit(file)} (format csv, header false, auto_detect false, delim ',', quote '"', escape '"', allow_quoted_nulls false)`.execute(
        tx,
      )
    } finally {
      fs.rmSync(file, { force: true })
    }
  }

  const stage: ConsumptionStage = {
    name,
    stored,
    addStaged(rows) {
      staged += rows
    },
    load(lines, rows, direct) {
      if (rows === 0) return
      if (!direct) staged += rows
      // One load at a time, in order: the next waits for the one before.
      pending = pending.then(() =>
        failure ? undefined : loadChunk(lines, direct).catch((e: unknown) => void (failure = e)),
      )
      const done = pending
      queue.push(done)
      void done.then(() => queue.splice(queue.indexOf(done), 1))
    },
    async room() {
      while (queue.length > 1) await queue[0]
      if (failure) throw failure
    },
    async settle() {
      await pending
      if (failure) throw failure
    },
    async merge(options) {
      await stage.settle()
      const outcome = await mergeStaged(tx, engine, name, staged, options)
      await sql`drop table ${S}`.execute(tx)
      const { direct } = options
      if (direct && direct.rows > 0) {
        outcome.inserted += direct.rows
        const w = outcome.written
        outcome.written = {
          from: w && w.from < direct.from ? w.from : direct.from,
          to: w && w.to > direct.to ? w.to : direct.to,
        }
      }
      await indexes?.restore()
      // A first load rebuilds the rollups in one pass; a later one refreshes the months it wrote.
      if (outcome.written && stored === null) await refreshConsumptionRollup(tx)
      else if (outcome.written)
        await refreshConsumptionRollup(tx, { from: outcome.written.from, to: outcome.written.to })
      return outcome
    },
    dispose() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  return stage
}

const KEY = ['day', 'account_id', 'use_case_id', 'sku'] as const

/** `a.day = b.day and ...` with a null use case equal to a null one. */
const keyJoin = (a: string, b: string): RawBuilder<unknown> =>
  sql.raw(
    KEY.map((c) =>
      c === 'use_case_id' ? `coalesce(${a}.${c}, '') = coalesce(${b}.${c}, '')` : `${a}.${c} = ${b}.${c}`,
    ).join(' and '),
  )

async function mergeStaged(
  tx: Kysely<Database>,
  engine: Engine,
  stageName: string,
  staged: number,
  options: { mayRepeat: boolean; from: string; to: string },
): Promise<ConsumptionMergeOutcome> {
  if (staged === 0) return { inserted: 0, updated: 0, unchanged: 0, written: null }
  const S = ident(stageName)
  const from = dayLiteral(options.from)
  const to = dayLiteral(options.to)
  const cols = sql.raw(KEY.join(', ') + ', units, revenue_cents')
  const overlap = await sql<{ one: unknown }>`
    select 1 as one from consumption_daily where day >= ${from} and day <= ${to} limit 1`.execute(tx)

  // Every first load (nothing stored on those days, no key twice): every row is new, appended as it is.
  if (overlap.rows.length === 0 && !options.mayRepeat) {
    await sql`insert into consumption_daily (${cols}) select ${cols} from ${S}`.execute(tx)
    return { inserted: staged, updated: 0, unchanged: 0, written: { from: options.from, to: options.to } }
  }

  const analyze = async (table: string): Promise<void> => {
    if (engine === 'postgres') await sql`analyze ${ident(table)}`.execute(tx)
  }
  await analyze(stageName)
  // One line per key: its first and last row and how many rows; with what is stored for it (if anything).
  const K = `${stageName}_keys`
  await sql`create table ${ident(K)} as
    select k.*, st.units as stored_units, st.revenue_cents as stored_cents, st.rows as stored_rows
    from (select day, account_id, use_case_id, sku, min(import_seq) as first_seq, max(import_seq) as last_seq,
            count(*) as n_rows
          from ${S} group by day, account_id, use_case_id, sku) k
    left join (select day, account_id, use_case_id, sku, max(units) as units,
                 max(revenue_cents) as revenue_cents, count(*) as rows
               from consumption_daily where day >= ${from} and day <= ${to}
               group by day, account_id, use_case_id, sku) st
      on ${keyJoin('k', 'st')}`.execute(tx)
  const Ki = ident(K)
  await analyze(K)
  // The first row of every key against the store.
  const first = await sql<{ inserted: unknown; updated: unknown; unchanged: unknown }>`
    select sum(case when k.stored_rows is null then 1 else 0 end) as inserted,
      sum(case when k.stored_rows is not null and (s.units <> k.stored_units or s.revenue_cents <> k.stored_cents)
        then 1 else 0 end) as updated,
      sum(case when k.stored_rows is not null and s.units = k.stored_units and s.revenue_cents = k.stored_cents
        then 1 else 0 end) as unchanged
    from ${Ki} k join ${S} s on s.import_seq = k.first_seq`.execute(tx)
  // A repeat is compared with the row before it of the same key.
  const repeats = await sql<{ updated: unknown; unchanged: unknown }>`
    select sum(case when changed then 1 else 0 end) as updated, sum(case when changed then 0 else 1 end) as unchanged
    from (select s.import_seq, k.first_seq,
            (s.units <> lag(s.units) over w or s.revenue_cents <> lag(s.revenue_cents) over w) as changed
          from ${S} s join ${Ki} k on ${keyJoin('s', 'k')}
          where k.n_rows > 1
          window w as (partition by k.first_seq order by s.import_seq)) x
    where import_seq <> first_seq`.execute(tx)
  // What to write: the last row of every key not stored, or stored with other numbers.
  const W = `${stageName}_write`
  await sql`create table ${ident(W)} as
    select k.last_seq as seq, k.day, k.account_id, k.use_case_id, k.sku, k.stored_rows
    from ${Ki} k join ${S} l on l.import_seq = k.last_seq
    where k.stored_rows is null or k.stored_rows > 1 or l.units <> k.stored_units
      or l.revenue_cents <> k.stored_cents`.execute(tx)
  const Wi = ident(W)
  await analyze(W)
  await sql`delete from consumption_daily where day >= ${from} and day <= ${to} and exists (
      select 1 from ${Wi} w where w.stored_rows is not null and ${keyJoin('w', 'consumption_daily')})`.execute(
    tx,
  )
  await sql`insert into consumption_daily (${cols})
    select ${sql.raw(['day', 'account_id', 'use_case_id', 'sku', 'units', 'revenue_cents'].map((c) => `s.${c}`).join(', '))}
    from ${S} s join ${Wi} w on s.import_seq = w.seq`.execute(tx)
  const span = await sql<{ lo: string | null; hi: string | null; n: unknown }>`
    select cast(min(day) as varchar) as lo, cast(max(day) as varchar) as hi, count(*) as n from ${Wi}`.execute(
    tx,
  )
  await sql`drop table ${Wi}`.execute(tx)
  await sql`drop table ${Ki}`.execute(tx)
  const f = first.rows[0]
  const r = repeats.rows[0]
  const s = span.rows[0]
  return {
    inserted: n(f?.inserted),
    updated: n(f?.updated) + n(r?.updated),
    unchanged: n(f?.unchanged) + n(r?.unchanged),
    written: s?.lo && s.hi ? { from: s.lo.slice(0, 10), to: s.hi.slice(0, 10) } : null,
  }
}
