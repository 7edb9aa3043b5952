/**
 * Runs one import: a source plug-in reads its files and hands over rows; this
 * batches them, upserts by source id (so the same data twice changes
 * nothing), quarantines rows with issues, counts every row exactly once, and
 * commits the whole import in one transaction, or nothing. The run and its
 * rejects are recorded either way.
 */
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import {
  TABLES,
  loadAccountDirectory,
  loadContactDirectory,
  loadPersonDirectory,
  loadUseCaseDirectory,
  saveImportRun,
  createRejectSpool,
  refreshStaleConsumptionMonths,
  upsertConsumptionRows,
  upsertImportRecords,
  type BulkWriter,
  type ImportRejectRecord,
  type RejectSpool,
  type Store,
  type StoreTx,
  type TableName,
  type UpsertMemo,
  type UpsertOutcome,
  createUpsertMemo,
  createImportStage,
  type StageKey,
  type ImportStage,
  stageTag,
} from '@revlab/db'
import { RevlabError, toSnakeCase } from '@revlab/domain'
import {
  createAccountMatcher,
  createContactMatcher,
  createPersonMatcher,
  type ContactMatcher,
  createUseCaseMatcher,
  type UseCaseMatcher,
} from './directory.js'
import type { ReferenceContext } from './references.js'
import type { ImportProgress, ImportResult, MappedRow, RowRef, StagedRecord } from './types.js'

/** What a source gets besides its files: matchers, the clock, its options. */
export type SourceContext = ReferenceContext & {
  /** The mapping file's parsed JSON, for sources that take one (`--map`). */
  mapping: unknown
  /** Use cases the store knows, for usage files that name them (absent in previews: none known). */
  useCases?: UseCaseMatcher
  /** Contacts the store knows, by email or name (absent in previews). */
  contacts?: ContactMatcher
  /** Source-specific options from the command line (`--internal`, `--deal`). */
  options?: Readonly<Record<string, string>>
}

export type RowSink = {
  /** One row read: its records, or its issues (then it is quarantined). */
  row(ref: RowRef, raw: string, mapped: MappedRow): Promise<void>
  /** In a staged import: what a source needs to map whole files in the engine instead (absent otherwise). */
  native?: NativeStageHooks
  /** Records the whole import needs once (a stage model, signal definitions): created if missing, not counted as rows. */
  setup(records: StagedRecord[]): Promise<void>
  note(message: string): void
  bytes(file: string, read: number, total: number): void
}

/**
 * What a staged import offers a source that maps whole files in SQL (the
 * mapped source's native path): the transaction, the stage to fill, and the
 * row bookkeeping for rows that still go through JS.
 */
export type NativeStageHooks = {
  tx: StoreTx
  writer: BulkWriter
  engine: Store['engine']
  /** A short tag unique to the run, for naming work tables. */
  tag: string
  stage: ImportStage
  /** Counts `rows` rows as read and returns the sequence number before the first of them. */
  reserve(rows: number): number
  /** One row mapped in JS, under its sequence number: staged, or quarantined. */
  row(seq: number, ref: RowRef, raw: string, mapped: MappedRow): Promise<void>
  /** Reference records (accounts, people, aliases) to ensure, each once. */
  refer(records: readonly StagedRecord[]): void
  /** How much of `file` the engine has read (for the progress bar). */
  bytes(file: string, read: number, total: number): void
}

