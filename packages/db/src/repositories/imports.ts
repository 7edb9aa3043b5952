/**
 * What imports need from the store: upserts that say per record whether it
 * was inserted, updated or unchanged (so a re-import changes nothing), the
 * run log with its quarantined rows, and the directories that match people
 * and accounts across sources.
 */
import { sql, type Kysely } from 'kysely'
import { toCamelCase, toSnakeCase } from '@revlab/domain'
import type { BulkWriter } from '../bulk-writer.js'
import type { Database, TableName } from '../schema.js'

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged'

/** `upsert`: a newer version replaces the stored one. `ensure`: create if missing, never overwrite. */
export type UpsertMode = 'upsert' | 'ensure'

/** A Kysely bound to an import's open transaction (from `Store.bulkTransaction`). */
export type StoreTx = Kysely<Database>

type LooseDb = Kysely<Record<string, Record<string, unknown>>>

const ID_LIST_CHUNK = 100_000
const SEP = '\u0001'

/**
 * `column in (ids)` as one parameter split in SQL (`string_to_array` exists on
 * both engines): DuckDB plans a thousand bound parameters as a scan per
 * value, and one list as a single hash semi-join.
 */
const inIdList = (ids: readonly string[]) =>
  sql<string>`(select unnest(string_to_array(${ids.join(SEP)}, ${SEP})))`

const normalizeValue = (value: unknown): string => {
  if (value === null || value === undefined) return '∅'
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'number' || typeof value === 'bigint') return String(Number(value))
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

