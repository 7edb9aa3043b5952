/**
 * A usage CSV read by DuckDB itself (see `readUsageFileNatively`): SQL
 * checks and converts the rows whose text is plain; this module reads the
 * rest with `mapUsageRow` (same reasons, same created records) and resolves
 * each distinct name tuple once, in file order, through the same matchers.
 *
 * Names resolve as the row-by-row path resolves them only if no tuple means
 * something else later in the file (an account created by a later row can
 * take over a name an earlier tuple matched). A dry run on copies of the
 * matchers proves it first; otherwise the file is read in JS, with nothing
 * changed. Rows whose facts come from JS, a repeated key, or rows read before
 * send the file's rows through the staging table and the merge; a clean file
 * of new days goes straight into consumption_daily.
 */
import type { ConsumptionDaily } from '@revlab/domain'
import type {
  ConsumptionStage,
  ResolvedUsageNames,
  UsageFileLayout,
  UsageFileRow,
  UsageNames,
} from '@revlab/db'
import { readUsageFileNatively } from '@revlab/db'
import { parseDay } from '../framework/normalize.js'
import type { BulkImportHooks } from '../framework/run-import.js'
import type { MappedRow, RowRef } from '../framework/types.js'
import type { UsageLoader } from './bulk-import.js'
import { mapUsageRow, type UsageColumns, type UsageContext } from './map-usage-row.js'

/** Distinct ISO day texts a file may have (there are 110,000 days from 1900 to 2200). */
const MAX_DAYS = 120_000
/** Rows the SQL checks may leave to JS before the whole file is read in JS instead. */
const MAX_OTHERS = 250_000

/** A row JS reads: `first` marks the first checked row of a name tuple. */
type UsageEvent = UsageFileRow & { first: boolean }

/** What JS made of the rows it read. */
type Resolution = {
  names: ResolvedUsageNames[]
  /** Valid facts of rows SQL left to JS, with their rows. */
  facts: { row: number; fact: ConsumptionDaily }[]
  /** In file order: rejects, and the records rows bring (accounts, use cases). */
  steps: ({ reject: { row: number; raw: string; mapped: MappedRow } } | { records: MappedRow['records'] })[]
}

export function usageFileLayout(
  header: readonly string[],
  columns: UsageColumns,
  delimiter: string,
): UsageFileLayout {
  const at = (c: string | null): number => (c === null ? -1 : header.indexOf(c))
  return {
    delimiter,
    width: header.length,
    day: at(columns.day),
    accountId: at(columns.accountId),
    accountName: at(columns.accountName),
    useCaseId: at(columns.useCaseId),
    useCaseName: at(columns.useCaseName),
    sku: at(columns.sku),
    units: at(columns.units),
    revenue: at(columns.revenue),
    revenueCents: at(columns.revenueCents),
  }
}

/** Two row lists in file order, merged. */
function inFileOrder(others: readonly UsageFileRow[], firsts: readonly UsageFileRow[]): UsageEvent[] {
  const out: UsageEvent[] = []
  let i = 0
  let j = 0
  while (i < others.length || j < firsts.length) {
    const a = others[i]
    const b = firsts[j]
    if (b === undefined || (a !== undefined && a.row < b.row)) {
      out.push({ ...(a as UsageFileRow), first: false })
      i++
    } else {
      out.push({ ...b, first: true })
      j++
    }
  }
  return out
}

/** The account and use case names resolve to now, as `mapUsageRow` resolves them (undefined: not found). */
function resolveNow(
  context: UsageContext,
  names: UsageNames,
): { accountId: string; useCaseId: string | null } | undefined {
  const [accountId, accountName, useCaseId, useCaseName] = names.map((t) => t.trim()) as [
    string,
    string,
    string,
    string,
  ]
  const account = context.accounts.find({ id: accountId || null, name: accountName || accountId })
  if (account === undefined) return undefined
  if (!useCaseId && !useCaseName) return { accountId: account, useCaseId: null }
  const useCase = context.useCases.find({
    id: useCaseId || null,
    accountId: account,
    name: useCaseName || null,
  })
  return useCase === undefined ? undefined : { accountId: account, useCaseId: useCase }
}

/**
 * Reads the rows JS reads, in file order, with `context`'s matchers (which
 * it changes). Null when a first row does not map (the SQL checks and
 * `mapUsageRow` disagree) or a tuple would resolve otherwise by the end of the file.
 */
