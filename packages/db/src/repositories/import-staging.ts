/**
 * Set-based import merge. Rows stream through the bulk writer (DuckDB
 * appender, PostgreSQL COPY) into staging tables shaped like their targets,
 * each tagged with its row's sequence number, key and fingerprint; at the
 * end, inside the import's transaction, SQL decides per row whether it is
 * new, changed or unchanged (comparing the staged record and its children
 * with what is stored, column by column), counts the outcomes, and writes
 * only the last version of every new or changed key: the stored record and
 * its children are replaced (so a child a newer export no longer carries is
 * removed). Nothing is held in memory per row, so memory stays flat.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { toCamelCase } from '@revlab/domain'
import type { BulkWriter } from '../bulk-writer.js'
import type { Database, TableName } from '../schema.js'
import type { Engine } from '../db-spec.js'

type AnyDb = Kysely<Database>

/** How a primary table identifies a record: its key columns (nullable ones are compared as text with '' for null). */
export type StageKey = { columns: readonly string[]; nullable?: readonly string[] }

export type StageOutcome = {
  inserted: number
  updated: number
  unchanged: number
  /** Keys that appear in more than one row: the last version is kept. */
  repeated: { ids: number; rows: number; examples: string[] }
}

export type ImportStage = {
  /** Stages one primary record (its row's own) with the row's sequence number, key and fingerprint. */
  primary(table: TableName, key: StageKey, record: Record<string, unknown>, meta: StageMeta): void
  /** Stages a record the row owns; `ownerColumn` holds the primary record's id (children of a changed row are replaced). */
  child(
    table: TableName,
    primary: TableName,
    ownerColumn: string,
    record: Record<string, unknown>,
    seq: number,
  ): void
  /** Writes what is buffered to the staging tables. */
  flush(): Promise<void>
  /** Merges the staged rows into their tables; returns the row outcomes. */
  merge(): Promise<StageOutcome>
  /** Removes the staging folder (DuckDB); the staging tables go with the transaction's commit or rollback. */
  dispose(): void
}

export type StageMeta = { seq: number; key: string; fp: string; countRepeats: boolean }

const ident = (name: string): RawBuilder<unknown> => sql.raw(`"${name.replace(/"/g, '""')}"`)

async function columnsOf(tx: AnyDb, table: string): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_name = ${table} and table_schema = current_schema()
    order by ordinal_position`.execute(tx)
  return rows.map((r) => r.column_name)
}

const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = String(value)
  return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`
}

/**
 * Appends to a staging table. On PostgreSQL the bulk writer (COPY) is
 * already the fastest path; on DuckDB the appender costs a native call per
 * value, so a batch goes through a CSV file that DuckDB's own reader loads.
 */
function stageWriter(tx: AnyDb, writer: BulkWriter, engine: Engine, dir: string) {
  const columnCache = new Map<string, string[]>()
  let n = 0
  return async (stage: string, rows: Record<string, unknown>[]): Promise<void> => {
    if (rows.length === 0) return
    if (engine === 'postgres') return writer.append(stage as TableName, rows)
    let fields = columnCache.get(stage)
    if (!fields) {
      fields = (await columnsOf(tx, stage)).map(toCamelCase)
      columnCache.set(stage, fields)
    }
    const file = path.join(dir, `${++n}.csv`)
    const fd = fs.openSync(file, 'w')
    try {
      let chunk = ''
      for (const row of rows) {
        let line = ''
        for (let i = 0; i < fields.length; i++) line += (i ? ',' : '') + csvField(row[fields[i] ?? ''])
        chunk += `${line}\n`
        if (chunk.length > 1 << 20) {
          fs.writeSync(fd, chunk)
          chunk = ''
        }
      }
      if (chunk) fs.writeSync(fd, chunk)
    } finally {
      fs.closeSync(fd)
    }
    try {
      await sql`copy ${ident(stage)} from ${sql.lit(file)} (format csv, header false, allow_quoted_nulls false)`.execute(
        tx,
      )
    } finally {
      fs.rmSync(file, { force: true })
    }
  }
}

type PrimaryStage = {
  table: TableName
  stage: string
  key: StageKey
  buffer: Record<string, unknown>[]
  countRepeats: boolean
  children: Map<TableName, ChildStage>
}
type ChildStage = { table: TableName; stage: string; ownerColumn: string; buffer: Record<string, unknown>[] }

/**
 * Opens a staging area for one import inside its transaction. Staging tables
 * are ordinary tables named after the run (unlogged on PostgreSQL), created
 * on first use and dropped by `merge`, so a rollback leaves nothing behind.
 */
