/**
 * The consumption import's bulk path (`ImportSource.bulk`): rows are read
 * and checked here, each valid one becomes a line of CSV text for the
 * staging table (loaded in chunks through the engine's bulk route while the
 * next chunk is read), rejects and new accounts and use cases go to the
 * store as they come, and one set-based merge at the end writes
 * consumption_daily (see `createConsumptionStage`). Memory holds a chunk.
 *
 * A CSV without a double quote anywhere (the common export) is split line by
 * line here, which reads exactly as the CSV parser would (no quote, no field
 * spans lines); a file with quotes goes through the parser. Each row is
 * checked as `mapUsageRow` checks it; rows that fail a check, and the first
 * row naming each account and use case, go through `mapUsageRow` itself, so
 * reasons and created records are the same as on the row-by-row path.
 */
import { isAscii } from 'node:buffer'
import fs from 'node:fs'
import { createConsumptionStage, type ConsumptionStage } from '@revlab/db'
import type { ConsumptionDaily } from '@revlab/domain'
import { createUseCaseMatcher } from '../framework/directory.js'
import { parseDay, parseMoneyCents, parseNumber } from '../framework/normalize.js'
import { openCsv } from '../framework/read-csv.js'
import type { BulkImportHooks, SourceContext } from '../framework/run-import.js'
import type { MappedRow, RowRef, StagedRecord } from '../framework/types.js'
import { importUsageNatively, usageFileLayout } from './native-import.js'
import { missingUsageError, readUsageParquet } from './read-usage-parquet.js'
import { scanUsageFile } from './scan-usage-file.js'
import {
  findUsageColumns,
  mapUsageRow,
  missingUsageColumns,
  type UsageColumns,
  type UsageContext,
} from './map-usage-row.js'

/**
 * The largest file DuckDB reads itself: its temporary table of the file's
 * text takes about 2.3 times the file's size in memory (a 624 MB file peaked
 * at 2.2 GB against 0.77 GB in JS), so larger files take the JS reader,
 * whose memory stays flat whatever the size.
 */
const NATIVE_MAX_BYTES = 256 << 20

/** Staged rows per load into the staging table. */
const CHUNK_ROWS = 200_000
const COMMA = 0x2c
const NEWLINE = 0x0a
const QUOTE = 0x22

/** An integer's decimal digits (safe integers only; others as `String` writes them). */
function writeInteger(out: Buffer, at: number, value: number): number {
  if (!Number.isSafeInteger(value)) return at + out.write(String(value), at, 'latin1')
  let off = at
  let v = value
  if (v < 0) {
    out[off++] = 0x2d
    v = -v
  }
  let digits = 1
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++
  for (let i = off + digits - 1; i >= off; i--) {
    out[i] = 0x30 + (v % 10)
    v = Math.floor(v / 10)
  }
  return off + digits
}

/** Short ASCII text byte by byte (cheaper than a native call per field); anything else as UTF-8. */
function writeString(out: Buffer, at: number, text: string): number {
  const n = text.length
  if (n > 64) return at + out.write(text, at, 'utf8')
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c > 0x7e) return at + out.write(text, at, 'utf8')
    out[at + i] = c
  }
  return at + n
}

