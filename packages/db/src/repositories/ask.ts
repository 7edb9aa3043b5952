/**
 * What the question box reads: the names it matches against (people, teams,
 * regions, accounts, SKUs, signals) and one daily series per metric over a
 * range, filtered to a set of owners or accounts. Days of timestamps are
 * epoch-day numbers, so neither engine's session time zone can move them.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { IsoDate } from '@revlab/domain'
import type { Database } from '../schema.js'

export type AskCatalogueRows = {
  people: { id: string; name: string; role: string; aeType: string | null; team: string; region: string }[]
  teams: string[]
  regions: string[]
  accounts: { id: string; name: string; region: string }[]
  skus: string[]
  signals: { key: string; label: string }[]
}

const ALNUM = sql.raw([...'abcdefghijklmnopqrstuvwxyz0123456789'].map((c) => `'${c}'`).join(', '))

/**
 * Accounts whose whole name could appear among `words` (the question's
 * normalised words). The parser folds accents and punctuation (in JS), so an
 * all-ASCII name must start with one of the words followed by a
 * non-alphanumeric character or nothing; a name with other characters must
 * at least start with a word's first letter; one starting with punctuation
 * or an accented letter is always kept.
 */
function accountNameCandidates(words: string[]): RawBuilder<boolean> {
  const name = sql`lower(name)`
  const first = sql`substr(${name}, 1, 1)`
  const plain = [...new Set(words)].filter((w) => /^[a-z0-9]+$/.test(w))
  const parts: RawBuilder<boolean>[] = [sql<boolean>`${first} not in (${ALNUM})`]
  if (plain.length) {
    const initials = sql.join([...new Set(plain.map((w) => w.slice(0, 1)))])
    parts.push(sql<boolean>`(${first} in (${initials}) and not (name similar to ${'[ -~]*'}))`)
  }
  for (const word of plain)
    parts.push(
      sql<boolean>`(${name} like ${`${word}%`} and substr(${name}, ${sql.lit(word.length + 1)}, 1) not in (${ALNUM}))`,
    )
  return sql<boolean>`(${sql.join(parts, sql` or `)})`
}

/**
 * The names a question is matched against. With `accountWords` (the
 * question's normalised words) only the accounts whose name could match are
 * read, not all of them: the answer is the same, the read is far smaller.
 */
export async function loadAskCatalogue(
  db: Kysely<Database>,
  options: { accountWords?: string[] } = {},
): Promise<AskCatalogueRows> {
  const people = await db
    .selectFrom('people')
    .select(['id', 'name', 'role', 'ae_type', 'team', 'region'])
    .where('active', '=', true)
    .orderBy('id')
    .execute()
  const { accountWords } = options
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'name', 'region'])
    .$if(accountWords !== undefined, (q) => q.where(accountNameCandidates(accountWords ?? [])))
    .orderBy('id')
    .execute()
  const accountRegions = accountWords
    ? (await db.selectFrom('accounts').select('region').distinct().execute()).map((r) => r.region)
    : accounts.map((a) => a.region)
  const skus = await sql<{ sku: string }>`
    select distinct sku from consumption_monthly order by sku`.execute(db)
  const signals = await db.selectFrom('signal_definitions').select(['key', 'label']).orderBy('key').execute()
  return {
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role,
      aeType: p.ae_type,
      team: p.team,
      region: p.region,
    })),
    teams: [...new Set(people.map((p) => p.team))].sort(),
    regions: [...new Set([...people.map((p) => p.region), ...accountRegions])]
      .filter((r) => r !== 'Global')
      .sort(),
    accounts,
    skus: skus.rows.map((r) => r.sku),
    signals: signals.map((s) => ({ key: s.key, label: s.label })),
  }
}

/** Whose figures: owners (their deals, activities and owned accounts) and/or accounts; null = no limit. */
export type AskFilter = { ownerIds: string[] | null; accountIds: string[] | null; sku: string | null }

export type AskSeriesMetric =
  | 'consumption'
  | 'activities'
  | 'use_cases_new'
  | 'use_cases_live'
  | 'use_cases_slipped'
  | 'deals_won'
  | 'deals_lost'
  | 'deals_created'
  | 'pipeline_created'

/** Per day: `value` (cents for consumption and deals, a count otherwise), `count` and `weight` where it applies. */
export type AskSeries = { day: IsoDate; value: number; count: number; weight: number }[]

const DAY_MS = 86_400_000
const toDay = (n: number): IsoDate => new Date(n * DAY_MS).toISOString().slice(0, 10)
const d = (date: IsoDate): RawBuilder<string> => sql<string>`cast(${date} as date)`
const ts = (date: IsoDate, days = 0): RawBuilder<string> =>
  sql<string>`cast(${new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString()} as timestamptz)`
