/**
 * Deal outcomes for win patterns and cycle time, point in time: deals created
 * on or before the as-of date, closed only if they closed by then, and each
 * signal's latest value observed by the end of that day. A deal's POC adds a
 * derived signal `poc` (none / free / paid) once the POC has started.
 * On DuckDB the columnar read path (deal-outcomes-duckdb.ts) does the work;
 * the row path below serves PostgreSQL and stores it cannot encode.
 */
import { sql, type Kysely } from 'kysely'
import type { DealOutcome, DealOutcomeFilters, DealOutcomeInputs, DealOutcomeSignal } from '@revlab/domain'
import { withDuckDbConnection } from '../dialects/duckdb-dialect.js'
import type { Database } from '../schema.js'
import { normaliseSignalValue, readDealOutcomesDuckDb } from './deal-outcomes-duckdb.js'
import type { OwnerScope } from './owner-scope.js'

export const POC_SIGNAL: DealOutcomeSignal = { key: 'poc', label: 'POC', group: 'poc', valueType: 'category' }

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))

/** Distinct (key, value) pairs remembered while reading (free-text values could be many). */
const MAX_CLEANED_PAIRS = 100_000

const dateOf = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)

export async function loadDealOutcomeInputs(
  db: Kysely<Database>,
  filters: DealOutcomeFilters,
  scope: OwnerScope = { kind: 'all' },
): Promise<DealOutcomeInputs> {
  const asOf = filters.asOf
  const definitions = await db
    .selectFrom('signal_definitions')
    .select(['key', 'label', 'group', 'value_type'])
    .orderBy('key')
    .execute()
  const signals: DealOutcomeSignal[] = definitions.map((d) => ({
    key: d.key,
    label: d.label,
    group: d.group,
    valueType: d.value_type === 'boolean' || d.value_type === 'number' ? d.value_type : 'category',
  }))
  const booleans = new Set(definitions.filter((d) => d.value_type === 'boolean').map((d) => d.key))
  // Signals observed by the end of the as-of day (UTC).
  const dayAfter = new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000).toISOString()
  const read =
    (await withDuckDbConnection(db, (connection) =>
      readDealOutcomesDuckDb(connection, filters, scope, booleans, dayAfter),
    )) ?? (await readDealOutcomeRows(db, filters, scope, booleans, dayAfter))
  if (read.hasPocs) signals.push(POC_SIGNAL)
  return { asOf, signals, deals: read.deals }
}