export function createImportStage(tx: AnyDb, writer: BulkWriter, engine: Engine, runId: string): ImportStage {
  // Short names: PostgreSQL cuts identifiers at 63 bytes.
  const tag = runId
    .replace(/[^a-zA-Z0-9]/g, '')
    .slice(-8)
    .toLowerCase()
  const primaries = new Map<TableName, PrimaryStage>()
  const childOwner = new Map<TableName, PrimaryStage>()
  const dir = engine === 'duckdb' ? fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-stage-')) : ''
  const append = stageWriter(tx, writer, engine, dir)
  const created = new Set<string>()
  const createStage = async (table: TableName, stage: string, extra: string): Promise<void> => {
    if (created.has(stage)) return
    created.add(stage)
    const unlogged = engine === 'postgres' ? sql.raw('unlogged ') : sql.raw('')
    await sql`create ${unlogged}table ${ident(stage)} as select t.*, ${sql.raw(extra)} from ${ident(table)} t where 1 = 0`.execute(
      tx,
    )
  }
  const primaryExtra =
    'cast(null as bigint) as import_seq, cast(null as varchar) as import_key, cast(null as varchar) as import_fp'

  const stage: ImportStage = {
    primary(table, key, record, meta) {
      let p = primaries.get(table)
      if (!p) {
        p = {
          table,
          stage: `stage_${tag}_${table}`,
          key,
          buffer: [],
          countRepeats: meta.countRepeats,
          children: new Map(),
        }
        primaries.set(table, p)
      }
      record.importSeq = meta.seq
      record.importKey = meta.key
      record.importFp = meta.fp
      p.buffer.push(record)
    },
    child(table, primary, ownerColumn, record, seq) {
      const p = primaries.get(primary)
      if (!p) throw new Error(`a ${table} record staged before its ${primary} record`)
      let c = p.children.get(table)
      if (!c) {
        const owner = childOwner.get(table)
        if (owner && owner !== p) throw new Error(`${table} records are owned by two tables`)
        c = { table, stage: `stage_${tag}_${table}`, ownerColumn, buffer: [] }
        p.children.set(table, c)
        childOwner.set(table, p)
      }
      record.importSeq = seq
      c.buffer.push(record)
    },
    async flush() {
      for (const p of primaries.values()) {
        await createStage(p.table, p.stage, primaryExtra)
        await append(p.stage, p.buffer.splice(0))
        for (const c of p.children.values()) {
          await createStage(c.table, c.stage, 'cast(null as bigint) as import_seq')
          await append(c.stage, c.buffer.splice(0))
        }
      }
    },
    async merge() {
      await stage.flush()
      const total: StageOutcome = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        repeated: { ids: 0, rows: 0, examples: [] },
      }
      for (const p of primaries.values()) {
        const r = await mergePrimary(tx, p, tag, engine)
        total.inserted += r.inserted
        total.updated += r.updated
        total.unchanged += r.unchanged
        total.repeated.ids += r.repeated.ids
        total.repeated.rows += r.repeated.rows
        total.repeated.examples.push(...r.repeated.examples)
      }
      total.repeated.examples = total.repeated.examples.slice(0, 5)
      for (const name of created) await sql`drop table ${ident(name)}`.execute(tx)
      return total
    },
    dispose() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
    },
  }
  return stage
}

const n = (v: unknown): number => Number(v ?? 0)

/** `a.c = b.c and ...` over the key columns (nullable text columns compared with null as ''). */
function keyJoin(key: StageKey, a: string, b: string): RawBuilder<unknown> {
  const nullable = new Set(key.nullable ?? [])
  return sql.raw(
    key.columns
      .map((c) =>
        nullable.has(c)
          ? `coalesce(${a}."${c}", '') = coalesce(${b}."${c}", '')`
          : `${a}."${c}" = ${b}."${c}"`,
      )
      .join(' and '),
  )
}

/** Every column of `a` equal to `b`'s (nulls equal). */
const sameColumns = (columns: readonly string[], a: string, b: string): RawBuilder<unknown> =>
  sql.raw(columns.map((c) => `${a}."${c}" is not distinct from ${b}."${c}"`).join(' and '))