const epochDay = (column: RawBuilder<unknown>): RawBuilder<number> =>
  sql<number>`cast(floor(extract(epoch from ${column}) / 86400) as integer)`
const dateDay = (column: RawBuilder<unknown>): RawBuilder<number> =>
  sql<number>`cast(${column} - cast('1970-01-01' as date) as integer)`
const list = (ids: string[]): RawBuilder<unknown> => (ids.length ? sql.join(ids) : sql`${'\u0000'}`)

function dealScope(filter: AskFilter): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = []
  if (filter.ownerIds) parts.push(sql<boolean>`d.owner_id in (${list(filter.ownerIds)})`)
  if (filter.accountIds) parts.push(sql<boolean>`d.account_id in (${list(filter.accountIds)})`)
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`true`
}

/**
 * Daily consumption to sum: the day-ordered rollup by account and use case
 * (see consumption-rollup.ts), or the daily rows when a SKU is asked about.
 */
const consumptionTable = (filter: AskFilter): RawBuilder<unknown> =>
  filter.sku ? sql`consumption_daily` : sql`consumption_day_totals`

function accountScope(filter: AskFilter): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = []
  if (filter.ownerIds)
    parts.push(
      sql<boolean>`(a.owner_id in (${list(filter.ownerIds)}) or a.core_owner_id in (${list(filter.ownerIds)}))`,
    )
  if (filter.accountIds) parts.push(sql<boolean>`a.id in (${list(filter.accountIds)})`)
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`true`
}

type Row = { day: unknown; value: unknown; count: unknown; weight: unknown }

export async function loadAskSeries(
  db: Kysely<Database>,
  options: { metric: AskSeriesMetric; from: IsoDate; to: IsoDate; filter: AskFilter },
): Promise<AskSeries> {
  const { from, to, filter } = options
  const deals = dealScope(filter)
  let query: RawBuilder<Row>
  switch (options.metric) {
    case 'consumption':
      query = sql<Row>`
        select ${dateDay(sql`c.day`)} as day, sum(c.revenue_cents) as value, count(*) as count, 0 as weight
        from ${consumptionTable(filter)} c join accounts a on a.id = c.account_id
        where c.day between ${d(from)} and ${d(to)} and ${accountScope(filter)}
          ${filter.sku ? sql`and c.sku = ${filter.sku}` : sql``}
        group by 1 order by 1`
      break
    case 'activities': {
      const parts: RawBuilder<boolean>[] = []
      if (filter.ownerIds) parts.push(sql<boolean>`x.person_id in (${list(filter.ownerIds)})`)
      if (filter.accountIds) parts.push(sql<boolean>`x.account_id in (${list(filter.accountIds)})`)
      query = sql<Row>`
        select ${epochDay(sql`x.occurred_at`)} as day, count(*) as value, count(*) as count, sum(x.weight) as weight
        from activities x
        where x.occurred_at >= ${ts(from)} and x.occurred_at < ${ts(to, 1)}
          and ${parts.length ? sql.join(parts, sql` and `) : sql`true`}
        group by 1 order by 1`
      break
    }
    case 'use_cases_new':
      query = sql<Row>`
        select ${epochDay(sql`d.created_at`)} as day, count(*) as value, count(*) as count, 0 as weight
        from deals d where d.kind = 'use_case' and ${deals}
          and d.created_at >= ${ts(from)} and d.created_at < ${ts(to, 1)}
        group by 1 order by 1`
      break
    case 'use_cases_live':
      query = sql<Row>`
        select ${dateDay(sql`d.go_live_date`)} as day, count(*) as value, count(*) as count, 0 as weight
        from deals d where d.kind = 'use_case' and ${deals}
          and d.go_live_date between ${d(from)} and ${d(to)}
        group by 1 order by 1`
      break
    case 'use_cases_slipped':
      // As the consumption analysis counts slips: the target passed without going live by then; lost ones excluded.
      query = sql<Row>`
        select ${dateDay(sql`d.go_live_target`)} as day, count(*) as value, count(*) as count, 0 as weight
        from deals d where d.kind = 'use_case' and ${deals}
          and coalesce(d.use_case_status, '') <> 'lost'
          and d.go_live_target between ${d(from)} and ${d(to)}
          and (d.go_live_date is null or d.go_live_date > d.go_live_target)
        group by 1 order by 1`
      break
    case 'deals_won':
    case 'deals_lost':
      query = sql<Row>`
        select ${dateDay(sql`d.close_date`)} as day, sum(d.amount_cents) as value, count(*) as count, 0 as weight
        from deals d where d.kind <> 'use_case' and ${deals} and d.is_closed
          and d.is_won = ${options.metric === 'deals_won'}
          and d.close_date between ${d(from)} and ${d(to)}
        group by 1 order by 1`
      break
    case 'deals_created':
    case 'pipeline_created':
      query = sql<Row>`
        select ${epochDay(sql`d.created_at`)} as day, sum(d.amount_cents) as value, count(*) as count, 0 as weight
        from deals d where d.kind <> 'use_case' and ${deals}
          and d.created_at >= ${ts(from)} and d.created_at < ${ts(to, 1)}
        group by 1 order by 1`
      break
  }
  const result = await query.execute(db)
  return result.rows.map((r) => ({
    day: toDay(Number(r.day)),
    value: Number(r.value ?? 0),
    count: Number(r.count ?? 0),
    weight: Number(r.weight ?? 0),
  }))
}

