/**
 * The DuckDB read path of the forecast loader, built for 200,000 deals with
 * millions of dated signal values and stage entries. A JS object per row and
 * a `Date` per timestamp are what made the row path slow (minutes at that
 * size), so, as the deal-outcome loader does (deal-outcomes-duckdb.ts):
 * - signal keys and raw values are dictionary-encoded in SQL (`ENUM` casts of
 *   the distinct keys and values) into one small integer per (key, value)
 *   pair, and each distinct pair is normalised once in JS with the row path's
 *   rules (trim, booleans as 'true'/'false', blank dropped);
 * - stage keys are encoded the same way; probabilities come as a number column;
 * - every instant comes as a number (deal dates as day numbers, signal and
 *   stage times as microseconds), its 'YYYY-MM-DD' text made once per day;
 * - each table is read as columns from the result chunks (typed arrays where
 *   the vector has one), each row tagged with its deal's place in id order;
 * - signal and stage rows come unordered (sorting millions of rows by their
 *   text ids costs seconds in SQL) and are put in the row path's order in JS:
 *   by deal, then time; only the few deals with differing rows at one
 *   instant are read again ordered by row id.
 * The output equals the row path's (forecast.db.test.ts checks it).
 */
import type { DuckDBConnection } from '@duckdb/node-api'
import type { ForecastDealInput } from '@revlab/domain'
import { normaliseSignalValue } from './deal-outcomes-duckdb.js'
import {
  MAX_ENCODED_VALUES as MAX_VALUES,
  MAX_PAIR_CODES,
  Params,
  dayString,
  literal,
  numbers,
  readChunks,
  readSignalDictionary,
} from '../dialects/duckdb-columns.js'
import type { OwnerScope } from './owner-scope.js'

const POC_KEY = 'poc'

const enumOf = (list: readonly string[]): string => `ENUM(${list.map(literal).join(', ')})`
/** A text column as its place in `list` (-1 when not there). */
const codeOf = (column: string, list: readonly string[]): string =>
  list.length ? `coalesce(enum_code(try_cast(${column} as ${enumOf(list)}))::int, -1)` : '-1'
/** A timestamptz column as its UTC day number. */
const dayOfInstant = (column: string): string => `floor(epoch_us(${column}) / 86400000000)::int`
/** A date column as its day number. */
const dayOfDate = (column: string): string => `(${column} - date '1970-01-01')::int`

/** Numeric columns of a result, copied out of its chunks into one array each. */
async function readColumns(
  connection: DuckDBConnection,
  sql: string,
  params: Params,
  width: number,
): Promise<Float64Array[]> {
  const result = await connection.run(sql, params.values.length ? params.values : undefined)
  let columns = Array.from({ length: width }, () => new Float64Array(result.rowCount))
  let at = 0
  for (;;) {
    const chunk = await result.fetchChunk()
    if (!chunk || chunk.rowCount === 0) break
    if (at + chunk.rowCount > (columns[0]?.length ?? 0))
      // More rows than announced: grow (not expected of a materialized result).
      columns = columns.map((c) => {
        const grown = new Float64Array(2 * (at + chunk.rowCount))
        grown.set(c.subarray(0, at))
        return grown
      })
    for (let i = 0; i < width; i++) columns[i]?.set(numbers(chunk.getColumnVector(i), chunk.rowCount), at)
    at += chunk.rowCount
  }
  return columns.map((c) => c.subarray(0, at))
}

type Arranged = { columns: Float64Array[]; order: Int32Array; start: Int32Array }

/**
 * History rows (column 0 the deal's place, 1 the instant in µs, 2 a code) in
 * deal order, then time order, keeping the read order among equal instants:
 * a permutation with each deal's range. `tied` lists the deals with two rows
 * at one instant whose codes differ (their order then needs the row ids).
 */
function arrange(columns: Float64Array[], nDeals: number): Arranged & { tied: number[]; unknown: boolean } {
  const [position, time, code] = columns as [Float64Array, Float64Array, Float64Array]
  const n = position.length
  const start = new Int32Array(nDeals + 1)
  let unknown = false
  for (let r = 0; r < n; r++) {
    const p = position[r] as number
    if (p >= 0 && p < nDeals) start[p + 1] = (start[p + 1] as number) + 1
    else unknown = true
  }
  for (let p = 0; p < nDeals; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number)
  const next = start.slice(0, nDeals)
  const order = new Int32Array(start[nDeals] as number)
  for (let r = 0; r < n; r++) {
    const p = position[r] as number
    if (p >= 0 && p < nDeals) order[(next[p] as number)++] = r
  }
  const tied: number[] = []
  for (let p = 0; p < nDeals; p++) {
    const from = start[p] as number
    const to = start[p + 1] as number
    // Insertion sort by time (stable; a deal has a handful of rows).
    for (let i = from + 1; i < to; i++) {
      const r = order[i] as number
      const t = time[r] as number
      let j = i - 1
      while (j >= from && (time[order[j] as number] as number) > t) {
        order[j + 1] = order[j] as number
        j--
      }
      order[j + 1] = r
    }
    for (let i = from + 1; i < to; i++) {
      const a = order[i - 1] as number
      const b = order[i] as number
      if (time[a] === time[b] && code[a] !== code[b]) {
        tied.push(p)
        break
      }
    }
  }
  return { columns, order, start, tied, unknown }
}