async function mergePrimary(tx: AnyDb, p: PrimaryStage, tag: string, engine: Engine): Promise<StageOutcome> {
  // Fresh tables have no statistics: without them PostgreSQL plans nested loops over millions of rows.
  const analyze = async (table: string): Promise<void> => {
    if (engine === 'postgres') await sql`analyze ${ident(table)}`.execute(tx)
  }
  for (const t of [p.stage, p.table, ...[...p.children.values()].flatMap((c) => [c.stage, c.table])])
    await analyze(t)
  const columns = await columnsOf(tx, p.table)
  const P = ident(p.stage)
  const T = ident(p.table)
  const F = `stage_${tag}_${p.table}_keys`
  const firstKeyColumn = p.key.columns[0] ?? 'id'
  const cols = sql.raw(columns.map((c) => `"${c}"`).join(', '))
  const pcols = (alias: string): RawBuilder<unknown> =>
    sql.raw(columns.map((c) => `${alias}."${c}"`).join(', '))

  // One line per key: its first and last row, how many rows, and (for the first) whether it is stored and the same.
  await sql`create table ${ident(F)} as
    select k.import_key, k.first_seq, k.last_seq, k.n_rows,
      max(case when t.${ident(firstKeyColumn)} is not null then 1 else 0 end) as existed,
      min(case when t.${ident(firstKeyColumn)} is not null and ${sameColumns(columns, 'f', 't')} then 1 else 0 end) as same
    from (select import_key, min(import_seq) as first_seq, max(import_seq) as last_seq, count(*) as n_rows
          from ${P} group by import_key) k
    join ${P} f on f.import_seq = k.first_seq
    left join ${T} t on ${keyJoin(p.key, 'f', 't')}
    group by k.import_key, k.first_seq, k.last_seq, k.n_rows`.execute(tx)
  const K = ident(F)
  await analyze(F)

  // A stored key whose children differ (one more, one fewer, one changed) is changed too.
  for (const c of p.children.values()) {
    const C = ident(c.stage)
    const TC = ident(c.table)
    const o = ident(c.ownerColumn)
    const ccols = await columnsOf(tx, c.table)
    const X = ident(`${F}_x`)
    await sql`create table ${X} as
      select k.import_key from ${K} k
      left join (select import_seq, count(*) as n from ${C} group by import_seq) s on s.import_seq = k.first_seq
      left join (select t.${o} as owner, count(*) as n from ${TC} t
                 join ${K} kk on kk.import_key = t.${o} where kk.same = 1 group by t.${o}) st
        on st.owner = k.import_key
      left join (select c.import_seq, count(*) as n from ${C} c
                 join ${TC} t on t.id = c.id where ${sameColumns(ccols, 'c', 't')}
                 group by c.import_seq) m on m.import_seq = k.first_seq
      where k.same = 1 and (coalesce(s.n, 0) <> coalesce(st.n, 0) or coalesce(m.n, 0) <> coalesce(s.n, 0))`.execute(
      tx,
    )
    await sql`update ${K} set same = 0 where import_key in (select import_key from ${X})`.execute(tx)
    await sql`drop table ${X}`.execute(tx)
  }

  const first = await sql<{ inserted: unknown; updated: unknown; unchanged: unknown }>`
    select sum(case when existed = 0 then 1 else 0 end) as inserted,
      sum(case when existed = 1 and same = 0 then 1 else 0 end) as updated,
      sum(case when existed = 1 and same = 1 then 1 else 0 end) as unchanged
    from ${K}`.execute(tx)
  // A repeat is compared with the row before it: the same fingerprint is unchanged.
  const repeats = await sql<{ updated: unknown; unchanged: unknown }>`
    select sum(case when prev is not null and fp <> prev then 1 else 0 end) as updated,
      sum(case when prev is not null and fp = prev then 1 else 0 end) as unchanged
    from (select import_fp as fp, lag(import_fp) over (partition by import_key order by import_seq) as prev
          from ${P} where import_key in (select import_key from ${K} where n_rows > 1)) x`.execute(tx)
  const repeated = p.countRepeats
    ? await sql<{ ids: unknown; repeat_rows: unknown }>`
        select count(*) as ids, sum(n_rows - 1) as repeat_rows from ${K} where n_rows > 1`.execute(tx)
    : undefined
  const examples = p.countRepeats
    ? await sql<{ import_key: string }>`
        select import_key from ${K} where n_rows > 1 order by first_seq limit 5`.execute(tx)
    : undefined

  // What to write: the last version of every key that is new, changed, or changed again later in the file.
  const W = `stage_${tag}_${p.table}_write`
  await sql`create table ${ident(W)} as
    select k.import_key, k.last_seq as seq, k.existed from ${K} k
    join ${P} pf on pf.import_seq = k.first_seq
    join ${P} pl on pl.import_seq = k.last_seq
    where k.existed = 0 or k.same = 0 or pf.import_fp <> pl.import_fp`.execute(tx)
  const Wi = ident(W)
  await analyze(W)
  await sql`delete from ${T} where exists (
      select 1 from ${Wi} w join ${P} s on s.import_seq = w.seq
      where w.existed = 1 and ${keyJoin(p.key, 's', `"${p.table}"`)})`.execute(tx)
  for (const c of p.children.values()) {
    await sql`delete from ${ident(c.table)} where ${ident(c.ownerColumn)} in (
      select import_key from ${Wi} where existed = 1)`.execute(tx)
  }
  await sql`insert into ${T} (${cols}) select ${pcols('s')} from ${P} s join ${Wi} w on s.import_seq = w.seq`.execute(
    tx,
  )
  for (const c of p.children.values()) {
    const ccols = await columnsOf(tx, c.table)
    await sql`insert into ${ident(c.table)} (${sql.raw(ccols.map((x) => `"${x}"`).join(', '))})
      select ${sql.raw(ccols.map((x) => `s."${x}"`).join(', '))} from ${ident(c.stage)} s
      join ${Wi} w on s.import_seq = w.seq`.execute(tx)
  }
  await sql`drop table ${Wi}`.execute(tx)
  await sql`drop table ${K}`.execute(tx)

  const f = first.rows[0]
  const r = repeats.rows[0]
  return {
    inserted: n(f?.inserted),
    updated: n(f?.updated) + n(r?.updated),
    unchanged: n(f?.unchanged) + n(r?.unchanged),
    repeated: {
      ids: n(repeated?.rows[0]?.ids),
      rows: n(repeated?.rows[0]?.repeat_rows),
      examples: (examples?.rows ?? []).map((e) => e.import_key),
    },
  }
}