/** A quoted CSV text field (an empty quoted field is '', an unquoted empty one null). */
function writeText(out: Buffer, at: number, text: string): number {
  let off = at
  out[off++] = QUOTE
  off = writeString(out, off, text.includes('"') ? text.replace(/"/g, '""') : text)
  out[off++] = QUOTE
  return off
}
const READ_BYTES = 1 << 20
/** Keys remembered per day to prove no key repeats (a day with more is assumed to repeat). */
const MAX_DAY_KEYS = 500_000
const MAX_CACHED = 100_000

/** A plain decimal: `parseNumber` and `parseMoneyCents` read it as `Number` does. */
const PLAIN = /^-?\d+(\.\d+)?$/

/** Staged text is written as bytes straight into buffers: no string per row to build and collect. */
const PIECE_BYTES = 4 << 20

/** The state of one bulk import: the stage, what is pending for the store, and the checks on keys. */
export class UsageLoader {
  private pieces: Buffer[] = []
  private out = Buffer.allocUnsafe(PIECE_BYTES)
  private off = 0
  private chunkRows = 0
  private rejects: { ref: RowRef; raw: string; mapped: MappedRow }[] = []
  private ensure: StagedRecord[] = []
  private readonly ensured = new Set<string>()
  private day = ''
  private readonly dayKeys = new Set<number | string>()
  private readonly pairs = new Map<string, number>()
  private readonly skus = new Map<string, number>()
  mayRepeat = false
  /** Rows go straight to consumption_daily until one might not be new (see `ConsumptionStage.stored`). */
  direct = true
  /** Days of the staged rows, and of the direct ones. */
  from = ''
  to = ''
  directRows = 0
  directFrom = ''
  directTo = ''

  constructor(
    private readonly stage: ConsumptionStage,
    private readonly hooks: BulkImportHooks,
  ) {}

  /**
   * A number for a resolved account and use case, so a row's key (with its
   * SKU) is a small integer: checking keys allocates nothing per row.
   */
  pairOf(accountId: string, useCaseId: string | null): number {
    const key = `${accountId}\u0001${useCaseId ?? ''}`
    let pair = this.pairs.get(key)
    if (pair === undefined) {
      pair = this.pairs.size
      this.pairs.set(key, pair)
    }
    return pair
  }

  /** A valid row read: counted and staged. `pair` is `pairOf(accountId, useCaseId)`. */
  add(
    day: string,
    accountId: string,
    useCaseId: string | null,
    pair: number,
    sku: string,
    unitsValue: string | number,
    cents: number,
    /** The row's place in the import when it is not the next row read (counted by the caller then). */
    at?: number,
  ): void {
    const seq = at ?? ++this.hooks.counts.rows
    // The day spans only change with the day or the mode: checked then, not on every row.
    let spans = false
    if (day !== this.day) {
      if (day < this.day) this.mayRepeat = true
      this.day = day
      this.dayKeys.clear()
      spans = true
    }
    if (!this.mayRepeat) {
      let skuId = this.skus.get(sku)
      if (skuId === undefined) {
        skuId = this.skus.size
        this.skus.set(sku, skuId)
      }
      const key = pair < 16_384 && skuId < 65_536 ? pair * 65_536 + skuId : `${pair}|${sku}`
      if (this.dayKeys.has(key) || this.dayKeys.size >= MAX_DAY_KEYS) this.mayRepeat = true
      else this.dayKeys.add(key)
    }
    if (this.direct) {
      const stored = this.stage.stored
      // A day inside the stored ones is checked when it begins (`spans`): rows of the same day follow.
      if (this.mayRepeat || (spans && stored && day >= stored.from && day <= stored.to)) {
        // From here on rows are staged and merged; what went straight in so far is loaded first.
        this.endChunk()
        this.direct = false
        spans = true
      }
    }
    if (this.direct) this.directRows++
    if (spans) {
      if (this.direct) {
        if (this.directFrom === '' || day < this.directFrom) this.directFrom = day
        if (day > this.directTo) this.directTo = day
      } else {
        if (this.from === '' || day < this.from) this.from = day
        if (day > this.to) this.to = day
      }
    }
    const units = typeof unitsValue === 'string' ? unitsValue : String(unitsValue)
    const room = 96 + 3 * (accountId.length + (useCaseId?.length ?? 0) + sku.length + units.length)
    if (this.off + room > this.out.length) this.cut(room)
    const out = this.out
    let off = this.off
    if (!this.direct) {
      off = writeInteger(out, off, seq)
      out[off++] = COMMA
    }
    off = writeString(out, off, day)
    out[off++] = COMMA
    off = writeText(out, off, accountId)
    out[off++] = COMMA
    if (useCaseId !== null) off = writeText(out, off, useCaseId)
    out[off++] = COMMA
    off = writeText(out, off, sku)
    out[off++] = COMMA
    off = writeString(out, off, units)
    out[off++] = COMMA
    off = writeInteger(out, off, cents)
    out[off++] = NEWLINE
    this.off = off
    this.chunkRows++
  }

  reject(ref: RowRef, raw: string, mapped: MappedRow, counted = true): void {
    if (counted) this.hooks.counts.rows++
    this.rejects.push({ ref, raw, mapped })
  }

  /** Rows written straight into consumption_daily by other means (the native route), on days from `from` to `to`. */
  wroteDirect(rows: number, from: string, to: string): void {
    this.directRows += rows
    if (this.directFrom === '' || from < this.directFrom) this.directFrom = from
    if (to > this.directTo) this.directTo = to
  }

  /** Rows written into the staging table by other means (the native route), on days from `from` to `to`. */
  wroteStaged(rows: number, from: string, to: string): void {
    this.stage.addStaged(rows)
    if (this.from === '' || from < this.from) this.from = from
    if (to > this.to) this.to = to
  }

  /** `ensure` records a row brought (accounts, use cases), each kept once. */
  references(records: readonly StagedRecord[]): void {
    for (const r of records) {
      const idField = r.idField ?? 'id'
      const key = `${r.table}|${idField}|${String(r.record[idField])}`
      if (this.ensured.has(key)) continue
      this.ensured.add(key)
      this.ensure.push(r)
    }
  }

  /** Ends the current piece (and starts one with room for at least `room` bytes). */
  private cut(room = 0): void {
    if (this.off > 0) this.pieces.push(this.out.subarray(0, this.off))
    this.out = Buffer.allocUnsafe(Math.max(PIECE_BYTES, room))
    this.off = 0
  }

  /** Hands what is written to the stage. */
  private endChunk(): void {
    if (this.chunkRows === 0) return
    this.cut()
    this.stage.load(this.pieces, this.chunkRows, this.direct)
    this.pieces = []
    this.chunkRows = 0
  }

  /** Hands a full chunk to the stage, and writes pending references and rejects. */
  async drain(final = false): Promise<void> {
    if (this.chunkRows >= CHUNK_ROWS || final) {
      this.endChunk()
      // Flat memory: wait while the engine is still loading the chunk before.
      await this.stage.room()
    }
    // Let the loads under way move (their I/O runs on the event loop, which a synchronous read never yields).
    await new Promise<void>((resolve) => setImmediate(resolve))
    if (this.ensure.length === 0 && this.rejects.length === 0) return
    // The transaction runs one statement at a time: let the loads under way finish first.
    await this.stage.settle()
    if (this.ensure.length > 0) {
      const records = this.ensure
      this.ensure = []
      await this.hooks.ensure(records)
    }
    const rejects = this.rejects
    this.rejects = []
    for (const r of rejects) await this.hooks.reject(r.ref, r.raw, r.mapped)
  }
}

/** The row-by-row mapper, for rows the fast checks do not pass and for first sightings of names. */
function mapSlow(
  loader: UsageLoader,
  ref: RowRef,
  raw: string,
  values: Record<string, unknown>,
  columns: UsageColumns,
  context: UsageContext,
): { accountId: string; useCaseId: string | null; pair: number; created: boolean } | null {
  const mapped = mapUsageRow(values, columns, context)
  const fact = mapped.records[0]?.record as ConsumptionDaily | undefined
  if (mapped.issues.length > 0 || !fact) {
    loader.reject(ref, raw, mapped)
    return null
  }
  const rest = mapped.records.slice(1)
  loader.references(rest)
  const pair = loader.pairOf(fact.accountId, fact.useCaseId)
  loader.add(fact.day, fact.accountId, fact.useCaseId, pair, fact.sku, fact.units, fact.revenueCents)
  return { accountId: fact.accountId, useCaseId: fact.useCaseId, pair, created: rest.length > 0 }
}

/** Checks and stages the rows of one CSV file. */
async function readCsv(
  file: string,
  loader: UsageLoader,
  stage: ConsumptionStage,
  hooks: BulkImportHooks,
  context: UsageContext,
) {
  const csv = await openCsv(file)
  for (const n of csv.sniff.notes) hooks.note(n)
  const { header, name } = csv
  const columns = findUsageColumns(header)
  const missing = missingUsageColumns(columns)
  if (missing.length > 0) throw missingUsageError(name, missing, header)
  const layout = usageFileLayout(header, columns, csv.sniff.delimiter)
  const scan = scanUsageFile(file, header, csv.sniff.delimiter)
  // DuckDB reads the file itself when it reads as this reader would. (PostgreSQL keeps this reader: a COPY of
  // the raw file, the checks and a second write measured slower than it.)
  if (hooks.engine === 'duckdb') {
    const why =
      scan.unfit ??
      (csv.totalBytes > NATIVE_MAX_BYTES
        ? `it is over ${NATIVE_MAX_BYTES >> 20} MB, and DuckDB would hold all of it in memory`
        : null) ??
      (csv.sniff.encoding !== 'utf-8' ? `it is ${csv.sniff.encoding}` : null) ??
      (new Set(header).size !== header.length ? 'two columns have the same name' : null) ??
      (await importUsageNatively({
        file,
        name,
        header,
        columns,
        layout,
        dataRows: scan.dataRows,
        bytes: csv.totalBytes,
        loader,
        stage,
        hooks,
        context,
      }))
    if (why === null) {
      hooks.bytes(file, csv.totalBytes, csv.totalBytes)
      return
    }
    hooks.note(`${name}: read in JS, not by DuckDB (${why})`)
  }
  const {
    day: iDay,
    accountId: iAccountId,
    accountName: iAccountName,
    useCaseId: iUseCaseId,
    useCaseName: iUseCaseName,
    sku: iSku,
    units: iUnits,
    revenue: iRevenue,
    revenueCents: iRevenueCents,
  } = layout
  const days = new Map<string, string>()
  const refs = new Map<string, { accountId: string; useCaseId: string | null; pair: number }>()
  const valuesOf = (fields: readonly string[]): Record<string, string> => {
    const values: Record<string, string> = {}
    for (let i = 0; i < header.length; i++) values[header[i] ?? ''] = fields[i] ?? ''
    return values
  }
  const field = (fields: readonly string[], i: number): string => (i < 0 ? '' : (fields[i] ?? '').trim())

  /** One record of as many fields as the header. */
  const row = (ref: RowRef, raw: string, fields: readonly string[]): void => {
    const dayText = field(fields, iDay)
    let day = days.get(dayText)
    if (day === undefined) {
      day = (dayText ? parseDay(dayText) : undefined) ?? ''
      if (days.size >= MAX_CACHED) days.clear()
      days.set(dayText, day)
    }
    const accountId = field(fields, iAccountId)
    const accountName = field(fields, iAccountName)
    const sku = field(fields, iSku)
    const unitsText = field(fields, iUnits)
    const plainUnits = PLAIN.test(unitsText)
    const units = plainUnits ? Number(unitsText) : parseNumber(unitsText)
    let cents: number | undefined
    if (iRevenueCents >= 0) {
      const t = field(fields, iRevenueCents)
      const v = PLAIN.test(t) ? Number(t) : parseNumber(t)
      cents = v === undefined || !Number.isFinite(v) ? undefined : Math.round(v)
    } else {
      const t = field(fields, iRevenue)
      if (PLAIN.test(t)) {
        const c = Math.round(Number(t) * 100)
        cents = Number.isSafeInteger(c) ? c : undefined
      } else cents = parseMoneyCents(t)
    }
    if (
      day === '' ||
      (accountId === '' && accountName === '') ||
      sku === '' ||
      units === undefined ||
      !Number.isFinite(units) ||
      cents === undefined
    ) {
      mapSlow(loader, ref, raw, valuesOf(fields), columns, context)
      return
    }
    const useCaseId = field(fields, iUseCaseId)
    const useCaseName = field(fields, iUseCaseName)
    const key = `${accountId}\u0001${accountName}\u0001${useCaseId}\u0001${useCaseName}`
    const known = refs.get(key)
    if (known) {
      loader.add(
        day,
        known.accountId,
        known.useCaseId,
        known.pair,
        sku,
        plainUnits ? unitsText : units,
        cents,
      )
      return
    }
    const found = mapSlow(loader, ref, raw, valuesOf(fields), columns, context)
    if (!found) return
    // A new account or use case changes what other names resolve to: forget what was resolved before it.
    if (found.created || refs.size >= MAX_CACHED) refs.clear()
    refs.set(key, { accountId: found.accountId, useCaseId: found.useCaseId, pair: found.pair })
  }

  const raggedIssue = (n: number) => ({
    column: null,
    reason: `the row has ${n} field${n === 1 ? '' : 's'}, the header has ${header.length}`,
  })

  if (!scan.quote) {
    await splitLines(
      file,
      csv.sniff.encoding,
      csv.sniff.delimiter,
      csv.totalBytes,
      hooks,
      loader,
      (line, lineNo, rowNo) => {
        const fields = line.split(csv.sniff.delimiter)
        const ref: RowRef = { file: name, row: rowNo, line: lineNo }
        let n = fields.length
        while (n > header.length && fields[n - 1] === '') n--
        if (n !== header.length) loader.reject(ref, line, { records: [], issues: [raggedIssue(n)] })
        else row(ref, line, fields)
      },
    )
    return
  }
  let rows = 0
  const total = csv.totalBytes
  for await (const r of csv.rows()) {
    if (r.issue) loader.reject(r.ref, r.raw, { records: [], issues: [r.issue] })
    else
      row(
        r.ref,
        r.raw,
        header.map((h) => r.values[h] ?? ''),
      )
    if (++rows % 20_000 === 0) await loader.drain()
  }
  hooks.bytes(file, total, total)
}

/**
 * Calls `record` for every data line of a quote-free CSV with its physical
 * line and data-row numbers: decoded as sniffed, CRLF and lone CR as LF,
 * blank lines skipped, the first non-blank line (the header) skipped.
 */
async function splitLines(
  file: string,
  encoding: string,
  delimiter: string,
  totalBytes: number,
  hooks: BulkImportHooks,
  loader: UsageLoader,
  record: (line: string, lineNo: number, rowNo: number) => void,
): Promise<void> {
  const decoder = new TextDecoder(encoding)
  const fd = fs.openSync(file, 'r')
  const buffer = Buffer.alloc(READ_BYTES)
  let carry = ''
  let lineNo = 0
  let rowNo = 0
  let seenHeader = false
  let bytes = 0
  let ascii = true
  const take = (line: string): void => {
    lineNo++
    // Blank as the parser sees it: one field of white space (a line of delimiters is a row).
    if (line.trim() === '' && !line.includes(delimiter)) return
    if (!seenHeader) {
      seenHeader = true
      return
    }
    record(line, lineNo, ++rowNo)
  }
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null)
      // ASCII reads the same in every encoding sniffed: while the file is all ASCII, skip the decoder.
      const bytesIn = buffer.subarray(0, n)
      if (ascii && n > 0 && !isAscii(bytesIn)) ascii = false
      const decoded =
        n === 0
          ? ascii
            ? ''
            : decoder.decode()
          : ascii
            ? bytesIn.toString('latin1', 0, n)
            : decoder.decode(bytesIn, { stream: true })
      let text = carry + decoded
      carry = ''
      if (n > 0 && text.endsWith('\r')) {
        carry = '\r'
        text = text.slice(0, -1)
      }
      if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n')
      let start = 0
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        take(text.slice(start, end))
        start = end + 1
      }
      const rest = text.slice(start)
      if (n === 0) {
        if (rest !== '') take(rest)
        break
      }
      carry = rest + carry
      bytes += n
      hooks.bytes(file, bytes, totalBytes)
      await loader.drain()
    }
  } finally {
    fs.closeSync(fd)
  }
}