/** An import source: a name and a reader. New sources plug in by adding one to the registry. */
export type ImportSource = {
  name: string
  description: string
  /** Whether `--map FILE` is required. */
  needsMapping?: boolean
  read(files: readonly string[], sink: RowSink, context: SourceContext): Promise<void>
  /**
   * Rows are one record of their own, plus children (with `ownerField`) and
   * `ensure` references, and no `afterWrite`: they stream into staging tables
   * and merge set-based in SQL at the end (fast, flat memory).
   */
  staged?: boolean
  /**
   * The child tables a staged source's rows may own (a deal's signals):
   * compared for every stored key even when no row of an import carries one.
   */
  stagedChildren?: readonly { table: TableName; primary: TableName; ownerField: string }[]
  /**
   * A source with its own bulk path (consumption): reads its files, stages
   * valid rows in bulk and merges them set-based, reporting rows and
   * rejects through `hooks`; returns the outcome counts.
   */
  bulk?(
    files: readonly string[],
    context: SourceContext,
    hooks: BulkImportHooks,
  ): Promise<{ inserted: number; updated: number; unchanged: number }>
}

/** What `runImport` hands a bulk source: the open transaction and the run's bookkeeping. */
export type BulkImportHooks = {
  tx: StoreTx
  writer: BulkWriter
  engine: Store['engine']
  runId: string
  /** Rows read and rejected so far; the source counts every row it reads in `rows`. */
  counts: { rows: number; rejected: number }
  /** Quarantines a row (counts it as rejected and spools it to the store). */
  reject(ref: RowRef, raw: string, mapped: MappedRow): Promise<void>
  /** Creates `ensure` records (accounts, use cases) if missing, counting them as created. */
  ensure(records: StagedRecord[]): Promise<void>
  note(message: string): void
  bytes(file: string, read: number, total: number): void
  /** Throws the --strict failure when the run is strict and a row was rejected (call before merging). */
  checkStrict(): void
}

export type RunImportOptions = {
  strict?: boolean
  mapping?: unknown
  /** Source-specific options, handed to the source as `context.options`. */
  sourceOptions?: Readonly<Record<string, string>>
  /** Progress callback, called at most every few thousand rows. */
  onProgress?: (progress: ImportProgress) => void
  now?: Date
  /** Rows per flush to the store. */
  batchRows?: number
  /** How many rejects the result lists (all are stored). */
  maxListedRejects?: number
  /** `false` writes a staged source's rows batch by batch with per-record upserts (the slower path; for comparison). */
  staged?: boolean
  /** `false` keeps a staged source off its native path (the engine reading the file, mapped in SQL): for comparison. */
  native?: boolean
}

type PendingRow = { ref: RowRef; records: StagedRecord[]; afterWrite?: MappedRow['afterWrite'] }

class StrictFailure extends Error {}

const tableOrder = new Map<string, number>(TABLES.map((t, i) => [t, i]))

/** Writes one batch of rows and returns each row's outcome and the records created for references. */
async function flushRows(
  tx: StoreTx,
  writer: BulkWriter,
  rows: readonly PendingRow[],
  created: Record<string, number>,
  memo: UpsertMemo,
): Promise<UpsertOutcome[]> {
  type Slot = { row: number; index: number }
  const groups = new Map<
    string,
    {
      table: TableName
      mode: 'upsert' | 'ensure'
      idField: string
      records: Record<string, unknown>[]
      slots: Slot[]
    }
  >()
  rows.forEach((r, row) =>
    r.records.forEach((s, index) => {
      const mode = s.mode ?? 'upsert'
      const idField = s.idField ?? 'id'
      const key = `${s.table}|${mode}|${idField}`
      let g = groups.get(key)
      if (!g) {
        g = { table: s.table, mode, idField, records: [], slots: [] }
        groups.set(key, g)
      }
      g.records.push(s.record)
      g.slots.push({ row, index })
    }),
  )
  const outcomes = rows.map((r) => r.records.map((): UpsertOutcome => 'unchanged'))
  const ordered = [...groups.values()].sort(
    (a, b) =>
      (tableOrder.get(a.table) ?? 99) - (tableOrder.get(b.table) ?? 99) || (a.mode === 'ensure' ? -1 : 1),
  )
  for (const g of ordered) {
    const result =
      g.table === 'consumption_daily'
        ? await upsertConsumptionRows(tx, writer, g.records)
        : await upsertImportRecords(tx, writer, g.table, g.records, {
            idField: g.idField,
            mode: g.mode,
            memo,
            knownNew: new Set(
              g.slots.flatMap((slot, i) =>
                rows[slot.row]?.records[slot.index]?.child && outcomes[slot.row]?.[0] === 'inserted'
                  ? [i]
                  : [],
              ),
            ),
          })
    result.forEach((outcome, i) => {
      const slot = g.slots[i]
      if (!slot) return
      const rowOutcomes = outcomes[slot.row]
      if (rowOutcomes) rowOutcomes[slot.index] = outcome
      if (g.mode === 'ensure' && outcome === 'inserted') created[g.table] = (created[g.table] ?? 0) + 1
    })
  }
  return rows.map((r, i) => {
    const o = outcomes[i] ?? []
    if (o[0] === 'inserted') return 'inserted'
    const changed = r.records.some((s, j) => (s.mode ?? 'upsert') === 'upsert' && o[j] !== 'unchanged')
    return changed ? 'updated' : 'unchanged'
  })
}

