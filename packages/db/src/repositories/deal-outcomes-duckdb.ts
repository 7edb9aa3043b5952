/**
 * The DuckDB read path of the deal-outcome loader, built for 200,000 deals
 * and millions of signal values. A JS object per row and a JS string per
 * signal value are what made the row path slow, so:
 * - the signal keys and raw values are dictionary-encoded in SQL (`ENUM`
 *   casts of the distinct keys and values), each (key, value) pair becomes one
 *   small integer, and each deal's pairs come back as a list of integers,
 *   read straight from the result's typed arrays;
 * - each distinct raw value is normalised once in JS, with the same rules as
 *   the row path (trim, booleans as 'true'/'false', blank dropped);
 * - deals come back as columns (dates as day numbers, owners and segments as
 *   codes, their place in id order from the query) read from the result
 *   chunks, and the outcome objects are built in one pass.
 * Observations are aggregated without ordering (an ordered aggregate costs
 * seconds); a deal whose key has two different non-blank values is re-read
 * with its observations in time order, so the latest one wins as before.
 */
import { listValue, type DuckDBConnection, type DuckDBListVector, type DuckDBVector } from '@duckdb/node-api'
import type { DealOutcome, DealOutcomeFilters } from '@revlab/domain'
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

const TRUE_VALUES = new Set(['true', 'yes', '1', 'y'])
const FALSE_VALUES = new Set(['false', 'no', '0', 'n'])

/** A signal's recorded value as the analyses read it: trimmed, booleans as 'true'/'false'; '' means not recorded. */
export function normaliseSignalValue(raw: string, isBoolean: boolean): string {
  const value = raw.trim()
  if (!isBoolean) return value
  const lower = value.toLowerCase()
  return TRUE_VALUES.has(lower) ? 'true' : FALSE_VALUES.has(lower) ? 'false' : ''
}

/** Deals in the owner scope and segment (alias d); with `created`, also created within [since, asOf] (UTC days). */
function dealWhere(filters: DealOutcomeFilters, scope: OwnerScope, params: Params, created: boolean): string {
  const where: string[] = []
  if (scope.kind === 'owners')
    where.push(
      scope.ownerIds.length
        ? `d.owner_id in (${scope.ownerIds.map((id) => params.add(id)).join(', ')})`
        : 'false',
    )
  if (filters.segment) where.push(`d.segment = ${params.add(filters.segment)}`)
  if (created) {
    // The creation day (UTC) compared as text, as the row path does; as instants when the days are plain dates.
    const day = `strftime(timezone('UTC', d.created_at), '%Y-%m-%d')`
    const instant = (date: string) => `cast(${params.add(`${date}T00:00:00Z`)} as timestamptz)`
    where.push(
      isPlainDate(filters.asOf)
        ? `d.created_at < ${instant(new Date(Date.parse(filters.asOf) + 86_400_000).toISOString().slice(0, 10))}`
        : `${day} <= ${params.add(filters.asOf)}`,
    )
    if (filters.since)
      where.push(
        isPlainDate(filters.since)
          ? `d.created_at >= ${instant(filters.since)}`
          : `${day} >= ${params.add(filters.since)}`,
      )
  }
  return where.length ? where.join(' and ') : 'true'
}

/** A real calendar day written YYYY-MM-DD (so comparing instants equals comparing the text). */
function isPlainDate(date: string): boolean {
  const time = Date.parse(`${date}T00:00:00Z`)
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(date)
  )
}

/** A list column of a chunk: each row's entries as a range of one flat array of integers. */
function listEntries(
  vector: DuckDBListVector,
  rows: number,
): { codes: ArrayLike<number>; offset: (r: number) => number; length: (r: number) => number } {
  const child = vector.childVector
  const codes = numbers(child, child.itemCount)
  // The (offset, length) pairs as 64-bit words; read as 32-bit halves (little-endian) to skip BigInts.
  const raw = (vector as unknown as { entryData?: unknown }).entryData
  if (
    raw instanceof BigUint64Array &&
    raw.length === rows * 2 &&
    new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
  ) {
    const words = new Uint32Array(raw.buffer, raw.byteOffset, rows * 4)
    if (child.itemCount < 2 ** 32)
      return { codes, offset: (r) => words[r * 4] as number, length: (r) => words[r * 4 + 2] as number }
  }
  return { codes, offset: (r) => vector.getEntryOffset(r), length: (r) => vector.getEntryLength(r) }
}