/** The row path (PostgreSQL, and DuckDB stores whose signal values are too varied to encode). */
async function readDealOutcomeRows(
  db: Kysely<Database>,
  filters: DealOutcomeFilters,
  scope: OwnerScope,
  booleans: ReadonlySet<string>,
  dayAfter: string,
): Promise<{ deals: DealOutcome[]; hasPocs: boolean }> {
  let deals = db.selectFrom('deals as d')
  if (scope.kind === 'owners') {
    deals = scope.ownerIds.length
      ? deals.where('d.owner_id', 'in', scope.ownerIds)
      : deals.where(sql<boolean>`false`)
  }
  if (filters.segment) deals = deals.where('d.segment', '=', filters.segment)
  const dealRows = await deals
    .select([
      'd.id',
      'd.owner_id',
      'd.segment',
      'd.created_at',
      'd.close_date',
      'd.is_closed',
      'd.is_won',
      'd.amount_cents',
    ])
    .orderBy('d.id')
    .execute()
  const asOf = filters.asOf
  const kept = dealRows.filter((d) => {
    const created = dateOf(d.created_at)
    return created <= asOf && (!filters.since || created >= filters.since)
  })
  // Signals fetched as one row per deal: its (key, value) pairs joined in
  // observation order with control characters, which is far cheaper than a row
  // per signal. Values holding those characters fall back to the row-per-signal query.
  // Unscoped, no join with deals (half the query's time): signals of deals not kept are never looked up.
  const scoped = scope.kind === 'owners' || Boolean(filters.segment)
  const observed = scoped
    ? deals
        .innerJoin('deal_signals as s', 's.deal_id', 'd.id')
        .where('s.observed_at', '<', sql<string>`cast(${dayAfter} as timestamptz)`)
    : db
        .selectFrom('deal_signals as s')
        .where('s.observed_at', '<', sql<string>`cast(${dayAfter} as timestamptz)`)
  const byDeal = new Map<string, Record<string, string>>()
  /** Observations in time order, the latest non-blank value of a key winning. */
  const readInOrder = async (dealIds: readonly string[] | null): Promise<void> => {
    const chunks = dealIds === null ? [null] : chunk(dealIds, 5_000)
    for (const ids of chunks) {
      const rows = await (ids === null ? observed : observed.where('s.deal_id', 'in', ids))
        .select(['s.deal_id', 's.signal_key', 's.value'])
        .orderBy('s.deal_id')
        .orderBy('s.observed_at')
        .execute()
      for (const id of ids ?? []) byDeal.set(id, {})
      for (const r of rows) {
        const own = byDeal.get(r.deal_id) ?? {}
        const value = normaliseSignalValue(r.value, booleans.has(r.signal_key))
        if (value !== '') own[r.signal_key] = value
        byDeal.set(r.deal_id, own)
      }
    }
  }
  // Each deal's pairs, unordered (an ordered aggregate costs PostgreSQL more than twice as much), and
  // whether any key or value holds a separator (then the pairs cannot be split: every deal is read in order).
  const packed = await observed
    .select([
      's.deal_id',
      sql<string>`string_agg(s.signal_key || chr(31) || s.value, chr(30))`.as('pairs'),
      sql<boolean>`bool_or(strpos(s.value, chr(30)) > 0 or strpos(s.value, chr(31)) > 0
        or strpos(s.signal_key, chr(30)) > 0 or strpos(s.signal_key, chr(31)) > 0)`.as('unsafe'),
    ])
    .groupBy('s.deal_id')
    .execute()
  if (packed.some((row) => row.unsafe)) {
    packed.length = 0
    await readInOrder(null)
  } else {
    // Few distinct (key, value) pairs recur across deals: each is split and normalised once.
    const cleaned = new Map<string, readonly [key: string, value: string]>()
    // A deal whose key has two different values is re-read in time order, so the latest one wins.
    const reread: string[] = []
    for (const row of packed) {
      const own: Record<string, string> = {}
      let conflict = false
      for (const pair of row.pairs.split('\x1e')) {
        let kv = cleaned.get(pair)
        if (kv === undefined) {
          const cut = pair.indexOf('\x1f')
          const key = pair.slice(0, cut)
          kv = [key, normaliseSignalValue(pair.slice(cut + 1), booleans.has(key))]
          if (cleaned.size < MAX_CLEANED_PAIRS) cleaned.set(pair, kv)
        }
        if (kv[1] === '') continue
        const before = own[kv[0]]
        if (before !== undefined && before !== kv[1]) conflict = true
        own[kv[0]] = kv[1]
      }
      if (conflict) reread.push(row.deal_id)
      byDeal.set(row.deal_id, own)
    }
    if (reread.length > 0) await readInOrder(reread)
  }
  const pocRows = await deals
    .innerJoin('pocs as p', 'p.deal_id', 'd.id')
    .select(['p.deal_id', 'p.paid', 'p.started_at'])
    .execute()
  const poc = new Map<string, string>()
  for (const p of pocRows) {
    if (dateOf(p.started_at) > asOf) continue
    if (poc.get(p.deal_id) !== 'paid') poc.set(p.deal_id, p.paid ? 'paid' : 'free')
  }
  const outcomes: DealOutcome[] = kept.map((d) => {
    const own = byDeal.get(d.id) ?? {} // each deal once, so its record is not shared
    if (pocRows.length > 0) own.poc = poc.get(d.id) ?? 'none'
    const closeDate = dateOf(d.close_date)
    const isClosed = d.is_closed && closeDate <= asOf
    return {
      id: d.id,
      ownerId: d.owner_id,
      segment: d.segment,
      createdOn: dateOf(d.created_at),
      closeDate,
      isClosed,
      isWon: isClosed && d.is_won,
      amountCents: Number(d.amount_cents),
      signals: own,
    }
  })
  return { deals: outcomes, hasPocs: pocRows.length > 0 }
}

/** The newest close date of a closed deal (a demo company's "today"), or null when nothing has closed. */
export async function latestCloseDate(db: Kysely<Database>): Promise<string | null> {
  const row = await db
    .selectFrom('deals')
    .where('is_closed', '=', true)
    .select((eb) => eb.fn.max('close_date').as('d'))
    .executeTakeFirst()
  return row?.d ? dateOf(row.d) : null
}
