/**
 * Set-based import merge. Rows stream into staging tables shaped like their
 * targets, each tagged with its row's sequence number and key: on DuckDB
 * through one CSV file per staging table for the whole import (written a
 * batch at a time, loaded with one COPY at the end: DuckDB's reader is far
 * faster on one big file than on many small ones), on PostgreSQL through
 * COPY FROM STDIN a batch at a time. At the end, inside the import's
 * transaction, SQL decides per row whether it is new, changed or unchanged
 * (comparing the staged record and its children with what is stored,
 * column by column; on a table that was empty it skips the comparing),
 * counts the outcomes, and writes only the last version of every new or
 * changed key: the stored record and its children are replaced (so a child
 * a newer export no longer carries is removed). Nothing is held in memory
 * per row, so memory stays flat.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { toCamelCase } from '@revlab/domain'
import type { BulkWriter } from '../bulk-writer.js'
import type { Database, TableName } from '../schema.js'
import type { Engine } from '../db-spec.js'
import { deferIndexes, type DeferredIndexes } from './deferred-indexes.js'

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
  /** Stages one primary record (its row's own) with the row's sequence number and key. */
  primary(table: TableName, key: StageKey, record: Record<string, unknown>, meta: StageMeta): void
  /**
   * Declares a child table the primary's rows may own, before any row: its
   * stored children are compared even when no row of this import has one
   * (a newer export that drops every signal still removes the stored ones).
   */
  expectChildren(primary: TableName, table: TableName, ownerColumn: string): void
  /** Stages a record the row owns; `ownerColumn` holds the primary record's id (children of a changed row are replaced). */
  child(
    table: TableName,
    primary: TableName,
    ownerColumn: string,
    record: Record<string, unknown>,
    seq: number,
  ): void
  /**
   * Creates a primary's staging table (and its declared children's) now, for
   * rows written into it by SQL rather than record by record (a native
   * import): returns the staging table names, by table.
   */
  openPrimary(table: TableName, key: StageKey, countRepeats: boolean): Promise<Map<TableName, string>>
  /**
   * Stages a child table's rows without copying them: `select` yields them
   * (named like the staging table's columns) from work tables of the
   * caller's, which are dropped with the stage (`dropAfter`); the merge reads
   * the staging table and them as one view. For rows SQL makes (a native
   * import's signals: copying millions of rows costs seconds).
   */
  childRows(table: TableName, select: string, dropAfter: readonly string[]): void
  /** Writes what is buffered to the staging tables (DuckDB: to their files). */
  flush(): Promise<void>
  /** Merges the staged rows into their tables; returns the row outcomes. */
  merge(): Promise<StageOutcome>
  /** Removes the staging folder (DuckDB); the staging tables go with the transaction's commit or rollback. */
  dispose(): void
}

export type StageMeta = { seq: number; key: string; countRepeats: boolean }

const ident = (name: string): RawBuilder<unknown> => sql.raw(`"${name.replace(/"/g, '""')}"`)

async function columnsOf(tx: AnyDb, table: string): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_name = ${table} and table_schema = current_schema()
    order by ordinal_position`.execute(tx)
  return rows.map((r) => r.column_name)
}

/** One CSV field as both engines read it: unquoted empty is null, a quoted text is itself (even empty). */
const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 't' : 'f'
  const text = String(value)
  return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`
}

/**
 * A staging table being filled. Once its columns are known (after the first
 * flush) each record becomes a CSV line at once, so no record outlives its
 * row; lines gather, encoded, into a megabyte buffer, then go to the file
 * (DuckDB) or wait for the batch's COPY (PostgreSQL).
 */
type StageTable = {
  table: TableName
  stage: string
  /** Columns of the staging table (the target's, then the import_* ones), and their record fields; empty until opened. */
  columns: string[]
  fields: string[]
  /** Records staged before the columns were known. */
  buffer: Record<string, unknown>[]
  /** Lines encoded so far (a buffer outside the JS heap, so pending text never burdens the garbage collector). */
  bytes: Buffer | undefined
  used: number
  pieces: string[]
  file?: { path: string; fd: number }
}

const CHUNK = 1 << 20

/** A record as one CSV line over `fields`. */
function csvLine(fields: readonly string[], row: Record<string, unknown>): string {
  let line = csvField(row[fields[0] ?? ''])
  for (let i = 1; i < fields.length; i++) line += `,${csvField(row[fields[i] ?? ''])}`
  return `${line}\n`
}