/** Win rate of deals closed in the range (optionally only those with a boolean signal true), by month. */
export async function loadAskWinRate(
  db: Kysely<Database>,
  options: { from: IsoDate; to: IsoDate; filter: AskFilter; signalKey: string | null },
): Promise<{ month: string; closed: number; won: number }[]> {
  const signal = options.signalKey
    ? sql`and exists (select 1 from deal_signals s where s.deal_id = d.id and s.signal_key = ${options.signalKey}
        and lower(s.value) in ('true', 'yes', '1'))`
    : sql``
  const result = await sql<{ month: string; closed: unknown; won: unknown }>`
    select substr(cast(d.close_date as varchar), 1, 7) as month, count(*) as closed,
      sum(case when d.is_won then 1 else 0 end) as won
    from deals d
    where d.kind <> 'use_case' and d.is_closed and ${dealScope(options.filter)}
      and d.close_date between ${d(options.from)} and ${d(options.to)} ${signal}
    group by 1 order by 1`.execute(db)
  return result.rows.map((r) => ({ month: r.month, closed: Number(r.closed), won: Number(r.won) }))
}

/** Open pipeline now (deals other than use cases): amount and count. */
export async function loadAskOpenPipeline(
  db: Kysely<Database>,
  filter: AskFilter,
): Promise<{ amountCents: number; deals: number }> {
  const result = await sql<{ amount: unknown; n: unknown }>`
    select sum(d.amount_cents) as amount, count(*) as n
    from deals d where d.kind <> 'use_case' and not d.is_closed and ${dealScope(filter)}`.execute(db)
  const row = result.rows[0]
  return { amountCents: Number(row?.amount ?? 0), deals: Number(row?.n ?? 0) }
}

/** Accounts ranked by the change in consumption between the range and the same number of days before it. */
export async function loadAskAccountMoves(
  db: Kysely<Database>,
  options: { from: IsoDate; to: IsoDate; filter: AskFilter; direction: 'lost' | 'gained'; limit?: number },
): Promise<{ id: string; name: string; ownerId: string | null; currentCents: number; priorCents: number }[]> {
  const days = Math.round((Date.parse(options.to) - Date.parse(options.from)) / DAY_MS) + 1
  const priorFrom = new Date(Date.parse(`${options.from}T00:00:00Z`) - days * DAY_MS)
    .toISOString()
    .slice(0, 10)
  // Summed per account first, then joined: 40k accounts' days are grouped by one key, not three.
  const result = await sql<{
    id: string
    name: string
    owner_id: string | null
    current_cents: unknown
    prior_cents: unknown
  }>`
    with moves as (
      select c.account_id,
        sum(case when c.day >= ${d(options.from)} then c.revenue_cents else 0 end) as current_cents,
        sum(case when c.day < ${d(options.from)} then c.revenue_cents else 0 end) as prior_cents
      from ${consumptionTable(options.filter)} c
      where c.day between ${d(priorFrom)} and ${d(options.to)}
        ${options.filter.sku ? sql`and c.sku = ${options.filter.sku}` : sql``}
      group by c.account_id)
    select a.id, a.name, coalesce(a.core_owner_id, a.owner_id) as owner_id, m.current_cents, m.prior_cents
    from moves m join accounts a on a.id = m.account_id
    where ${accountScope(options.filter)}
    order by m.current_cents - m.prior_cents ${options.direction === 'lost' ? sql`asc` : sql`desc`}, a.id
    limit ${options.limit ?? 5}`.execute(db)
  return result.rows.map((r) => ({
    id: r.id,
    name: r.name,
    ownerId: r.owner_id,
    currentCents: Number(r.current_cents),
    priorCents: Number(r.prior_cents),
  }))
}