type StagedState = {
  batchRows: number
  created: Record<string, number>
  memo: UpsertMemo
  counts: { rows: number; rejected: number }
  rejects: RejectSpool
  notes: string[]
  fileBytes: Map<string, { read: number; total: number }>
  progress: (file: string) => void
  strict: boolean
  native: boolean
}

/** The rejected row as stored: its first issue's column, every reason, the raw text (cut at 2,000 characters). */
const rejectOf = (ref: RowRef, raw: string, mapped: MappedRow): ImportRejectRecord => ({
  ...ref,
  column: mapped.issues[0]?.column ?? null,
  reason: mapped.issues.map((i) => i.reason).join('; ') || 'the row holds nothing to import',
  raw: raw.length > 2_000 ? `${raw.slice(0, 2_000)}…` : raw,
})

const CONSUMPTION_KEY: StageKey = {
  columns: ['day', 'account_id', 'use_case_id', 'sku'],
  nullable: ['use_case_id'],
}

const consumptionStageKey = (r: Record<string, unknown>): string =>
  `${String(r.day).slice(0, 10)}|${String(r.accountId)}|${String(r.useCaseId ?? '')}|${String(r.sku)}`

/**
 * A staged source's import: rows stream into staging tables (a row's own
 * record tagged with its number and key; its children with its
 * number), references are ensured once each, and one set-based merge at the
 * end counts and writes (see `createImportStage`). Memory holds one batch.
 */