/**
 * Removes staging folders left by imports whose process is gone (killed
 * midway: its transaction rolled back, but its files stayed). A folder is
 * named after its process; one whose process still runs is left alone.
 */
function removeOrphanStages(): void {
  const tmp = os.tmpdir()
  for (const name of fs.readdirSync(tmp)) {
    const pid = Number(/^revlab-stage-(\d+)-/.exec(name)?.[1] ?? 0)
    if (!pid || pid === process.pid) continue
    try {
      process.kill(pid, 0)
      continue
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') continue
    }
    fs.rmSync(path.join(tmp, name), { recursive: true, force: true })
  }
}

type PrimaryStage = StageTable & {
  key: StageKey
  countRepeats: boolean
  children: Map<TableName, ChildStage>
}
type ChildStage = StageTable & { ownerColumn: string }

/**
 * The short tag an import's work tables are named with: the end of its run
 * id (PostgreSQL cuts identifiers at 63 bytes).
 */
export const stageTag = (runId: string): string =>
  runId
    .replace(/[^a-zA-Z0-9]/g, '')
    .slice(-8)
    .toLowerCase()

/**
 * Opens a staging area for one import inside its transaction. Staging tables
 * are ordinary tables named after the run (unlogged on PostgreSQL), created
 * on first flush and dropped by `merge`, so a rollback leaves nothing behind.
 */