function resolveRows(
  events: readonly UsageEvent[],
  header: readonly string[],
  layout: UsageFileLayout,
  columns: UsageColumns,
  context: UsageContext,
): Resolution | null {
  const out: Resolution = { names: [], facts: [], steps: [] }
  const field = (fields: readonly string[], i: number): string => (i < 0 ? '' : (fields[i] ?? ''))
  for (const { row, fields, first } of events) {
    const values: Record<string, string> = {}
    for (let i = 0; i < header.length; i++) values[header[i] ?? ''] = fields[i] ?? ''
    const mapped = mapUsageRow(values, columns, context)
    const fact = mapped.records[0]?.record as ConsumptionDaily | undefined
    if (mapped.issues.length > 0 || !fact) {
      if (first) return null
      out.steps.push({ reject: { row, raw: fields.join(layout.delimiter), mapped } })
      continue
    }
    if (mapped.records.length > 1) out.steps.push({ records: mapped.records.slice(1) })
    if (!first) {
      out.facts.push({ row, fact })
      continue
    }
    const names: UsageNames = [
      field(fields, layout.accountId),
      field(fields, layout.accountName),
      field(fields, layout.useCaseId),
      field(fields, layout.useCaseName),
    ]
    out.names.push({ names, accountId: fact.accountId, useCaseId: fact.useCaseId })
  }
  for (const r of out.names) {
    const now = resolveNow(context, r.names)
    if (now?.accountId !== r.accountId || now.useCaseId !== r.useCaseId) return null
  }
  return out
}

const overlaps = (a: { from: string; to: string } | null, from: string, to: string): boolean =>
  a !== null && from <= a.to && to >= a.from

/**
 * Imports one CSV through the engine. Returns null when it did, or why it
 * could not (nothing is changed then; the caller reads the file in JS).
 */
export async function importUsageNatively(options: {
  file: string
  name: string
  header: readonly string[]
  columns: UsageColumns
  layout: UsageFileLayout
  dataRows: number
  /** The file's size, for the progress bar. */
  bytes: number
  loader: UsageLoader
  stage: ConsumptionStage
  hooks: BulkImportHooks
  context: UsageContext
}): Promise<string | null> {
  const { loader, stage, hooks, layout } = options
  // The transaction runs one statement at a time: what the loader holds is written first.
  await loader.drain(true)
  await stage.settle()
  const seqBase = hooks.counts.rows
  const file = await readUsageFileNatively(hooks.tx, {
    file: options.file,
    table: `${stage.name}_file`,
    layout,
    expectedRows: options.dataRows,
    onProgress: (fraction) => hooks.bytes(options.file, Math.round(fraction * options.bytes), options.bytes),
  })
  if (!file) return 'a line is blank or has another number of fields than the header'
  let dropped = false
  let failed = false
  try {
    const texts = await file.isoDayTexts(MAX_DAYS)
    if (texts === null) return `it has more than ${MAX_DAYS} distinct days`
    const days = texts.filter((t) => parseDay(t) === t).sort()
    await file.acceptDays(days)
    const others = await file.others(MAX_OTHERS)
    if (others === null) return `more than ${MAX_OTHERS} rows are not plain`
    const events = inFileOrder(others, await file.firstRows())
    const { accounts, useCases } = options.context
    const dry = { ...options.context, accounts: accounts.fork(), useCases: useCases.fork() }
    if (!resolveRows(events, options.header, layout, options.columns, dry))
      return 'a name means another account or use case later in the file'
    const resolution = resolveRows(events, options.header, layout, options.columns, options.context)
    if (!resolution) throw new Error('the dry run and the import resolved names differently')

    for (const step of resolution.steps) {
      if ('records' in step) loader.references(step.records)
      else {
        const ref: RowRef = { file: options.name, row: step.reject.row, line: step.reject.row + 1 }
        loader.reject(ref, step.reject.raw, step.reject.mapped, false)
      }
    }
    await loader.drain(true)

    const pairs = new Set(resolution.names.map((r) => `${r.accountId}\u0001${r.useCaseId ?? ''}`))
    const from = days[0] ?? ''
    const to = days.at(-1) ?? ''
    const mayRepeat =
      seqBase > 0 ||
      resolution.facts.length > 0 ||
      pairs.size < resolution.names.length ||
      (days.length > 0 && (await file.keysRepeat()))
    let written = 0
    if (!mayRepeat && days.length > 0 && !overlaps(stage.stored, from, to)) {
      written = await file.write(resolution.names, null)
      if (written > 0) loader.wroteDirect(written, from, to)
    } else if (days.length > 0) {
      written = await file.write(resolution.names, { stage: stage.name, seqBase })
      if (written > 0) loader.wroteStaged(written, from, to)
      // Rows of later files are checked against what the loader saw, which is not these: the merge looks for repeats.
      loader.mayRepeat = true
    }
    // Every plain row has its day and its names resolved: nothing may be lost between the engine and the store.
    if (written !== file.rows - others.length)
      throw new Error(`${options.name}: ${written} plain rows written of ${file.rows - others.length}`)
    // Later rows may repeat this file's keys: they are staged and merged.
    loader.direct = false
    if (mayRepeat) loader.mayRepeat = true
    await file.drop()
    dropped = true
    for (const { row, fact } of resolution.facts) {
      const pair = loader.pairOf(fact.accountId, fact.useCaseId)
      loader.add(
        fact.day,
        fact.accountId,
        fact.useCaseId,
        pair,
        fact.sku,
        fact.units,
        fact.revenueCents,
        seqBase + row,
      )
    }
    hooks.counts.rows = seqBase + file.rows
    return null
  } catch (error) {
    failed = true
    throw error
  } finally {
    // After a failed statement the transaction is lost anyway: the error at hand is the one to report.
    if (!dropped && !failed) await file.drop()
  }
}
