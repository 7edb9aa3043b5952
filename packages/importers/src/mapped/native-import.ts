/**
 * The mapped source's native path: the engine reads the CSV file itself
 * (DuckDB `read_csv`, PostgreSQL `COPY`) into a raw table of text cells
 * inside the import's transaction, the mapping runs as SQL (see
 * `compileMappingSql`), and the deals it makes go into the staging table
 * the row-by-row path fills (their signals are read from the mapped rows
 * through a view, not copied), so the same set-based merge counts and
 * writes them. Rows the SQL cannot vouch for go through `mapDealRow` in file
 * order (its rejects and reasons unchanged); the owners and accounts rows
 * name are resolved once each, in order of first appearance, by the same
 * matchers, and joined back in SQL. Taken only for files the engine reads
 * exactly as `openCsv` does (see `checkNativeCsv`).
 */
import { querySqlText, runSqlText, withEngineProgress } from '@revlab/db'
import type { NativeStageHooks, SourceContext } from '../framework/run-import.js'
import type { CsvFile } from '../framework/read-csv.js'
import { mapDealRow, referDealParties } from './map-deal-row.js'
import type { DealMapping } from './mapping.js'
import { compileMappingSql, isExcluded, lit, type CompiledMapping } from './mapping-sql.js'
import { checkNativeCsv } from './native-csv-check.js'

const run = runSqlText

/** How a file goes natively: its compiled mapping, its work tables' prefix, its rows. */
export type NativePlan = { compiled: CompiledMapping; prefix: string; rows: number }

/** Files looked at so far, per import. */
const files = new WeakMap<NativeStageHooks, number>()

/** Why `file` cannot take the native path (undefined: it can), and how many rows it has. */
export function nativeVerdict(
  csv: CsvFile,
  file: string,
  mapping: DealMapping,
  hooks: NativeStageHooks,
): NativePlan | { reason: string } {
  if (csv.sniff.bom || csv.sniff.encoding !== 'utf-8') return { reason: 'not plain UTF-8' }
  if (csv.header.length < 2) return { reason: 'a one-column file' }
  // Work tables are named per file: a file's mapped rows live on until the merge.
  const n = (files.get(hooks) ?? 0) + 1
  files.set(hooks, n)
  const prefix = `native_${hooks.tag}_${n}`
  const compiled = compileMappingSql(mapping, csv.header, hooks.engine, prefix)
  if (!compiled) return { reason: 'the mapping has no exact SQL form' }
  const check = checkNativeCsv(file, csv.sniff.delimiter, csv.header.length)
  if (!check.ok) return { reason: check.reason }
  return { compiled, prefix, rows: check.rows }
}

/** Loads the file's cells into `table` (`c1`…`cN` text, and `seq` from 1 in file order); returns the seq expression. */
async function loadRaw(
  hooks: NativeStageHooks,
  table: string,
  file: string,
  csv: CsvFile,
  offset: number,
): Promise<string> {
  const { tx, engine, writer } = hooks
  const cols = csv.header.map((_, i) => `c${i + 1}`)
  if (engine === 'duckdb') {
    const columns = cols.map((c) => `${lit(c)}: 'varchar'`).join(', ')
    await withEngineProgress(
      tx,
      (fraction) => hooks.bytes(file, Math.round(fraction * csv.totalBytes), csv.totalBytes),
      () =>
        run(
          tx,
          `create table ${table} as select * from read_csv(${lit(file)}, header = false, skip = 1, all_varchar = true,
        delim = ${lit(csv.sniff.delimiter)}, quote = '"', escape = '"',
        auto_detect = false, strict_mode = true, columns = {${columns}})`,
        ),
    )
    // Rows a transaction adds get row ids from a high base, in the order read_csv hands them over (file order).
    const rows = await querySqlText<{ base: unknown }>(tx, `select min(rowid) as base from ${table}`)
    return `(rowid - ${String(rows[0]?.base ?? 0)} + ${offset + 1})`
  }
  await run(
    tx,
    `create unlogged table ${table} (seq bigint generated always as identity, ${cols.map((c) => `${c} text`).join(', ')})`,
  )
  if (!writer.copyCsvFile) throw new Error('the PostgreSQL bulk writer cannot COPY a file')
  await writer.copyCsvFile(table, cols, file, csv.sniff.delimiter)
  await run(tx, `analyze ${table}`)
  return `(seq + ${offset})`
}

