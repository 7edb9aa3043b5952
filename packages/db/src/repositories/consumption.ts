/**
 * The inputs of the consumption analysis (and the briefing built on it):
 * revenue summed over fixed windows ending on `asOf`, by account, use case
 * and SKU, in SQL, so tens of millions of daily rows never leave the engine.
 * One scan per grouping with conditional sums; the same SQL on both engines.
 */
import { sql, type Kysely } from 'kysely'
import { type ConsumptionInputs, type IsoDate, type UseCaseStatus, type WindowSums } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'
import { accountScope, assertIsoDate, d, shift } from './consumption-sql.js'

/** The consumption analysis's inputs, as the analyses declare them. */
export type ConsumptionWindowSums = WindowSums
export type ConsumptionInputRows = ConsumptionInputs

type SumRow = Record<keyof ConsumptionWindowSums, unknown>

const toSums = (r: SumRow): ConsumptionWindowSums => ({
  yesterdayCents: Number(r.yesterdayCents ?? 0),
  weekAgoCents: Number(r.weekAgoCents ?? 0),
  last7Cents: Number(r.last7Cents ?? 0),
  prior7Cents: Number(r.prior7Cents ?? 0),
  last30Cents: Number(r.last30Cents ?? 0),
  prior30Cents: Number(r.prior30Cents ?? 0),
  yearAgo30Cents: Number(r.yearAgo30Cents ?? 0),
  ytdCents: Number(r.ytdCents ?? 0),
})

const ZERO: ConsumptionWindowSums = toSums({} as SumRow)

/** Latest day with consumption in the store (optionally within a scope), or null. */
export async function latestConsumptionDay(db: Kysely<Database>): Promise<IsoDate | null> {
  const row = await db
    .selectFrom('consumption_daily')
    .select(sql<string | null>`cast(max(day) as varchar)`.as('day'))
    .executeTakeFirst()
  return row?.day ?? null
}