async function stagedImport(
  tx: StoreTx,
  writer: BulkWriter,
  engine: Store['engine'],
  runId: string,
  source: ImportSource,
  files: readonly string[],
  context: SourceContext,
  state: StagedState,
): ReturnType<ImportStage['merge']> {
  const stage = createImportStage(tx, writer, engine, runId)
  const snakeNames = new Map<string, string>()
  const snake = (name: string): string => {
    let s = snakeNames.get(name)
    if (s === undefined) snakeNames.set(name, (s = toSnakeCase(name)))
    return s
  }
  for (const c of source.stagedChildren ?? []) stage.expectChildren(c.primary, c.table, snake(c.ownerField))
  // References (accounts, people, aliases…) are few: each is ensured once per import.
  const ensured = new Set<string>()
  let ensure: StagedRecord[] = []
  let staged = 0
  const flush = async (): Promise<void> => {
    if (ensure.length > 0) {
      await flushRows(
        tx,
        writer,
        [{ ref: { file: '', row: 0, line: 0 }, records: ensure }],
        state.created,
        state.memo,
      )
      ensure = []
    }
    await stage.flush()
    staged = 0
    state.progress('')
  }
  const refer = (records: readonly StagedRecord[]): void => {
    for (const r of records) {
      const idField = r.idField ?? 'id'
      const key = `${r.table}|${idField}|${String(r.record[idField])}`
      if (!ensured.has(key)) {
        ensured.add(key)
        ensure.push(r)
      }
    }
  }
  const stageRow = async (seq: number, ref: RowRef, raw: string, mapped: MappedRow): Promise<void> => {
    if (mapped.issues.length > 0 || mapped.records.length === 0) {
      state.counts.rejected++
      await state.rejects.push(rejectOf(ref, raw, mapped))
      return
    }
    if (mapped.afterWrite) throw new Error(`the ${source.name} source is staged but its rows need afterWrite`)
    const [own, ...rest] = mapped.records
    if (!own || (own.mode ?? 'upsert') !== 'upsert')
      throw new Error(`a staged ${source.name} row must begin with its own record`)
    for (const r of rest) {
      if (r.child) continue
      if ((r.mode ?? 'upsert') === 'ensure') refer([r])
      else throw new Error(`a staged ${source.name} row may only add children and references`)
    }
    const consumption = own.table === 'consumption_daily'
    const idField = own.idField ?? 'id'
    stage.primary(own.table, consumption ? CONSUMPTION_KEY : { columns: [snake(idField)] }, own.record, {
      seq,
      key: consumption ? consumptionStageKey(own.record) : String(own.record[idField]),
      countRepeats: !consumption,
    })
    for (const r of rest) {
      if (!r.child) continue
      if (!r.ownerField) throw new Error(`a staged ${r.table} child needs its ownerField`)
      stage.child(r.table, own.table, snake(r.ownerField), r.record, seq)
    }
    if (++staged >= state.batchRows) await flush()
  }
  const sink: RowSink = {
    row: (ref, raw, mapped) => stageRow(++state.counts.rows, ref, raw, mapped),
    native: !state.native
      ? undefined
      : {
          tx,
          writer,
          engine,
          tag: stageTag(runId),
          stage,
          reserve(rows) {
            const before = state.counts.rows
            state.counts.rows += rows
            return before
          },
          row: stageRow,
          refer,
          bytes: (file, read, total) => sink.bytes(file, read, total),
        },
    async setup(records) {
      await flushRows(
        tx,
        writer,
        [{ ref: { file: '', row: 0, line: 0 }, records }],
        state.created,
        state.memo,
      )
    },
    note(message) {
      if (!state.notes.includes(message)) state.notes.push(message)
    },
    bytes(file, read, total) {
      const before = state.fileBytes.get(file)?.read ?? 0
      state.fileBytes.set(file, { read, total })
      // Every few thousand rows, or when the read moved a percent of the file at once (the engine reading a
      // file itself reports no rows, only its progress).
      if (read === total || state.counts.rows % 2_000 === 0 || read - before >= total / 100)
        state.progress(file)
    },
  }
  try {
    await source.read(files, sink, context)
    if (state.strict && state.counts.rejected > 0) throw new StrictFailure()
    await flush()
    return await stage.merge()
  } finally {
    stage.dispose()
  }
}