/**
 * A history table in deal, time and row-id order, visited row by row. Read in
 * any order and arranged in JS (sorting millions of rows by their text ids in
 * SQL costs seconds); the few deals with differing rows at one instant are
 * read again in row-id order. `query(params, only)` selects the columns; with
 * `only` (a condition on d.position) it must also order by place, time and id.
 * False when a row points outside the deals read (a write between the queries).
 */
async function readHistory(
  connection: DuckDBConnection,
  query: (params: Params, only: string) => string,
  width: number,
  nDeals: number,
  visitor: (columns: Float64Array[]) => (row: number, deal: number) => void,
): Promise<boolean> {
  const params = new Params()
  const main = arrange(await readColumns(connection, query(params, ''), params, width), nDeals)
  let again: Arranged | undefined
  if (main.tied.length > 0) {
    const tiedParams = new Params()
    const only = `d.position in (${main.tied.join(', ')})`
    again = arrange(await readColumns(connection, query(tiedParams, only), tiedParams, width), nDeals)
  }
  const tied = new Set(main.tied)
  const visitMain = visitor(main.columns)
  const visitAgain = again ? visitor(again.columns) : visitMain
  for (let p = 0; p < nDeals; p++) {
    const useAgain = again !== undefined && tied.has(p)
    const from = useAgain && again ? again : main
    const visit = useAgain ? visitAgain : visitMain
    for (let i = from.start[p] as number; i < (from.start[p + 1] as number); i++)
      visit(from.order[i] as number, p)
  }
  return !main.unknown
}

const US_PER_DAY = 86_400_000_000

/** Deals in the owner scope (alias d). */
function dealWhere(scope: OwnerScope, params: Params): string {
  if (scope.kind === 'all') return 'true'
  return scope.ownerIds.length
    ? `d.owner_id in (${scope.ownerIds.map((id) => params.add(id)).join(', ')})`
    : 'false'
}

/** Distinct strings of one column, in first-seen order. */
async function distinct(connection: DuckDBConnection, sql: string): Promise<string[]> {
  const out: string[] = []
  await readChunks(connection, sql, new Params(), (column, rows) => {
    const v = column(0)
    for (let r = 0; r < rows; r++) out.push(v.getItem(r) as string)
  })
  return out
}

/**
 * The deals in scope, in id order, with their dated signals (POCs added as
 * the `poc` signal) and stages, and whether any of them has a POC. Undefined
 * when the store is too varied for the dictionary encoding, or changed between
 * the queries: the caller then takes the row path.
 */
