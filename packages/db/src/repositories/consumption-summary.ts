/**
 * The consumption the briefing and the exception chain read, summed in SQL
 * from the rollups (see consumption-rollup.ts) so that no per-account list
 * leaves the engine: whole months of the year to date from
 * consumption_monthly, the recent days from consumption_day_totals, then totals, per-owner incremental run rates, the
 * candidates for the top gainers and losers (every tie at the cut
 * included), overdue business reviews and the use cases with events near
 * the window. The pure arithmetic that turns these into figures lives in
 * analyses (summarizeConsumption), which must agree with analyzeConsumption.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { ConsumptionMoveInput, ConsumptionSummaryInputs, IsoDate, UseCaseStatus } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'
import { accountScope, assertIsoDate, d, shift } from './consumption-sql.js'

export type ConsumptionSummaryRows = ConsumptionSummaryInputs

export type ConsumptionSummaryOptions = {
  asOf: IsoDate
  scope?: OwnerScope
  /** Use-case events are looked for over this many days up to asOf (default 7). */
  eventDays?: number
  /** How many gainers, losers and overdue reviews the reader lists (default 5). */
  top?: number
  /** Days of the daily total series (default 90; 0 for none). */
  dailyDays?: number
  /** false: leave out use-case moves and events (the exception chain needs neither). */
  useCases?: boolean
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))

/** Math.round(x × num / den) of the analysis, as the same double arithmetic in SQL. */
const jsRound = (x: RawBuilder<unknown>, factor: number, divisor: number): RawBuilder<number> =>
  sql<number>`cast(floor(cast(${x} as double precision) * ${sql.raw(String(factor))} / ${sql.raw(String(divisor))} + 0.5) as bigint)`

type Row = {
  kind: string
  id: string | null
  name: string | null
  account_id: string | null
  account_name: string | null
  owner_id: string | null
  owner_name: string | null
  due_at: string | null
  n1: unknown
  n2: unknown
  n3: unknown
  n4: unknown
  n5: unknown
  n6: unknown
  n7: unknown
  n8: unknown
  n9: unknown
  n10: unknown
}