/** Fills a lookup table with each distinct cell of its column that the mapping accepts. */
async function fillLookups(
  hooks: NativeStageHooks,
  compiled: CompiledMapping,
  rawTable: string,
): Promise<void> {
  const { tx, writer } = hooks
  for (const l of compiled.lookups) {
    const rows = await querySqlText<{ v: string }>(tx, `select distinct ${l.cell} as v from ${rawTable}`)
    await run(tx, `create table ${l.table} (v varchar, out varchar)`)
    const kept: { v: string; out: string | null }[] = []
    for (const { v } of rows) {
      const out = l.out(v)
      if (!isExcluded(out)) kept.push({ v, out })
    }
    if (kept.length > 0) await writer.append(l.table as never, kept)
  }
}

/** The ids the first rows naming each account and owner got, to join back in SQL. */
type Parties = {
  accounts: Map<string, string>
  owners: Map<string, { name: string; email: string; id: string }>
}

/**
 * Visits, in file order, the rows mapped in JS (staged or quarantined
 * through `hooks.row`) and the first row naming each account and owner
 * (referred to through the matchers, as `mapDealRow` would at that row).
 */
async function visitInFileOrder(
  csv: CsvFile,
  mapping: DealMapping,
  context: SourceContext,
  hooks: NativeStageHooks,
  events: string,
  offset: number,
): Promise<Parties> {
  const parties: Parties = { accounts: new Map(), owners: new Map() }
  type Event = { seq: unknown; ok: unknown; account_name: string; owner_name: string; owner_email: string }
  let after = 0
  for (;;) {
    const rows = await querySqlText<Event & Record<string, string | null>>(
      hooks.tx,
      `select * from ${events} where seq > ${after} order by seq limit 2000`,
    )
    if (rows.length === 0) return parties
    for (const e of rows) {
      const seq = Number(e.seq)
      after = seq
      if (e.ok === true || e.ok === 1) {
        const refer = referDealParties(context, e.account_name, e.owner_name, e.owner_email)
        hooks.refer(refer.records)
        parties.accounts.set(e.account_name, refer.accountId)
        parties.owners.set(`${e.owner_name}\u0001${e.owner_email}`, {
          name: e.owner_name,
          email: e.owner_email,
          id: refer.ownerId,
        })
        continue
      }
      const fields = csv.header.map((_, i) => e[`c${i + 1}`] ?? '')
      const values: Record<string, string> = {}
      csv.header.forEach((h, i) => (values[h] = fields[i] ?? ''))
      const row = seq - offset
      await hooks.row(
        seq,
        { file: csv.name, row, line: row + 1 },
        fields.join(csv.sniff.delimiter),
        mapDealRow(values, mapping, context),
      )
    }
  }
}

/** The `ok` rows' deals into the deals staging table, owners and accounts joined by name. */
function stagedDealsInsert(
  stageTable: string,
  mapped: string,
  accounts: string,
  owners: string,
  mapping: DealMapping,
  compiled: CompiledMapping,
): string {
  const flag = (which: 'isClosed' | 'isWon'): string =>
    `case m.stage_key ${compiled.stages.map((s) => `when ${lit(s.key)} then ${s[which] ? 'true' : 'false'}`).join(' ')} end`
  return `insert into ${stageTable} (id, name, account_id, owner_id, se_id, kind, stage_model_id, stage_key,
      amount_cents, currency, created_at, close_date, is_closed, is_won, loss_reason, competitor, source, segment,
      region, go_live_target, go_live_date, use_case_status, expected_monthly_cents, import_seq, import_key)
    select m.deal_id, m.name, a.id, o.id, null, 'new_logo', ${lit(mapping.stageModel.id)}, m.stage_key,
      m.amount_cents, m.currency, m.created_at, m.close_day, ${flag('isClosed')}, ${flag('isWon')},
      m.loss_reason, m.competitor, m.source, m.segment, m.region, null, null, null, null, m.seq, m.deal_id
    from ${mapped} m join ${accounts} a on a.name = m.account_name
      join ${owners} o on o.name = m.owner_name and o.email = m.owner_email
    where m.ok`
}

