/**
 * The deal-outcome loader as it was before the DuckDB read path (commit
 * 03b034d), kept verbatim as the reference the current loader must equal:
 * deals created on or before the as-of date, closed only if they closed by
 * then, each signal's latest non-blank value observed by the end of that day,
 * and the derived `poc` signal.
 */
import { sql, type Kysely } from 'kysely'
import type { DealOutcome, DealOutcomeFilters, DealOutcomeInputs, DealOutcomeSignal } from '@revlab/domain'
import type { Database, OwnerScope } from '@revlab/db'

const TRUE_VALUES = new Set(['true', 'yes', '1', 'y'])
const FALSE_VALUES = new Set(['false', 'no', '0', 'n'])

const POC_SIGNAL: DealOutcomeSignal = { key: 'poc', label: 'POC', group: 'poc', valueType: 'category' }

const dateOf = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)

export async function referenceDealOutcomeInputs(
  db: Kysely<Database>,
  filters: DealOutcomeFilters,
  scope: OwnerScope = { kind: 'all' },
): Promise<DealOutcomeInputs> {
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
  const definitions = await db
    .selectFrom('signal_definitions')
    .select(['key', 'label', 'group', 'value_type'])
    .orderBy('key')
    .execute()
  // Signals observed by the end of the as-of day (UTC), fetched as one row per
  // deal: its (key, value) pairs joined in observation order with control
  // characters, which is far cheaper than a row per signal. Values holding
  // those characters fall back to the row-per-signal query.
  const dayAfter = new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000).toISOString()
  const observed = deals
    .innerJoin('deal_signals as s', 's.deal_id', 'd.id')
    .where('s.observed_at', '<', sql<string>`cast(${dayAfter} as timestamptz)`)
  const unsafe = await observed
    .where((eb) =>
      eb.or([
        eb(sql`strpos(s.value, chr(30))`, '>', 0),
        eb(sql`strpos(s.value, chr(31))`, '>', 0),
        eb(sql`strpos(s.signal_key, chr(30))`, '>', 0),
        eb(sql`strpos(s.signal_key, chr(31))`, '>', 0),
      ]),
    )
    .select('s.deal_id')
    .limit(1)
    .execute()
  const booleans = new Set(definitions.filter((d) => d.value_type === 'boolean').map((d) => d.key))
  const byDeal = new Map<string, Record<string, string>>()
  const observe = (own: Record<string, string>, key: string, raw: string): void => {
    let value = raw.trim()
    if (booleans.has(key)) {
      const lower = value.toLowerCase()
      value = TRUE_VALUES.has(lower) ? 'true' : FALSE_VALUES.has(lower) ? 'false' : ''
    }
    if (value !== '') own[key] = value
  }
  if (unsafe.length > 0) {
    const rows = await observed
      .select(['s.deal_id', 's.signal_key', 's.value'])
      .orderBy('s.deal_id')
      .orderBy('s.observed_at')
      .execute()
    for (const s of rows) {
      const own = byDeal.get(s.deal_id) ?? {}
      observe(own, s.signal_key, s.value)
      byDeal.set(s.deal_id, own)
    }
  } else {
    const packed = await observed
      .select([
        's.deal_id',
        sql<string>`string_agg(s.signal_key || chr(31) || s.value, chr(30) order by s.observed_at)`.as(
          'pairs',
        ),
      ])
      .groupBy('s.deal_id')
      .execute()
    for (const row of packed) {
      const own: Record<string, string> = {}
      for (const pair of row.pairs.split('\x1e')) {
        const cut = pair.indexOf('\x1f')
        observe(own, pair.slice(0, cut), pair.slice(cut + 1))
      }
      byDeal.set(row.deal_id, own)
    }
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
  const signals: DealOutcomeSignal[] = definitions.map((d) => ({
    key: d.key,
    label: d.label,
    group: d.group,
    valueType: d.value_type === 'boolean' || d.value_type === 'number' ? d.value_type : 'category',
  }))
  if (pocRows.length > 0) signals.push(POC_SIGNAL)
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
  return { asOf, signals, deals: outcomes }
}