/** The comparable content of a record over the given fields; the same for a record and its stored row. */
export const fingerprintRecord = (record: Record<string, unknown>, fields: readonly string[]): string => {
  // FNV-1a over the normalized values, two 32-bit lanes: short enough to keep a million in memory.
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (const f of fields) {
    const text = normalizeValue(record[f])
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      h1 = Math.imul(h1 ^ c, 0x01000193)
      h2 = Math.imul(h2 ^ c, 0x5bd1e995)
    }
    h1 = Math.imul(h1 ^ 1, 0x01000193)
    h2 = Math.imul(h2 ^ 1, 0x5bd1e995)
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${fields.length}`
}

/**
 * What an import remembers between batches: for each table that was empty
 * when it began, the fingerprint of every id it wrote (so it never has to
 * look those up in the store, which DuckDB does slowly inside an open transaction).
 */
export type UpsertMemo = { fresh: Map<string, Map<string, string>> }

export async function createUpsertMemo(
  tx: Kysely<Database>,
  tables: readonly TableName[],
): Promise<UpsertMemo> {
  const fresh = new Map<string, Map<string, string>>()
  const db = tx as unknown as LooseDb
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`1`.as('one'))
      .limit(1)
      .executeTakeFirst()
    if (!row) fresh.set(table, new Map())
  }
  return { fresh }
}

/**
 * Writes `records` (camelCase fields, one table, identified by `idField`)
 * inside the open transaction and returns, for each record in order, what
 * happened to it. A later record with the id of an earlier one in the same
 * call is compared with that earlier one, so a file that repeats an id
 * counts the repeat as updated (or unchanged when identical) and keeps the last.
 */
export async function upsertImportRecords(
  tx: Kysely<Database>,
  writer: BulkWriter,
  table: TableName,
  records: readonly Record<string, unknown>[],
  options: {
    idField?: string
    mode?: UpsertMode
    memo?: UpsertMemo
    /** Indexes of records known to be new (children of a row just inserted): not looked up. */
    knownNew?: ReadonlySet<number>
  } = {},
): Promise<UpsertOutcome[]> {
  if (records.length === 0) return []
  const idField = options.idField ?? 'id'
  const idColumn = toSnakeCase(idField)
  const mode = options.mode ?? 'upsert'
  const fields = Object.keys(records[0] ?? {}).sort()
  const db = tx as unknown as LooseDb

  const fresh = options.memo?.fresh.get(table)
  const knownNew = options.knownNew
  const stored = new Map<string, string>()
  // A table empty when the import began holds only what this import wrote: the memo knows it, no query needed.
  if (fresh) {
    for (const r of records) {
      const id = String(r[idField])
      const fp = fresh.get(id)
      if (fp !== undefined) stored.set(id, fp)
    }
  }
  const ids = fresh
    ? []
    : [...new Set(records.filter((_, i) => !knownNew?.has(i)).map((r) => String(r[idField])))]
  for (let i = 0; i < ids.length; i += ID_LIST_CHUNK) {
    const chunk = ids.slice(i, i + ID_LIST_CHUNK)
    const rows = await db.selectFrom(table).selectAll().where(idColumn, 'in', inIdList(chunk)).execute()
    for (const row of rows) {
      const camel: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(row)) camel[toCamelCase(k)] = v
      stored.set(String(camel[idField]), fingerprintRecord(camel, fields))
    }
  }

  const state = new Map(stored)
  const final = new Map<string, { record: Record<string, unknown>; fp: string }>()
  const outcomes = records.map((record): UpsertOutcome => {
    const id = String(record[idField])
    const fp = fingerprintRecord(record, fields)
    const before = state.get(id)
    if (before === undefined) {
      state.set(id, fp)
      final.set(id, { record, fp })
      return 'inserted'
    }
    if (before === fp) return 'unchanged'
    if (mode === 'ensure') return 'unchanged'
    state.set(id, fp)
    final.set(id, { record, fp })
    return 'updated'
  })

  const toDelete: string[] = []
  const toAppend: Record<string, unknown>[] = []
  for (const [id, { record, fp }] of final) {
    const before = stored.get(id)
    if (before === fp) continue
    if (before !== undefined) toDelete.push(id)
    toAppend.push(record)
  }
  for (let i = 0; i < toDelete.length; i += ID_LIST_CHUNK) {
    await db
      .deleteFrom(table)
      .where(idColumn, 'in', inIdList(toDelete.slice(i, i + ID_LIST_CHUNK)))
      .execute()
  }
  await writer.append(table, toAppend)
  if (fresh) for (const [id, { fp }] of final) fresh.set(id, fp)
  return outcomes
}

export type ImportRunRecord = {
  id: string
  source: string
  files: string[]
  startedAt: string
  finishedAt: string
  status: 'committed' | 'failed'
  rowsRead: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
  /** JSON-able: notes, created records, repeated ids. */
  summary: Record<string, unknown>
}

export type ImportRejectRecord = {
  file: string
  row: number
  line: number
  column: string | null
  reason: string
  raw: string
}

/** Writes a run and its rejects through the bulk writer (so they share the import's transaction when it commits). */
export async function saveImportRun(
  writer: BulkWriter,
  run: ImportRunRecord,
  rejects: readonly ImportRejectRecord[],
): Promise<void> {
  await writer.append('import_runs', [
    {
      id: run.id,
      source: run.source,
      files: JSON.stringify(run.files),
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      status: run.status,
      rowsIn: run.rowsRead,
      rowsStored: run.inserted + run.updated + run.unchanged,
      rowsRejected: run.rejected,
      inserted: run.inserted,
      updated: run.updated,
      unchanged: run.unchanged,
      summary: JSON.stringify(run.summary),
    },
  ])
  const chunk = 10_000
  for (let i = 0; i < rejects.length; i += chunk) {
    await writer.append(
      'import_rejects',
      rejects.slice(i, i + chunk).map((r, j) => rejectRow(run.id, i + j + 1, r)),
    )
  }
}

/**
 * An import's rejects, spilled to import_rejects in batches through the
 * import's bulk writer (so they share its transaction) instead of held for
 * the whole run: memory stays flat whatever the number of rejects. It keeps
 * the first `listed` for the result (and for the record of a failed run,
 * whose transaction took the spilled ones with it).
 */
export type RejectSpool = {
  /** Binds the spool to the import's transaction; until then rejects are only buffered. */
  attach(writer: BulkWriter): void
  /** Adds one reject; writes a batch when one is full. */
  push(reject: ImportRejectRecord): Promise<void>
  /** Writes what is buffered. */
  flush(): Promise<void>
  /** The first rejects, in order (at most `listed`). */
  readonly listed: readonly ImportRejectRecord[]
}

export function createRejectSpool(
  runId: string,
  options: { listed?: number; batch?: number } = {},
): RejectSpool {
  const max = options.listed ?? 1_000
  const batch = options.batch ?? 5_000
  const listed: ImportRejectRecord[] = []
  let buffer: ImportRejectRecord[] = []
  let written = 0
  let writer: BulkWriter | null = null
  const spool: RejectSpool = {
    attach(w) {
      writer = w
    },
    async push(reject) {
      if (listed.length < max) listed.push(reject)
      buffer.push(reject)
      if (writer && buffer.length >= batch) await spool.flush()
    },
    async flush() {
      if (!writer || buffer.length === 0) return
      const rows = buffer
      buffer = []
      await writer.append(
        'import_rejects',
        rows.map((r, j) => rejectRow(runId, written + j + 1, r)),
      )
      written += rows.length
    },
    listed,
  }
  return spool
}

const rejectRow = (runId: string, n: number, r: ImportRejectRecord): Record<string, unknown> => ({
  id: `${runId}:${n}`,
  runId,
  file: r.file,
  rowNumber: r.row,
  reason: r.reason,
  raw: r.raw,
  line: r.line,
  columnName: r.column,
})

const toRun = (row: Database['import_runs']): ImportRunRecord => ({
  id: row.id,
  source: row.source,
  files: JSON.parse(row.files) as string[],
  startedAt: row.started_at,
  finishedAt: row.finished_at ?? row.started_at,
  status: row.status === 'committed' ? 'committed' : 'failed',
  rowsRead: Number(row.rows_in),
  inserted: Number(row.inserted ?? 0),
  updated: Number(row.updated ?? 0),
  unchanged: Number(row.unchanged ?? 0),
  rejected: Number(row.rows_rejected),
  summary: row.summary ? (JSON.parse(row.summary) as Record<string, unknown>) : {},
})

/** Past runs, newest first. */
export async function listImportRuns(db: Kysely<Database>, limit = 50): Promise<ImportRunRecord[]> {
  const rows = await db
    .selectFrom('import_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toRun)
}

export async function findImportRun(db: Kysely<Database>, id: string): Promise<ImportRunRecord | undefined> {
  const row = await db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toRun(row) : undefined
}

/** A run's quarantined rows in file order. */
export async function listImportRejects(
  db: Kysely<Database>,
  runId: string,
  options: { limit?: number; offset?: number } = {},
): Promise<ImportRejectRecord[]> {
  const rows = await db
    .selectFrom('import_rejects')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('file')
    .orderBy('row_number')
    .limit(options.limit ?? 1_000)
    .offset(options.offset ?? 0)
    .execute()
  return rows.map((r) => ({
    file: r.file,
    row: Number(r.row_number),
    line: Number(r.line ?? r.row_number),
    column: r.column_name,
    reason: r.reason,
    raw: r.raw,
  }))
}

export type PersonDirectoryEntry = { personId: string; kind: 'email' | 'name'; value: string }

/** Every email and name the store knows a person by (their own and their aliases), to match people across sources. */
export async function loadPersonDirectory(db: Kysely<Database>): Promise<PersonDirectoryEntry[]> {
  const people = await db.selectFrom('people').select(['id', 'name', 'email']).execute()
  const aliases = await db.selectFrom('person_aliases').select(['person_id', 'kind', 'value']).execute()
  return [
    ...people.flatMap((p): PersonDirectoryEntry[] => [
      { personId: p.id, kind: 'email', value: p.email },
      { personId: p.id, kind: 'name', value: p.name },
    ]),
    ...aliases.map((a): PersonDirectoryEntry => ({
      personId: a.person_id,
      kind: a.kind === 'email' ? 'email' : 'name',
      value: a.value,
    })),
  ]
}

/** Accounts by id and name, so a file that names an account finds the one the CRM already created. */
export async function loadAccountDirectory(db: Kysely<Database>): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('accounts').select(['id', 'name']).execute()
}

/** Contacts by id, email and name, for stakeholders, attendees and call speakers. */
export async function loadContactDirectory(
  db: Kysely<Database>,
): Promise<{ id: string; email: string; accountId: string; name: string }[]> {
  const rows = await db.selectFrom('contacts').select(['id', 'email', 'account_id', 'name']).execute()
  return rows.map((r) => ({ id: r.id, email: r.email, accountId: r.account_id, name: r.name }))
}

const consumptionKey = (r: Record<string, unknown>): string =>
  `${String(r.day).slice(0, 10)}|${String(r.accountId)}|${String(r.useCaseId ?? '')}|${String(r.sku)}`

/**
 * Daily consumption has no id: a row is identified by (day, account, use
 * case, SKU). A batch whose accounts have no stored rows in its day range
 * (every first load) is appended straight away; otherwise stored rows are
 * compared and replaced where the numbers changed.
 */
export async function upsertConsumptionRows(
  tx: Kysely<Database>,
  writer: BulkWriter,
  rows: readonly Record<string, unknown>[],
): Promise<UpsertOutcome[]> {
  if (rows.length === 0) return []
  let minDay = '9999-12-31'
  let maxDay = '0000-01-01'
  const accounts = new Set<string>()
  for (const r of rows) {
    const day = String(r.day)
    if (day < minDay) minDay = day
    if (day > maxDay) maxDay = day
    accounts.add(String(r.accountId))
  }
  const accountList = [...accounts]
  const stored = new Map<string, string>()
  for (let i = 0; i < accountList.length; i += ID_LIST_CHUNK) {
    const found = await tx
      .selectFrom('consumption_daily')
      .select(['day', 'account_id', 'use_case_id', 'sku', 'units', 'revenue_cents'])
      .where('day', '>=', minDay)
      .where('day', '<=', maxDay)
      .where('account_id', 'in', inIdList(accountList.slice(i, i + ID_LIST_CHUNK)))
      .execute()
    for (const f of found) {
      const rec = { day: f.day, accountId: f.account_id, useCaseId: f.use_case_id, sku: f.sku }
      stored.set(consumptionKey(rec), `${Number(f.units)}|${Number(f.revenue_cents)}`)
    }
  }
  const state = new Map(stored)
  const final = new Map<string, Record<string, unknown>>()
  const outcomes = rows.map((r): UpsertOutcome => {
    const key = consumptionKey(r)
    const fp = `${Number(r.units)}|${Number(r.revenueCents)}`
    const before = state.get(key)
    state.set(key, fp)
    if (before === fp) return 'unchanged'
    final.set(key, r)
    return before === undefined ? 'inserted' : 'updated'
  })
  const toAppend: Record<string, unknown>[] = []
  for (const [key, r] of final) {
    const before = stored.get(key)
    if (before !== undefined) {
      await tx
        .deleteFrom('consumption_daily')
        .where('day', '=', String(r.day))
        .where('account_id', '=', String(r.accountId))
        .where('sku', '=', String(r.sku))
        .where((eb) =>
          r.useCaseId == null ? eb('use_case_id', 'is', null) : eb('use_case_id', '=', String(r.useCaseId)),
        )
        .execute()
    }
    toAppend.push(r)
  }
  await writer.append('consumption_daily', toAppend)
  return outcomes
}

/** Use cases (deals of kind use_case) by id, account and name, so usage files find the ones the CRM created. */
export async function loadUseCaseDirectory(
  db: Kysely<Database>,
): Promise<{ id: string; accountId: string; name: string }[]> {
  const rows = await db
    .selectFrom('deals')
    .select(['id', 'account_id', 'name'])
    .where('kind', '=', 'use_case')
    .execute()
  return rows.map((r) => ({ id: r.id, accountId: r.account_id, name: r.name }))
}