/** Imports `files` through `source` into the store. Throws a one-line RevlabError for a file that cannot be read. */
export async function runImport(
  store: Store,
  source: ImportSource,
  files: readonly string[],
  options: RunImportOptions = {},
): Promise<ImportResult> {
  const started = options.now ?? new Date()
  const t0 = performance.now()
  const runId = `imp_${started
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}_${randomUUID().slice(0, 8)}`
  const batchRows = options.batchRows ?? 5_000
  const fileNames = files.map((f) => path.basename(f))
  const counts = { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 }
  const rejects = createRejectSpool(runId, { listed: options.maxListedRejects ?? 1_000 })
  const created: Record<string, number> = {}
  const notes: string[] = []
  const idSeen = new Map<string, number>()
  let repeatedRows = 0
  let stagedRepeats: ImportResult['repeated_ids'] | undefined
  const fileBytes = new Map<string, { read: number; total: number }>()

  const progress = (file: string): void => {
    if (!options.onProgress) return
    let bytes = 0
    let totalBytes = 0
    for (const b of fileBytes.values()) {
      bytes += b.read
      totalBytes += b.total
    }
    options.onProgress({ rows: counts.rows, bytes, totalBytes, file })
  }

  const result = (status: ImportResult['status']): ImportResult => {
    const repeated = [...idSeen.entries()].filter(([, n]) => n > 1)
    const repeatedIds = stagedRepeats ?? {
      ids: repeated.length,
      rows: repeatedRows,
      examples: repeated.slice(0, 5).map(([id]) => id),
    }
    return {
      run_id: runId,
      source: source.name,
      status,
      files: fileNames,
      rows_read: counts.rows,
      inserted: status === 'committed' ? counts.inserted : 0,
      updated: status === 'committed' ? counts.updated : 0,
      unchanged: status === 'committed' ? counts.unchanged : 0,
      rejected: counts.rejected,
      rejects: rejects.listed.map(({ file, row, line, column, reason }) => ({
        file,
        row,
        line,
        column,
        reason,
      })),
      created,
      repeated_ids: repeatedIds,
      notes,
      seconds: Math.round(performance.now() - t0) / 1000,
    }
  }

  // A committed run's rejects are in the store already (spilled as read); a failed run's transaction took
  // them back, so its record keeps the ones listed.
  const record = async (writer: BulkWriter, r: ImportResult, error?: string): Promise<void> => {
    if (error === undefined) await rejects.flush()
    await saveImportRun(
      writer,
      {
        id: runId,
        source: source.name,
        files: fileNames,
        startedAt: started.toISOString(),
        finishedAt: new Date(started.getTime() + Math.round(r.seconds * 1000)).toISOString(),
        status: r.status,
        rowsRead: r.rows_read,
        inserted: r.inserted,
        updated: r.updated,
        unchanged: r.unchanged,
        rejected: r.rejected,
        summary: {
          created: r.created,
          repeated_ids: r.repeated_ids,
          notes: r.notes,
          ...(error ? { error } : {}),
        },
      },
      error === undefined ? [] : rejects.listed,
    )
  }

  try {
    const committed = await store.bulkTransaction(async (writer, tx) => {
      rejects.attach(writer)
      const context: SourceContext = {
        people: createPersonMatcher(await loadPersonDirectory(tx)),
        accounts: createAccountMatcher(await loadAccountDirectory(tx)),
        now: started.toISOString(),
        source: source.name,
        mapping: options.mapping,
        useCases: createUseCaseMatcher(await loadUseCaseDirectory(tx)),
        contacts: createContactMatcher(await loadContactDirectory(tx)),
        ...(options.sourceOptions ? { options: options.sourceOptions } : {}),
      }
      const memo = await createUpsertMemo(
        tx,
        TABLES.filter((t) => t !== 'consumption_daily' && !t.startsWith('import_')),
      )
      if (source.bulk && options.staged !== false) {
        const outcome = await source.bulk(files, context, {
          tx,
          writer,
          engine: store.engine,
          runId,
          counts,
          async reject(ref, raw, mapped) {
            counts.rejected++
            await rejects.push(rejectOf(ref, raw, mapped))
          },
          async ensure(records) {
            if (records.length > 0)
              await flushRows(tx, writer, [{ ref: { file: '', row: 0, line: 0 }, records }], created, memo)
          },
          note(message) {
            if (!notes.includes(message)) notes.push(message)
          },
          bytes(file, read, total) {
            fileBytes.set(file, { read, total })
            progress(file)
          },
          checkStrict() {
            if (options.strict && counts.rejected > 0) throw new StrictFailure()
          },
        })
        counts.inserted = outcome.inserted
        counts.updated = outcome.updated
        counts.unchanged = outcome.unchanged
        const r = result('committed')
        await record(writer, r)
        return r
      }
      if (source.staged && options.staged !== false) {
        const outcome = await stagedImport(tx, writer, store.engine, runId, source, files, context, {
          batchRows,
          created,
          memo,
          counts,
          rejects,
          notes,
          fileBytes,
          progress,
          strict: options.strict ?? false,
          native: options.native !== false,
        })
        // The consumption rollups the briefing reads (owned by @revlab/db): refresh the months this import changed.
        if (source.name === 'consumption') await refreshStaleConsumptionMonths(tx)
        counts.inserted = outcome.inserted
        counts.updated = outcome.updated
        counts.unchanged = outcome.unchanged
        stagedRepeats = outcome.repeated
        const r = result('committed')
        if (r.repeated_ids.ids > 0)
          notes.push(
            `${r.repeated_ids.rows} row(s) repeat a source id already seen (${r.repeated_ids.ids} id(s)); the last version is kept`,
          )
        await record(writer, r)
        return r
      }
      let pending: PendingRow[] = []
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return
        const outcomes = await flushRows(tx, writer, pending, created, memo)
        for (const o of outcomes) counts[o]++
        for (const [i, p] of pending.entries())
          if (p.afterWrite) await p.afterWrite({ tx, writer, outcome: outcomes[i] ?? 'unchanged' })
        pending = []
        progress('')
      }
      const sink: RowSink = {
        async row(ref, raw, mapped) {
          counts.rows++
          if (mapped.issues.length > 0 || mapped.records.length === 0) {
            counts.rejected++
            const first = mapped.issues[0]
            await rejects.push({
              ...ref,
              column: first?.column ?? null,
              reason: mapped.issues.map((i) => i.reason).join('; ') || 'the row holds nothing to import',
              raw: raw.length > 2_000 ? `${raw.slice(0, 2_000)}…` : raw,
            })
            return
          }
          const primary = mapped.records[0]
          const id = primary?.record.id
          if (typeof id === 'string') {
            const n = (idSeen.get(id) ?? 0) + 1
            idSeen.set(id, n)
            if (n > 1) repeatedRows++
          }
          pending.push({
            ref,
            records: mapped.records,
            ...(mapped.afterWrite ? { afterWrite: mapped.afterWrite } : {}),
          })
          if (pending.length >= batchRows) await flush()
        },
        async setup(records) {
          await flushRows(tx, writer, [{ ref: { file: '', row: 0, line: 0 }, records }], created, memo)
        },
        note(message) {
          if (!notes.includes(message)) notes.push(message)
        },
        bytes(file, read, total) {
          fileBytes.set(file, { read, total })
          if (read === total || counts.rows % 2_000 === 0) progress(file)
        },
      }
      await source.read(files, sink, context)
      // --strict reads everything first, so the failure lists every reject, then rolls back.
      if (options.strict && counts.rejected > 0) throw new StrictFailure()
      await flush()
      const r = result('committed')
      if (r.repeated_ids.ids > 0)
        notes.push(
          `${r.repeated_ids.rows} row(s) repeat a source id already seen (${r.repeated_ids.ids} id(s)); the last version is kept`,
        )
      await record(writer, r)
      return r
    })
    // Only ids matter for repeats; free them before returning.
    idSeen.clear()
    return committed
  } catch (error) {
    const strict = error instanceof StrictFailure
    const message = strict
      ? `--strict: ${counts.rejected} row(s) rejected, the first is row ${rejects.listed[0]?.row ?? '?'} of ${rejects.listed[0]?.file ?? '?'} (${rejects.listed[0]?.reason ?? ''}); nothing was imported`
      : error instanceof Error
        ? error.message
        : String(error)
    const failed = result('failed')
    failed.notes.push(message)
    await store.bulkTransaction((writer) => record(writer, failed, message))
    if (strict) return failed
    if (error instanceof RevlabError) throw error
    throw new RevlabError('INTERNAL', `import ${runId} failed and was rolled back: ${message}`, {
      cause: error,
    })
  }
}