/** The `ok` rows' signals, one select per signal column (empty cells make none), as the stage's columns. */
const signalRowsSelect = (mapped: string, compiled: CompiledMapping): string =>
  compiled.signals
    .map(
      (s, i) => `select concat(m.deal_id, ${lit(`:${s.key}`)}) as id, m.deal_id, ${lit(s.key)} as signal_key,
        m.s${i + 1} as value, m.created_at as observed_at, 'import' as source, ${lit(s.evidence)} as evidence,
        cast(null as varchar) as strength, cast(null as varchar) as recorded_by, m.seq as import_seq
      from ${mapped} m where m.ok and m.s${i + 1} <> ''`,
    )
    .join(' union all ')

/**
 * Imports one file natively: `hooks` count its rows, stage what it makes and
 * quarantine its bad rows. `plan` is `nativeVerdict`'s answer for it.
 */
export async function importNative(
  file: string,
  csv: CsvFile,
  mapping: DealMapping,
  context: SourceContext,
  hooks: NativeStageHooks,
  plan: NativePlan,
): Promise<void> {
  const { tx, writer, stage } = hooks
  const { compiled } = plan
  const name = (what: string): string => `${plan.prefix}_${what}`
  const [R, M, E, RA, RO] = ['raw', 'mapped', 'events', 'accounts', 'owners'].map(name) as [
    string,
    string,
    string,
    string,
    string,
  ]
  const offset = hooks.reserve(plan.rows)
  const seqExpr = await loadRaw(hooks, R, file, csv, offset)
  const rawRows = `(select ${seqExpr} as seq, ${csv.header.map((_, i) => `c${i + 1}`).join(', ')} from ${R})`
  const counted = await querySqlText<{ n: unknown }>(tx, `select count(*) as n from ${R}`)
  if (Number(counted[0]?.n ?? 0) !== plan.rows)
    throw new Error(`${csv.name}: the engine read ${String(counted[0]?.n)} rows, the file has ${plan.rows}`)
  await fillLookups(hooks, compiled, R)
  await run(tx, `create table ${M} as ${compiled.mappedSelect(rawRows)}`)
  if (hooks.engine === 'postgres') await run(tx, `analyze ${M}`)

  // Rows mapped in JS, and the first row naming each account and owner, in file order.
  await run(
    tx,
    `create table ${E} as
      select m.seq, m.ok, m.account_name, m.owner_name, m.owner_email,
        ${csv.header.map((_, i) => `case when m.ok then null else r.c${i + 1} end as c${i + 1}`).join(', ')}
      from ${M} m join ${rawRows} r on r.seq = m.seq
      where not m.ok
        or m.seq in (select min(seq) from ${M} where ok group by account_name)
        or m.seq in (select min(seq) from ${M} where ok group by owner_name, owner_email)`,
  )
  const parties = await visitInFileOrder(csv, mapping, context, hooks, E, offset)
  await run(tx, `create table ${RA} (name varchar, id varchar)`)
  await run(tx, `create table ${RO} (name varchar, email varchar, id varchar)`)
  if (parties.accounts.size > 0)
    await writer.append(
      RA as never,
      [...parties.accounts].map(([n, id]) => ({ name: n, id })),
    )
  if (parties.owners.size > 0) await writer.append(RO as never, [...parties.owners.values()])

  const names = await stage.openPrimary('deals', { columns: ['id'] }, true)
  await run(tx, stagedDealsInsert(names.get('deals') ?? '', M, RA, RO, mapping, compiled))
  // The merge reads the signals straight from the mapped rows (see `childRows`): no copy.
  const keep = names.has('deal_signals') && compiled.signals.length > 0
  if (keep) stage.childRows('deal_signals', signalRowsSelect(M, compiled), [M])
  for (const t of [R, E, RA, RO, ...(keep ? [] : [M]), ...compiled.lookups.map((l) => l.table)])
    await run(tx, `drop table ${t}`)
}