export async function readForecastDealsDuckDb(
  connection: DuckDBConnection,
  scope: OwnerScope,
  booleans: ReadonlySet<string>,
): Promise<{ deals: ForecastDealInput[]; hasPocs: boolean } | undefined> {
  // The signal dictionary: distinct keys and raw values, each (key, value) pair normalised once.
  const { keys, values, pairs } = await readSignalDictionary(
    connection,
    'select signal_key, value from deal_signals group by signal_key, value',
    new Params(),
  )
  const nKeys = keys.length
  const nValues = values.length
  if (nKeys > MAX_VALUES || nValues > MAX_VALUES || nKeys * nValues > MAX_PAIR_CODES) return undefined
  const stageKeys = await distinct(connection, 'select distinct key from stages')
  // Owners and kinds travel as codes too.
  const ownerIds = await distinct(connection, 'select distinct owner_id from deals')
  const kinds = await distinct(connection, 'select distinct kind from deals')
  const lists = [keys, values, stageKeys, ownerIds, kinds]
  if (lists.some((list) => list.length > MAX_VALUES || list.some((s) => s.includes('\0')))) return undefined
  // normKey/normValue[code]: the pair's key and normalised value; undefined value when blank.
  const normKey: string[] = new Array(nKeys * nValues)
  const normValue: (string | undefined)[] = new Array(nKeys * nValues)
  const normalised = new Map<string, string>()
  for (const [ki, vi] of pairs) {
    const key = keys[ki] as string
    const value = normaliseSignalValue(values[vi] as string, booleans.has(key))
    if (value === '') continue
    let shared = normalised.get(value)
    if (shared === undefined) normalised.set(value, (shared = value))
    normKey[ki * nValues + vi] = key
    normValue[ki * nValues + vi] = shared
  }

  // The deals in scope with their place in id order, shared by every query below.
  const scoped = (params: Params): string => `
    select d.id, d.stage_model_id, (row_number() over (order by d.id) - 1)::int as position
    from deals d where ${dealWhere(scope, params)}`

  let unknown = false
  const deals: ForecastDealInput[] = []
  const dealParams = new Params()
  await readChunks(
    connection,
    `select d.id, ${codeOf('d.owner_id', ownerIds)} as owner, ${codeOf('d.kind', kinds)} as kind,
       d.amount_cents::double as amount,
       ${dayOfInstant('d.created_at')} as created_day, ${dayOfDate('d.close_date')} as close_day,
       d.is_closed::int + 2 * d.is_won::int as flags
     from deals d where ${dealWhere(scope, dealParams)} order by d.id`,
    dealParams,
    (column, rows) => {
      const id = column(0)
      const owner = numbers(column(1), rows)
      const kind = numbers(column(2), rows)
      const amount = numbers(column(3), rows)
      const createdDay = numbers(column(4), rows)
      const closeDay = numbers(column(5), rows)
      const flag = numbers(column(6), rows)
      for (let r = 0; r < rows; r++) {
        const flags = flag[r] as number
        const o = owner[r] as number
        const k = kind[r] as number
        if (o < 0 || k < 0) unknown = true // written after the lists were read
        deals.push({
          id: id.getItem(r) as string,
          ownerId: ownerIds[o] as string,
          kind: kinds[k] as string,
          amountCents: amount[r] as number,
          createdOn: dayString(createdDay[r] as number),
          closeDate: dayString(closeDay[r] as number),
          isClosed: (flags & 1) === 1,
          isWon: flags === 3,
          signals: [],
          stages: [],
        })
      }
    },
  )

  // Signals in the row path's order: by deal, then observed, then row id. Blank values dropped.
  const code =
    nKeys && nValues
      ? `coalesce(enum_code(try_cast(s.signal_key as ${enumOf(keys)}))::int * ${nValues}
         + enum_code(try_cast(s.value as ${enumOf(values)}))::int, -1)`
      : '-1'
  const signalsRead = await readHistory(
    connection,
    (params, only) => `with d as (${scoped(params)})
     select d.position, epoch_us(s.observed_at)::double as t, ${code} as c
     from deal_signals s join d on d.id = s.deal_id
     ${only ? `where ${only} order by d.position, s.observed_at, s.id` : ''}`,
    3,
    deals.length,
    ([, time, codes]) =>
      (r, p) => {
        const c = codes?.[r] as number
        if (c < 0) {
          unknown = true // a key or value written after the dictionary was read
          return
        }
        const value = normValue[c]
        if (value === undefined) return
        const day = Math.floor((time?.[r] as number) / US_PER_DAY)
        ;(deals[p] as ForecastDealInput).signals.push({
          key: normKey[c] as string,
          value,
          observedOn: dayString(day),
        })
      },
  )
  if (!signalsRead) return undefined

  // POCs as the `poc` signal: a free POC may turn paid; a paid one stays paid.
  let hasPocs = false
  const withPocs = new Set<ForecastDealInput>()
  const pocParams = new Params()
  await readChunks(
    connection,
    `with d as (${scoped(pocParams)})
     select d.position, p.paid::int as paid, ${dayOfDate('p.started_at')} as day
     from pocs p join d on d.id = p.deal_id
     order by d.position, p.started_at, p.id`,
    pocParams,
    (column, rows) => {
      const position = numbers(column(0), rows)
      const paid = numbers(column(1), rows)
      const day = numbers(column(2), rows)
      for (let r = 0; r < rows; r++) {
        hasPocs = true
        const deal = deals[position[r] as number]
        if (!deal) {
          unknown = true
          continue
        }
        const paidBefore = deal.signals.some((s) => s.key === POC_KEY && s.value === 'paid')
        deal.signals.push({
          key: POC_KEY,
          value: paidBefore || paid[r] === 1 ? 'paid' : 'free',
          observedOn: dayString(day[r] as number),
        })
        withPocs.add(deal)
      }
    },
  )
  // Only a deal with POCs can be out of day order (the rest came ordered); the sort is stable.
  for (const deal of withPocs)
    deal.signals.sort((a, b) => (a.observedOn < b.observedOn ? -1 : a.observedOn > b.observedOn ? 1 : 0))

  // Stages the deal entered that belong to its stage model, with the model's probability.
  const stageCode = codeOf('h.stage_key', stageKeys)
  const stagesRead = await readHistory(
    connection,
    (params, only) => `with d as (${scoped(params)})
     select d.position, epoch_us(h.entered_at)::double as t, ${stageCode} as k,
       st.probability::double as probability
     from deal_stage_history h join d on d.id = h.deal_id
     join stages st on st.stage_model_id = d.stage_model_id and st.key = h.stage_key
     ${only ? `where ${only} order by d.position, h.entered_at, h.id` : ''}`,
    4,
    deals.length,
    ([, time, key, probability]) =>
      (r, p) => {
        const k = key?.[r] as number
        if (k < 0) {
          unknown = true
          return
        }
        ;(deals[p] as ForecastDealInput).stages.push({
          key: stageKeys[k] as string,
          enteredOn: dayString(Math.floor((time?.[r] as number) / US_PER_DAY)),
          probability: probability?.[r] as number,
        })
      },
  )
  if (!stagesRead) return undefined
  return unknown ? undefined : { deals, hasPocs }
}