/**
 * The deals in scope with their signals as of the end of `filters.asOf`, and
 * whether any deal in the owner scope and segment has a POC (the `poc` signal
 * is then added to every deal). Undefined when the signal values are too
 * varied for the dictionary encoding; the caller then takes the row path.
 */
export async function readDealOutcomesDuckDb(
  connection: DuckDBConnection,
  filters: DealOutcomeFilters,
  scope: OwnerScope,
  booleans: ReadonlySet<string>,
  dayAfter: string,
): Promise<{ deals: DealOutcome[]; hasPocs: boolean } | undefined> {
  // The dictionary: distinct keys and raw values observed by the end of the as-of day.
  const dictParams = new Params()
  const { keys, values, pairs } = await readSignalDictionary(
    connection,
    `select s.signal_key, s.value from deal_signals s
     where s.observed_at < cast(${dictParams.add(dayAfter)} as timestamptz)
     group by s.signal_key, s.value`,
    dictParams,
  )
  const nKeys = keys.length
  const nValues = values.length
  if (nValues > MAX_VALUES || nKeys * nValues > MAX_PAIR_CODES) return undefined
  if (keys.some((k) => k.includes('\0')) || values.some((v) => v.includes('\0'))) return undefined
  // Each pair's normalised value, once: normOf[code] is an index into normValue, -1 when blank.
  const normOf = new Int32Array(nKeys * nValues).fill(-1)
  const normValue: string[] = []
  const normIndex = new Map<string, number>()
  for (const [ki, vi] of pairs) {
    const value = normaliseSignalValue(values[vi] as string, booleans.has(keys[ki] as string))
    if (value === '') continue
    let ni = normIndex.get(value)
    if (ni === undefined) normIndex.set(value, (ni = normValue.push(value) - 1))
    normOf[ki * nValues + vi] = ni
  }

  const pocParams = new Params()
  let hasPocs = false
  await readChunks(
    connection,
    `select exists (select 1 from pocs p join deals d on d.id = p.deal_id
       where ${dealWhere(filters, scope, pocParams, false)})`,
    pocParams,
    (column) => {
      hasPocs = column(0).getItem(0) === true
    },
  )
  // Owners and segments travel as codes too.
  const ownerSet = new Set<string>()
  const segmentSet = new Set<string>()
  const ownerParams = new Params()
  await readChunks(
    connection,
    `select distinct d.owner_id, d.segment from deals d where ${dealWhere(filters, scope, ownerParams, true)}`,
    ownerParams,
    (column, rows) => {
      for (let r = 0; r < rows; r++) {
        ownerSet.add(column(0).getItem(r) as string)
        segmentSet.add(column(1).getItem(r) as string)
      }
    },
  )
  const owners = [...ownerSet]
  const segments = [...segmentSet]
  for (const list of [owners, segments])
    if (list.length > MAX_VALUES || list.some((v) => v.includes('\0'))) return undefined
  if (owners.length === 0 || segments.length === 0) return { deals: [], hasPocs }

  // Each deal's row: its columns as numbers, and its observations as a list of pair codes.
  const slot: string[] = new Array(nKeys).fill('')
  const mark = new Int32Array(nKeys)
  let stamp = 0
  // A deal's signal values from its observations in order (a later non-blank value replaces an
  // earlier one). With `strict`, undefined when a key has two different non-blank values: their order matters.
  const apply = (
    codes: ArrayLike<number>,
    from: number,
    to: number,
    poc: string | undefined,
    strict: boolean,
  ) => {
    stamp++
    for (let j = from; j < to; j++) {
      const c = codes[j] as number
      const ni = normOf[c] as number
      if (ni < 0) continue
      const ki = (c / nValues) | 0
      const value = normValue[ni] as string
      if (strict && mark[ki] === stamp && slot[ki] !== value) return undefined
      mark[ki] = stamp
      slot[ki] = value
    }
    // Keys always added in the same order, so records share their hidden classes.
    const own: Record<string, string> = {}
    for (let k = 0; k < nKeys; k++) if (mark[k] === stamp) own[keys[k] as string] = slot[k] as string
    if (poc !== undefined) own.poc = poc
    return own
  }
  const enumOf = (list: readonly string[]): string => `ENUM(${list.map(literal).join(', ')})`
  const code =
    nKeys && nValues
      ? `enum_code(try_cast(s.signal_key as ${enumOf(keys)}))::int * ${nValues}
       + enum_code(try_cast(s.value as ${enumOf(values)}))::int`
      : 'null::int'
  // Signals of deals outside the owner scope, segment and since date are left out early when
  // those narrow the deals; otherwise the join to the deals drops them (a filter would cost more).
  const narrowed = scope.kind === 'owners' || Boolean(filters.segment) || Boolean(filters.since)
  const observed = (params: Params, extra: string): string => `
    select s.deal_id, s.observed_at, s.id, ${code} as c from deal_signals s
    where s.observed_at < cast(${params.add(dayAfter)} as timestamptz)${
      narrowed
        ? ` and s.deal_id in (select d.id from deals d where ${dealWhere(filters, scope, params, true)})`
        : ''
    }${extra}`
  const params = new Params()
  const asOf = params.add(filters.asOf)
  const POC = ['none', 'free', 'paid']
  let deals: DealOutcome[] = []
  const conflicts: string[] = []
  const conflictAt = new Map<string, [number, string | undefined]>()
  let unknown = false
  await readChunks(
    connection,
    `with poc as (
       select p.deal_id, max(p.paid::int) as paid from pocs p
       where cast(p.started_at as varchar) <= ${asOf} group by p.deal_id
     ),
     sig as (select deal_id, list(c) as codes from (${observed(params, '')}) where c is not null group by deal_id)
     select d.id, (row_number() over (order by d.id) - 1)::int as position,
       coalesce(enum_code(try_cast(d.owner_id as ${enumOf(owners)}))::int, -1) as owner,
       coalesce(enum_code(try_cast(d.segment as ${enumOf(segments)}))::int, -1) as segment,
       floor(epoch_us(d.created_at) / 86400000000)::int as created_day,
       (d.close_date - date '1970-01-01')::int as close_day,
       d.is_closed::int + 2 * d.is_won::int + 4 * coalesce(poc.paid + 1, 0) as flags,
       d.amount_cents::double as amount,
       coalesce(sig.codes, []::int[]) as codes
     from deals d left join poc on poc.deal_id = d.id left join sig on sig.deal_id = d.id
     where ${dealWhere(filters, scope, params, true)}`,
    params,
    (column, rows) => {
      const id = column(0) as DuckDBVector<string>
      const position = numbers(column(1), rows)
      const owner = numbers(column(2), rows)
      const segment = numbers(column(3), rows)
      const createdDay = numbers(column(4), rows)
      const closeDay = numbers(column(5), rows)
      const flag = numbers(column(6), rows)
      const amount = numbers(column(7), rows)
      const lists = listEntries(column(8) as DuckDBListVector, rows)
      for (let r = 0; r < rows; r++) {
        const at = position[r] as number
        const dealId = id.getItem(r) as string
        const o = owner[r] as number
        const sg = segment[r] as number
        if (o < 0 || sg < 0) unknown = true
        const flags = flag[r] as number
        const poc = hasPocs ? (POC[flags >> 2] as string) : undefined
        let own = apply(lists.codes, lists.offset(r), lists.offset(r) + lists.length(r), poc, true)
        if (!own) {
          conflictAt.set(dealId, [at, poc])
          conflicts.push(dealId)
          own = {}
        }
        const closeDate = dayString(closeDay[r] as number)
        const isClosed = (flags & 1) === 1 && closeDate <= filters.asOf
        deals[at] = {
          id: dealId,
          ownerId: owners[o] as string,
          segment: segments[sg] as string,
          createdOn: dayString(createdDay[r] as number),
          closeDate,
          isClosed,
          isWon: isClosed && (flags & 2) === 2,
          amountCents: amount[r] as number,
          signals: own,
        }
      }
    },
    (rowCount) => {
      deals = new Array<DealOutcome>(rowCount)
    },
  )
  if (unknown) return undefined // a deal written between the queries: read again by rows
  if (conflicts.length > 0) {
    const params = new Params()
    const only = ` and s.deal_id in (select unnest(${params.add(listValue(conflicts))}::varchar[]))`
    await readChunks(
      connection,
      `select deal_id, list(c order by observed_at, id) from (${observed(params, only)})
       where c is not null group by deal_id`,
      params,
      (column, rows) => {
        const dealId = column(0) as DuckDBVector<string>
        const lists = listEntries(column(1) as DuckDBListVector, rows)
        for (let r = 0; r < rows; r++) {
          const [at, poc] = conflictAt.get(dealId.getItem(r) as string) as [number, string | undefined]
          const deal = deals[at] as DealOutcome
          const from = lists.offset(r)
          deal.signals = apply(lists.codes, from, from + lists.length(r), poc, false) as Record<
            string,
            string
          >
        }
      },
    )
  }
  return { deals, hasPocs }
}