async function readParquet(file: string, loader: UsageLoader, hooks: BulkImportHooks, context: UsageContext) {
  for await (const slice of readUsageParquet(file)) {
    for (const { row, values, raw } of slice.rows)
      mapSlow(loader, { file: slice.name, row, line: row }, raw, values, slice.columns, context)
    hooks.bytes(slice.name, slice.bytesRead, slice.totalBytes)
    await loader.drain()
  }
}

/** `ImportSource.bulk` for consumption: read, stage, merge. */
export async function bulkImportUsage(
  files: readonly string[],
  sourceContext: SourceContext,
  hooks: BulkImportHooks,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const context: UsageContext = {
    ...sourceContext,
    useCases: sourceContext.useCases ?? createUseCaseMatcher([]),
  }
  const stage = await createConsumptionStage(hooks.tx, hooks.writer, hooks.engine, hooks.runId)
  try {
    const loader = new UsageLoader(stage, hooks)
    for (const file of files) {
      if (/\.parquet$/i.test(file)) await readParquet(file, loader, hooks, context)
      else await readCsv(file, loader, stage, hooks, context)
      await loader.drain(true)
    }
    await stage.settle()
    hooks.checkStrict()
    const outcome = await stage.merge({
      mayRepeat: loader.mayRepeat,
      from: loader.from,
      to: loader.to,
      direct: { rows: loader.directRows, from: loader.directFrom, to: loader.directTo },
    })
    return { inserted: outcome.inserted, updated: outcome.updated, unchanged: outcome.unchanged }
  } finally {
    stage.dispose()
  }
}