export async function loadConsumptionSummary(
  db: Kysely<Database>,
  options: ConsumptionSummaryOptions,
): Promise<ConsumptionSummaryRows> {
  const { asOf } = options
  assertIsoDate(asOf)
  const scope = options.scope ?? { kind: 'all' }
  const eventDays = options.eventDays ?? 7
  const top = Math.max(1, Math.floor(options.top ?? 5))
  const dailyDays = options.dailyDays ?? 90
  const fiscalYear = Number(asOf.slice(0, 4))
  const jan1 = `${fiscalYear}-01-01`
  const monthStart = `${asOf.slice(0, 7)}-01`
  const daysElapsed =
    Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000) + 1
  const inScope = accountScope(scope)
  const inScopeAccounts =
    scope.kind === 'all'
      ? sql<boolean>`true`
      : sql<boolean>`c.account_id in (select a.id from accounts a where ${inScope})`
  const between = (from: IsoDate, to: IsoDate) =>
    sql`sum(case when c.day between ${d(from)} and ${d(to)} then c.revenue_cents else 0 end)`
  const v = (column: string) => sql.ref(column)
  const rr30 = jsRound(v('x.l30'), 365, 30)

  // Per account in scope: the last 30 days by day, the year to date from whole months plus this month's days.
  const accountCte = sql`
    recent as (
      select c.account_id,
        ${between(asOf, asOf)} as y, ${between(shift(asOf, -7), shift(asOf, -7))} as w,
        ${between(shift(asOf, -6), asOf)} as l7, ${between(shift(asOf, -13), shift(asOf, -7))} as p7,
        ${between(shift(asOf, -29), asOf)} as l30, ${between(monthStart, asOf)} as ytd
      from consumption_day_totals c
      where c.day between ${d([shift(asOf, -29), monthStart].sort()[0] ?? monthStart)} and ${d(asOf)}
      group by c.account_id
    ),
    months as (
      select m.account_id, sum(m.revenue_cents) as ytd
      from consumption_monthly m
      where m.month >= ${d(jan1)} and m.month < ${d(monthStart)}
      group by m.account_id
    ),
    x as (
      select a.id, a.name, coalesce(a.core_owner_id, a.owner_id) as owner_id,
        coalesce(r.y, 0) as y, coalesce(r.w, 0) as w, coalesce(r.l7, 0) as l7, coalesce(r.p7, 0) as p7,
        coalesce(r.l30, 0) as l30,
        coalesce(r.ytd, 0) + coalesce(m.ytd, 0) as ytd,
        coalesce(b.run_rate_cents, 0) as baseline
      from accounts a
      left join baselines b on b.account_id = a.id and b.fiscal_year = ${fiscalYear}
      left join recent r on r.account_id = a.id
      left join months m on m.account_id = a.id
      where ${inScope}
    ),
    xr as (
      select x.*, ${rr30} as rr30, coalesce(p.name, x.owner_id) as owner_name
      from x left join people p on p.id = x.owner_id
    )`
  const blank = sql`cast(null as varchar)`
  const zero = sql`cast(0 as bigint)`
  const big = (e: RawBuilder<unknown> | ReturnType<typeof sql>) => sql`cast(${e} as bigint)`
  const moveRows = (order: 'desc' | 'asc') => sql`
    select 'move' as kind, id, name, id as account_id, name as account_name, owner_id, owner_name, ${blank} as due_at,
      ${zero}, ${zero}, ${big(sql`l7`)}, ${big(sql`p7`)}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}
    from (select xr.*, rank() over (order by l7 - p7 ${sql.raw(order)}) as k
          from xr where l7 - p7 ${sql.raw(order === 'desc' ? '>' : '<')} 0) ranked
    where k <= ${sql.raw(String(top))}`
  const overdueCte = sql`
    od as (
      select r.account_id, min(r.due_at) as due_at
      from business_reviews r join accounts a on a.id = r.account_id
      where r.held_at is null and r.due_at between ${d(shift(asOf, -730))} and ${d(asOf)} and ${inScope}
      group by r.account_id
    )`
  // Independent reads, run side by side (each engine hands out several connections).
  const resultQuery = sql<Row>`
    with ${accountCte}, ${overdueCte}
    select 'total' as kind, ${blank} as id, ${blank} as name, ${blank} as account_id, ${blank} as account_name,
      ${blank} as owner_id, ${blank} as owner_name, ${blank} as due_at,
      ${big(sql`sum(y)`)} as n1, ${big(sql`sum(w)`)} as n2, ${big(sql`sum(l7)`)} as n3, ${big(sql`sum(p7)`)} as n4,
      ${big(sql`sum(l30)`)} as n5, ${big(sql`sum(rr30)`)} as n6, ${big(sql`sum(baseline)`)} as n7,
      ${big(sql`sum(ytd)`)} as n8, ${big(sql`sum(${jsRound(v('baseline'), daysElapsed, 365)})`)} as n9,
      ${big(sql`sum(case when l30 <> 0 or ytd <> 0 then 1 else 0 end)`)} as n10
    from xr
    union all
    select 'owner', owner_id, ${blank}, ${blank}, ${blank}, ${blank}, ${blank}, ${blank},
      ${big(sql`sum(rr30 - baseline)`)}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}
    from xr where owner_id is not null group by owner_id
    union all ${moveRows('desc')}
    union all ${moveRows('asc')}
    union all
    select 'overdue_count', ${blank}, ${blank}, ${blank}, ${blank}, ${blank}, ${blank}, ${blank},
      ${big(sql`count(*)`)}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${zero}
    from od
    union all
    select 'overdue', id, name, id, name, owner_id, owner_name, due_at,
      ${zero}, ${zero}, ${zero}, ${zero}, ${zero}, ${big(sql`rr30`)}, ${zero}, ${zero}, ${zero}, ${zero}
    from (select xr.id, xr.name, xr.owner_id, xr.owner_name, cast(od.due_at as varchar) as due_at, xr.rr30,
            rank() over (order by xr.rr30 desc) as k
          from od join xr on xr.id = od.account_id) ranked
    where k <= ${sql.raw(String(top))}`.execute(db)

  // Use-case moves over the last 14 days, by use case (the consumption of accounts in scope).
  const withUseCases = options.useCases ?? true
  const none = <T>(): Promise<{ rows: T[] }> => Promise.resolve({ rows: [] })
  const useCaseMovesQuery = !withUseCases
    ? none<Row>()
    : sql<Row>`
    with s as (
      select c.use_case_id, ${between(shift(asOf, -6), asOf)} as l7, ${between(shift(asOf, -13), shift(asOf, -7))} as p7
      from consumption_day_totals c
      where c.day between ${d(shift(asOf, -13))} and ${d(asOf)} and c.use_case_id is not null and ${inScopeAccounts}
      group by c.use_case_id
    ),
    u as (
      select d.id, d.name, d.account_id, a.name as account_name, d.owner_id, coalesce(p.name, d.owner_id) as owner_name,
        coalesce(s.l7, 0) as l7, coalesce(s.p7, 0) as p7
      from s join deals d on d.id = s.use_case_id join accounts a on a.id = d.account_id
      left join people p on p.id = d.owner_id
      where d.kind = 'use_case' and ${inScope} and (coalesce(s.l7, 0) <> 0 or coalesce(s.p7, 0) <> 0)
    )
    select 'move' as kind, id, name, account_id, account_name, owner_id, owner_name,
      cast(l7 as bigint) as n3, cast(p7 as bigint) as n4
    from (select u.*, rank() over (order by l7 - p7 desc) as k from u where l7 - p7 > 0) g
    where k <= ${sql.raw(String(top))}
    union all
    select 'move', id, name, account_id, account_name, owner_id, owner_name, cast(l7 as bigint), cast(p7 as bigint)
    from (select u.*, rank() over (order by l7 - p7 asc) as k from u where l7 - p7 < 0) l
    where k <= ${sql.raw(String(top))}`.execute(db)

  // A day of margin on every side: the analysis applies the exact windows.
  const eventFrom = shift(asOf, -(eventDays + 2))
  const eventTo = shift(asOf, 2)
  type UseCaseRow = {
    id: string
    name: string
    account_id: string
    account_name: string
    owner_id: string
    owner_name: string | null
    use_case_status: UseCaseStatus | null
    created_at: string
    go_live_target: string | null
    go_live_date: string | null
    expected_monthly_cents: unknown
  }
  const useCasesQuery = !withUseCases
    ? none<UseCaseRow>()
    : sql<UseCaseRow>`
    select d.id, d.name, d.account_id, a.name as account_name, d.owner_id, coalesce(p.name, d.owner_id) as owner_name,
      d.use_case_status, d.created_at, d.go_live_target, d.go_live_date, d.expected_monthly_cents
    from deals d join accounts a on a.id = d.account_id
    left join people p on p.id = d.owner_id
    where d.kind = 'use_case' and ${inScope}
      and ((d.created_at >= cast(${`${eventFrom}T00:00:00.000Z`} as timestamptz)
            and d.created_at < cast(${`${eventTo}T00:00:00.000Z`} as timestamptz))
        or d.go_live_date between ${d(eventFrom)} and ${d(eventTo)}
        or d.go_live_target between ${d(eventFrom)} and ${d(eventTo)})
    order by d.id`.execute(db)

  const quotaQuery = db
    .selectFrom('quotas')
    .select(sql<unknown>`sum(amount_cents)`.as('amount_cents'))
    .where('fiscal_year', '=', fiscalYear)
    .where('kind', '=', 'incremental')
    .$if(scope.kind === 'owners', (q) =>
      scope.kind === 'owners' && scope.ownerIds.length
        ? q.where('person_id', 'in', scope.ownerIds)
        : q.where(sql<boolean>`false`),
    )
    .executeTakeFirst()

  const dailyQuery =
    dailyDays > 0
      ? sql<{ day: string; revenue_cents: unknown }>`
          select cast(c.day as varchar) as day, sum(c.revenue_cents) as revenue_cents
          from consumption_day_totals c
          where c.day between ${d(shift(asOf, -(dailyDays - 1)))} and ${d(asOf)} and ${inScopeAccounts}
          group by c.day order by c.day`.execute(db)
      : Promise.resolve({ rows: [] as { day: string; revenue_cents: unknown }[] })
  const [result, useCaseMoves, useCases, quota, daily] = await Promise.all([
    resultQuery,
    useCaseMovesQuery,
    useCasesQuery,
    quotaQuery,
    dailyQuery,
  ])

  const rows = result.rows
  const total = rows.find((r) => r.kind === 'total')
  // No account with consumption in the last 30 days or the year: maybe some in the 30 days before (as the analysis counts).
  const activeAccounts =
    num(total?.n10) > 0
      ? num(total?.n10)
      : num(
          (
            await sql<{ n: unknown }>`
              select count(*) as n from (
                select c.account_id from consumption_day_totals c join accounts a on a.id = c.account_id
                where c.day between ${d(shift(asOf, -59))} and ${d(shift(asOf, -30))} and ${inScope}
                group by c.account_id having sum(c.revenue_cents) <> 0) t`.execute(db)
          ).rows[0]?.n,
        )
  const toMove = (r: Row): ConsumptionMoveInput => ({
    id: r.id ?? '',
    name: r.name ?? '',
    accountId: r.account_id ?? '',
    accountName: r.account_name ?? '',
    ownerId: r.owner_id,
    ownerName: r.owner_id === null ? null : r.owner_name,
    last7Cents: num(r.n3),
    prior7Cents: num(r.n4),
  })
  return {
    asOf,
    fiscalYear,
    activeAccounts,
    totals: {
      yesterdayCents: num(total?.n1),
      weekAgoCents: num(total?.n2),
      last7Cents: num(total?.n3),
      prior7Cents: num(total?.n4),
      last30Cents: num(total?.n5),
      runRate30Cents: num(total?.n6),
      baselineRunRateCents: num(total?.n7),
      ytdCents: num(total?.n8),
      ytdBaselineByAccountCents: num(total?.n9),
    },
    owners: rows
      .filter((r) => r.kind === 'owner' && r.id !== null)
      .map((r) => ({ personId: r.id ?? '', incrementalRunRateCents: num(r.n1) })),
    incrementalQuotaCents: num(quota?.amount_cents),
    accountMoves: rows.filter((r) => r.kind === 'move').map(toMove),
    useCaseMoves: useCaseMoves.rows.map(toMove),
    useCases: useCases.rows.map((u) => ({
      id: u.id,
      name: u.name,
      accountId: u.account_id,
      accountName: u.account_name,
      ownerId: u.owner_id,
      ownerName: u.owner_name,
      status: u.use_case_status,
      createdAt: u.created_at,
      goLiveTarget: u.go_live_target,
      goLiveDate: u.go_live_date,
      expectedMonthlyCents: u.expected_monthly_cents === null ? null : Number(u.expected_monthly_cents),
    })),
    overdueReviews: {
      count: num(rows.find((r) => r.kind === 'overdue_count')?.n1),
      top: rows
        .filter((r) => r.kind === 'overdue')
        .map((r) => ({
          accountId: r.id ?? '',
          accountName: r.name ?? '',
          ownerId: r.owner_id,
          ownerName: r.owner_id === null ? null : r.owner_name,
          dueAt: r.due_at ?? '',
          runRate30Cents: num(r.n6),
        })),
    },
    daily: daily.rows.map((r) => ({ day: r.day, revenueCents: Number(r.revenue_cents) })),
  }
}