export async function loadConsumptionInputs(
  db: Kysely<Database>,
  options: {
    asOf: IsoDate
    scope?: OwnerScope
    dailyDays?: number
    /** Only this account (and its use cases and reviews): its row of the analysis, without reading everyone's. */
    accountId?: string
  },
): Promise<ConsumptionInputRows> {
  const { asOf } = options
  assertIsoDate(asOf)
  const scope = options.scope ?? { kind: 'all' }
  const fiscalYear = Number(asOf.slice(0, 4))
  const jan1 = `${fiscalYear}-01-01`
  const yearAgoEnd = shift(asOf, -365)
  const yearAgoStart = shift(yearAgoEnd, -29)
  const scanStart = [jan1, yearAgoStart, shift(asOf, -59)].sort()[0] ?? jan1
  const between = (from: IsoDate, to: IsoDate) =>
    sql<number>`sum(case when c.day between ${d(from)} and ${d(to)} then c.revenue_cents else 0 end)`
  const windows = sql.join(
    [
      sql`${between(asOf, asOf)} as "yesterdayCents"`,
      sql`${between(shift(asOf, -7), shift(asOf, -7))} as "weekAgoCents"`,
      sql`${between(shift(asOf, -6), asOf)} as "last7Cents"`,
      sql`${between(shift(asOf, -13), shift(asOf, -7))} as "prior7Cents"`,
      sql`${between(shift(asOf, -29), asOf)} as "last30Cents"`,
      sql`${between(shift(asOf, -59), shift(asOf, -30))} as "prior30Cents"`,
      sql`${between(yearAgoStart, yearAgoEnd)} as "yearAgo30Cents"`,
      sql`${between(jan1, asOf)} as "ytdCents"`,
    ],
    sql`, `,
  )
  const only = options.accountId
  const inScope =
    only === undefined ? accountScope(scope) : sql<boolean>`(${accountScope(scope)} and a.id = ${only})`
  // Everyone's accounts need no account filter at all (the semi-join costs more than the scan).
  const inScopeAccounts =
    only !== undefined
      ? sql<boolean>`c.account_id = ${only} and c.account_id in (select a.id from accounts a where ${inScope})`
      : scope.kind === 'all'
        ? sql<boolean>`true`
        : sql<boolean>`c.account_id in (select a.id from accounts a where ${inScope})`
  const scanned = sql`c.day between ${d(scanStart)} and ${d(asOf)} and ${inScopeAccounts}`

  const accountSums = await sql<SumRow & { account_id: string }>`
    select c.account_id, ${windows}
    from consumption_daily c where ${scanned}
    group by c.account_id`.execute(db)
  const useCaseSums = await sql<SumRow & { use_case_id: string }>`
    select c.use_case_id, ${windows}
    from consumption_daily c where ${scanned} and c.use_case_id is not null
    group by c.use_case_id`.execute(db)
  const skuSums = await sql<SumRow & { sku: string }>`
    select c.sku, ${windows}
    from consumption_daily c where ${scanned}
    group by c.sku order by c.sku`.execute(db)
  const firstDays = await sql<{ account_id: string; first_day: string }>`
    select c.account_id, cast(min(c.day) as varchar) as first_day
    from consumption_daily c
    where c.day <= ${d(asOf)} and ${inScopeAccounts}
    group by c.account_id`.execute(db)
  const daily = await sql<{ day: string; revenue_cents: unknown }>`
    select cast(c.day as varchar) as day, sum(c.revenue_cents) as revenue_cents
    from consumption_daily c
    where c.day between ${d(shift(asOf, -((options.dailyDays ?? 90) - 1)))} and ${d(asOf)}
      and ${inScopeAccounts}
    group by c.day order by c.day`.execute(db)

  const accountRows = await sql<{
    id: string
    name: string
    owner_id: string | null
    core_owner_id: string | null
    segment: string
    region: string
    run_rate_cents: unknown
  }>`
    select a.id, a.name, a.owner_id, a.core_owner_id, a.segment, a.region, b.run_rate_cents
    from accounts a
    left join baselines b on b.account_id = a.id and b.fiscal_year = ${fiscalYear}
    where ${inScope}
    order by a.id`.execute(db)
  const useCaseRows = await sql<{
    id: string
    name: string
    account_id: string
    owner_id: string
    use_case_status: UseCaseStatus | null
    created_at: string
    go_live_target: string | null
    go_live_date: string | null
    expected_monthly_cents: unknown
  }>`
    select d.id, d.name, d.account_id, d.owner_id, d.use_case_status, d.created_at,
      d.go_live_target, d.go_live_date, d.expected_monthly_cents
    from deals d join accounts a on a.id = d.account_id
    where d.kind = 'use_case' and ${inScope}
    order by d.id`.execute(db)
  const people = await db
    .selectFrom('people')
    .select(['id', 'name', 'role', 'ae_type', 'team', 'region'])
    .orderBy('id')
    .execute()
  const quotas = await db
    .selectFrom('quotas')
    .select(['person_id', sql<unknown>`sum(amount_cents)`.as('amount_cents')])
    .where('fiscal_year', '=', fiscalYear)
    .where('kind', '=', 'incremental')
    .$if(scope.kind === 'owners', (q) =>
      scope.kind === 'owners' && scope.ownerIds.length
        ? q.where('person_id', 'in', scope.ownerIds)
        : q.where(sql<boolean>`false`),
    )
    .groupBy('person_id')
    .orderBy('person_id')
    .execute()
  const reviews = await sql<{
    id: string
    account_id: string
    due_at: string
    held_at: string | null
    status: string
  }>`
    select r.id, r.account_id, r.due_at, r.held_at, r.status
    from business_reviews r join accounts a on a.id = r.account_id
    where r.due_at >= ${d(shift(asOf, -730))} and ${inScope}
    order by r.account_id, r.due_at`.execute(db)

  const sumsByAccount = new Map(accountSums.rows.map((r) => [r.account_id, toSums(r)]))
  const sumsByUseCase = new Map(useCaseSums.rows.map((r) => [r.use_case_id, toSums(r)]))
  const firstDayByAccount = new Map(firstDays.rows.map((r) => [r.account_id, r.first_day]))
  return {
    asOf,
    fiscalYear,
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      role: p.role,
      aeType: p.ae_type,
      team: p.team,
      region: p.region,
    })),
    accounts: accountRows.rows.map((a) => ({
      ...(sumsByAccount.get(a.id) ?? ZERO),
      id: a.id,
      name: a.name,
      ownerId: a.owner_id,
      coreOwnerId: a.core_owner_id,
      segment: a.segment,
      region: a.region,
      firstDay: firstDayByAccount.get(a.id) ?? null,
      baselineRunRateCents: a.run_rate_cents === null ? null : Number(a.run_rate_cents),
    })),
    useCases: useCaseRows.rows.map((u) => ({
      ...(sumsByUseCase.get(u.id) ?? ZERO),
      id: u.id,
      name: u.name,
      accountId: u.account_id,
      ownerId: u.owner_id,
      status: u.use_case_status,
      createdAt: u.created_at,
      goLiveTarget: u.go_live_target,
      goLiveDate: u.go_live_date,
      expectedMonthlyCents: u.expected_monthly_cents === null ? null : Number(u.expected_monthly_cents),
    })),
    skus: skuSums.rows.map((r) => ({ ...toSums(r), sku: r.sku })),
    daily: daily.rows.map((r) => ({ day: r.day, revenueCents: Number(r.revenue_cents) })),
    incrementalQuotas: quotas.map((q) => ({ personId: q.person_id, amountCents: Number(q.amount_cents) })),
    businessReviews: reviews.rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      dueAt: r.due_at,
      heldAt: r.held_at,
      status: r.status,
    })),
  }
}