export function createImportStage(tx: AnyDb, writer: BulkWriter, engine: Engine, runId: string): ImportStage {
  const tag = stageTag(runId)
  const primaries = new Map<TableName, PrimaryStage>()
  const childOwner = new Map<TableName, PrimaryStage>()
  let dir = ''
  const created = new Set<string>()

  /** Creates the staging table the first time and learns its columns. */
  const open = async (t: StageTable, extra: string): Promise<void> => {
    if (created.has(t.stage)) return
    created.add(t.stage)
    const unlogged = engine === 'postgres' ? sql.raw('unlogged ') : sql.raw('')
    await sql`create ${unlogged}table ${ident(t.stage)} as select t.*, ${sql.raw(extra)} from ${ident(t.table)} t where 1 = 0`.execute(
      tx,
    )
    t.columns = await columnsOf(tx, t.stage)
    t.fields = t.columns.map(toCamelCase)
  }
  // Records become CSV text for DuckDB's reader or PostgreSQL's COPY; a writer that takes no text gets the records.
  const asText = engine === 'duckdb' || writer.copyCsv !== undefined
  /** Adds one record's line; a full chunk goes to the file (DuckDB) or waits for the COPY (PostgreSQL). */
  const add = (t: StageTable, record: Record<string, unknown>): void => {
    if (t.fields.length === 0 || !asText) {
      t.buffer.push(record)
      return
    }
    const line = csvLine(t.fields, record)
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (t.used + line.length * 3 > CHUNK) spill(t)
    if (line.length * 3 > CHUNK) out(t, line)
    else {
      t.bytes ??= Buffer.allocUnsafe(CHUNK)
      t.used += t.bytes.write(line, t.used)
    }
  }
  const out = (t: StageTable, text: string | Buffer): void => {
    if (engine === 'postgres') t.pieces.push(typeof text === 'string' ? text : text.toString())
    else {
      if (!dir) {
        removeOrphanStages()
        dir = fs.mkdtempSync(path.join(os.tmpdir(), `revlab-stage-${process.pid}-`))
      }
      if (!t.file) {
        const file = path.join(dir, `${t.stage}.csv`)
        t.file = { path: file, fd: fs.openSync(file, 'w') }
      }
      if (typeof text === 'string') fs.writeSync(t.file.fd, text)
      else fs.writeSync(t.file.fd, text)
    }
  }
  const spill = (t: StageTable): void => {
    if (!t.bytes || t.used === 0) return
    out(t, t.bytes.subarray(0, t.used))
    t.used = 0
  }
  /** Writes what a staging table holds: to its file (DuckDB) or with COPY (PostgreSQL). */
  const write = async (t: StageTable): Promise<void> => {
    if (!asText) {
      await writer.append(t.stage as TableName, t.buffer)
      t.buffer = []
      return
    }
    if (t.buffer.length > 0) {
      const records = t.buffer
      t.buffer = []
      for (const r of records) add(t, r)
    }
    spill(t)
    if (t.pieces.length > 0 && writer.copyCsv) {
      const pieces = t.pieces
      t.pieces = []
      await writer.copyCsv(t.stage, t.columns, pieces)
    }
  }
  /** DuckDB: loads a staging table's file with one COPY. */
  const load = async (t: StageTable): Promise<void> => {
    if (!t.file) return
    fs.closeSync(t.file.fd)
    const file = t.file.path
    t.file = undefined
    try {
      await sql`copy ${ident(t.stage)} from ${sql.lit(file)} (format csv, header false, allow_quoted_nulls false, delimiter ',', quote '"', escape '"', auto_detect false)`.execute(
        tx,
      )
    } finally {
      fs.rmSync(file, { force: true })
    }
  }
  const primaryExtra = 'cast(null as bigint) as import_seq, cast(null as varchar) as import_key'
  const childExtra = 'cast(null as bigint) as import_seq'

  const expected: { primary: TableName; table: TableName; ownerColumn: string }[] = []
  const childSelects = new Map<TableName, string[]>()
  const workTables: string[] = []
  /** The staging table of a primary's children, made on first use. */
  const childStage = (p: PrimaryStage, table: TableName, ownerColumn: string): ChildStage => {
    let c = p.children.get(table)
    if (!c) {
      const owner = childOwner.get(table)
      if (owner && owner !== p) throw new Error(`${table} records are owned by two tables`)
      c = {
        table,
        stage: `stage_${tag}_${table}`,
        columns: [],
        fields: [],
        ownerColumn,
        buffer: [],
        bytes: undefined,
        used: 0,
        pieces: [],
      }
      p.children.set(table, c)
      childOwner.set(table, p)
    }
    return c
  }

  const primaryStage = (table: TableName, key: StageKey, countRepeats: boolean): PrimaryStage => {
    let p = primaries.get(table)
    if (!p) {
      p = {
        table,
        stage: `stage_${tag}_${table}`,
        columns: [],
        fields: [],
        key,
        buffer: [],
        bytes: undefined,
        used: 0,
        pieces: [],
        countRepeats,
        children: new Map(),
      }
      primaries.set(table, p)
      for (const e of expected) if (e.primary === table) childStage(p, e.table, e.ownerColumn)
    }
    return p
  }

  const stage: ImportStage = {
    primary(table, key, record, meta) {
      const p = primaryStage(table, key, meta.countRepeats)
      record.importSeq = meta.seq
      record.importKey = meta.key
      add(p, record)
    },
    expectChildren(primary, table, ownerColumn) {
      expected.push({ primary, table, ownerColumn })
      const p = primaries.get(primary)
      if (p) childStage(p, table, ownerColumn)
    },
    child(table, primary, ownerColumn, record, seq) {
      const p = primaries.get(primary)
      if (!p) throw new Error(`a ${table} record staged before its ${primary} record`)
      record.importSeq = seq
      add(childStage(p, table, ownerColumn), record)
    },
    async openPrimary(table, key, countRepeats) {
      // Rows written by SQL may leave no staging file to make: clear what killed imports left here too.
      if (engine === 'duckdb' && !dir) removeOrphanStages()
      const p = primaryStage(table, key, countRepeats)
      await open(p, primaryExtra)
      const names = new Map<TableName, string>([[table, p.stage]])
      for (const c of p.children.values()) {
        await open(c, childExtra)
        names.set(c.table, c.stage)
      }
      return names
    },
    childRows(table, select, dropAfter) {
      let selects = childSelects.get(table)
      if (!selects) childSelects.set(table, (selects = []))
      selects.push(select)
      workTables.push(...dropAfter)
    },
    async flush() {
      for (const p of primaries.values()) {
        await open(p, primaryExtra)
        await write(p)
        for (const c of p.children.values()) {
          await open(c, childExtra)
          await write(c)
        }
      }
    },
    async merge() {
      await stage.flush()
      for (const p of primaries.values()) {
        await load(p)
        for (const c of p.children.values()) await load(c)
      }
      const total: StageOutcome = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        repeated: { ids: 0, rows: 0, examples: [] },
      }
      // A child with rows from selects is read through a view over its staging table and them.
      const views = new Map<TableName, string>()
      for (const p of primaries.values())
        for (const c of p.children.values()) {
          const selects = childSelects.get(c.table)
          if (!selects) continue
          const cols = c.columns.map((x) => `"${x}"`).join(', ')
          const view = `${c.stage}_all`
          await sql`create view ${ident(view)} as select ${sql.raw(cols)} from ${ident(c.stage)} ${sql.raw(
            selects.map((q, i) => ` union all select ${cols} from (${q}) q${i}`).join(''),
          )}`.execute(tx)
          views.set(c.table, view)
        }
      for (const p of primaries.values()) {
        const children = new Map(
          [...p.children].map(([t, c]) => [t, { ...c, stage: views.get(t) ?? c.stage }]),
        )
        const r = await mergePrimary(tx, { ...p, children }, tag, engine)
        total.inserted += r.inserted
        total.updated += r.updated
        total.unchanged += r.unchanged
        total.repeated.ids += r.repeated.ids
        total.repeated.rows += r.repeated.rows
        total.repeated.examples.push(...r.repeated.examples)
      }
      total.repeated.examples = total.repeated.examples.slice(0, 5)
      for (const name of views.values()) await sql`drop view ${ident(name)}`.execute(tx)
      for (const name of [...created, ...workTables]) await sql`drop table ${ident(name)}`.execute(tx)
      return total
    },
    dispose() {
      for (const p of primaries.values())
        for (const t of [p, ...p.children.values()]) {
          t.bytes = undefined
          if (t.file) {
            fs.closeSync(t.file.fd)
            t.file = undefined
          }
        }
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

/** A row's columns as one text (null marked, so null and '' differ), for comparing versions of a key. */
const rowText = (columns: readonly string[], alias: string): RawBuilder<unknown> =>
  sql.raw(
    `md5(concat_ws(chr(1), ${columns.map((c) => `coalesce(cast(${alias}."${c}" as varchar), chr(2))`).join(', ')}))`,
  )

async function mergePrimary(tx: AnyDb, p: PrimaryStage, tag: string, engine: Engine): Promise<StageOutcome> {
  const postgres = engine === 'postgres'
  const T = ident(p.table)
  // A table with no rows holds none of the keys: every key is new, nothing needs comparing.
  const fresh = (await sql`select 1 as one from ${T} limit 1`.execute(tx)).rows.length === 0
  // Fresh tables have no statistics: without them PostgreSQL plans nested loops over millions of rows.
  const analyze = async (table: string): Promise<void> => {
    if (postgres) await sql`analyze ${ident(table)}`.execute(tx)
  }
  if (postgres) await sql`set local work_mem = '256MB'`.execute(tx)
  const children = [...p.children.values()]
  for (const t of [p.stage, ...children.map((c) => c.stage)]) await analyze(t)
  if (!fresh) for (const t of [p.table, ...children.map((c) => c.table)]) await analyze(t)
  const columns = await columnsOf(tx, p.table)
  const childColumns = new Map<ChildStage, string[]>()
  for (const c of children) childColumns.set(c, await columnsOf(tx, c.table))
  const P = ident(p.stage)
  const F = `stage_${tag}_${p.table}_keys`
  const K = ident(F)
  const firstKeyColumn = p.key.columns[0] ?? 'id'
  const cols = sql.raw(columns.map((c) => `"${c}"`).join(', '))
  const pcols = (alias: string): RawBuilder<unknown> =>
    sql.raw(columns.map((c) => `${alias}."${c}"`).join(', '))

  // One line per key: its first and last row, how many rows, and (for the first) whether it is stored and the same.
  if (fresh) {
    await sql`create table ${K} as
      select import_key, min(import_seq) as first_seq, max(import_seq) as last_seq, count(*) as n_rows,
        0 as existed, 0 as same
      from ${P} group by import_key`.execute(tx)
  } else {
    await sql`create table ${K} as
      select k.import_key, k.first_seq, k.last_seq, k.n_rows,
        max(case when t.${ident(firstKeyColumn)} is not null then 1 else 0 end) as existed,
        min(case when t.${ident(firstKeyColumn)} is not null and ${sameColumns(columns, 'f', 't')} then 1 else 0 end) as same
      from (select import_key, min(import_seq) as first_seq, max(import_seq) as last_seq, count(*) as n_rows
            from ${P} group by import_key) k
      join ${P} f on f.import_seq = k.first_seq
      left join ${T} t on ${keyJoin(p.key, 'f', 't')}
      group by k.import_key, k.first_seq, k.last_seq, k.n_rows`.execute(tx)
  }
  await analyze(F)

  // A stored key whose children differ (one more, one fewer, one changed) is changed too.
  const anySame =
    !fresh && (await sql`select 1 as one from ${K} where same = 1 limit 1`.execute(tx)).rows.length > 0
  if (anySame) {
    for (const c of children) {
      const C = ident(c.stage)
      const TC = ident(c.table)
      const o = ident(c.ownerColumn)
      const ccols = childColumns.get(c) ?? []
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
  }

  const first = await sql<{ inserted: unknown; updated: unknown; unchanged: unknown }>`
    select sum(case when existed = 0 then 1 else 0 end) as inserted,
      sum(case when existed = 1 and same = 0 then 1 else 0 end) as updated,
      sum(case when existed = 1 and same = 1 then 1 else 0 end) as unchanged
    from ${K}`.execute(tx)

  // Every version of a repeated key, as one text of its record and its children.
  const V = ident(`${F}_v`)
  const repeatedSeqs = sql`select r.import_seq from ${P} r where r.import_key in (select import_key from ${K} where n_rows > 1)`
  const childTexts = children.map(
    (c, i) => sql`left join (
        select import_seq, string_agg(h, ',' order by h) as fp
        from (select c.import_seq, ${rowText(childColumns.get(c) ?? [], 'c')} as h from ${ident(c.stage)} c
              where c.import_seq in (${repeatedSeqs})) x
        group by import_seq) ${sql.raw(`c${i}`)} on ${sql.raw(`c${i}`)}.import_seq = p.import_seq`,
  )
  const versionText = sql.join(
    [rowText(columns, 'p'), ...children.map((_, i) => sql.raw(`coalesce(c${i}.fp, '')`))],
    sql` || '/' || `,
  )
  await sql`create table ${V} as
    select p.import_seq as seq, p.import_key, ${versionText} as fp
    from ${P} p ${sql.join(childTexts, sql` `)}
    where p.import_key in (select import_key from ${K} where n_rows > 1)`.execute(tx)
  // A repeat is compared with the row before it: the same content is unchanged.
  const repeats = await sql<{ updated: unknown; unchanged: unknown }>`
    select sum(case when prev is not null and fp <> prev then 1 else 0 end) as updated,
      sum(case when prev is not null and fp = prev then 1 else 0 end) as unchanged
    from (select fp, lag(fp) over (partition by import_key order by seq) as prev from ${V}) x`.execute(tx)
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
  const Wi = ident(W)
  await sql`create table ${Wi} as
    select k.import_key, k.last_seq as seq, k.existed from ${K} k
    left join ${V} vf on vf.seq = k.first_seq
    left join ${V} vl on vl.seq = k.last_seq
    where k.existed = 0 or k.same = 0 or (k.n_rows > 1 and vf.fp <> vl.fp)`.execute(tx)
  await analyze(W)
  if (!fresh) {
    await sql`delete from ${T} where exists (
        select 1 from ${Wi} w join ${P} s on s.import_seq = w.seq
        where w.existed = 1 and ${keyJoin(p.key, 's', `"${p.table}"`)})`.execute(tx)
    for (const c of children) {
      await sql`delete from ${ident(c.table)} where ${ident(c.ownerColumn)} in (
        select import_key from ${Wi} where existed = 1)`.execute(tx)
    }
  }
  // An empty table (the first import) gets its indexes built once after the rows are in.
  const deferred = new Map<string, DeferredIndexes>()
  for (const t of [p.table, ...children.map((c) => c.table)])
    deferred.set(t, await deferIndexes(tx, engine, t))
  // PostgreSQL: rows in key order fill each b-tree from its right edge (not needed where the indexes come after).
  const sorted = (table: string): boolean => postgres && !deferred.get(table)?.deferred
  const keyOrder = sorted(p.table)
    ? sql.raw(` order by ${p.key.columns.map((c) => `s."${c}"`).join(', ')}`)
    : sql.raw('')
  await sql`insert into ${T} (${cols}) select ${pcols('s')} from ${P} s join ${Wi} w on s.import_seq = w.seq${keyOrder}`.execute(
    tx,
  )
  for (const c of children) {
    const ccols = childColumns.get(c) ?? []
    const order = sorted(c.table) && ccols.includes('id') ? sql.raw(' order by s."id"') : sql.raw('')
    await sql`insert into ${ident(c.table)} (${sql.raw(ccols.map((x) => `"${x}"`).join(', '))})
      select ${sql.raw(ccols.map((x) => `s."${x}"`).join(', '))} from ${ident(c.stage)} s
      join ${Wi} w on s.import_seq = w.seq${order}`.execute(tx)
  }
  for (const d of deferred.values()) await d.restore()
  for (const t of [Wi, V, K]) await sql`drop table ${t}`.execute(tx)

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
