/**
 * What the Accounts and Use Cases pages read beyond the consumption analysis:
 * one account's daily consumption by SKU, its use cases and business
 * reviews; every use case with its lifecycle dates; the last review held per
 * account. Scoped like the analysis (an account is visible through its hunter
 * or its core owner).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { IsoDate, UseCaseStatus } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

const DAY_MS = 86_400_000
const shift = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
const d = (date: IsoDate): RawBuilder<string> => sql<string>`cast(${date} as date)`
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

function inScope(scope: OwnerScope): RawBuilder<boolean> {
  if (scope.kind === 'all') return sql<boolean>`true`
  if (scope.ownerIds.length === 0) return sql<boolean>`false`
  const ids = sql.join(scope.ownerIds.map((id) => sql`${id}`))
  return sql<boolean>`(a.owner_id in (${ids}) or a.core_owner_id in (${ids}))`
}

export type UseCaseRow = {
  id: string
  name: string
  accountId: string
  accountName: string
  ownerId: string
  ownerName: string | null
  status: UseCaseStatus | null
  createdAt: string
  goLiveTarget: IsoDate | null
  goLiveDate: IsoDate | null
  expectedMonthlyCents: number | null
}

export type BusinessReviewRow = { id: string; dueAt: IsoDate; heldAt: IsoDate | null; status: string }

export type AccountConsumptionDetailRows = {
  account: { id: string; name: string; segment: string; region: string }
  /** Revenue per day and SKU over the window, oldest first (days without rows are absent). */
  daily: { day: IsoDate; sku: string; revenueCents: number }[]
  useCases: UseCaseRow[]
  businessReviews: BusinessReviewRow[]
}

type UseCaseSqlRow = {
  id: string
  name: string
  account_id: string
  account_name: string
  owner_id: string
  owner_name: string | null
  use_case_status: UseCaseStatus | null
  created_at: unknown
  go_live_target: string | null
  go_live_date: string | null
  expected_monthly_cents: unknown
}

const toUseCase = (u: UseCaseSqlRow): UseCaseRow => ({
  id: u.id,
  name: u.name,
  accountId: u.account_id,
  accountName: u.account_name,
  ownerId: u.owner_id,
  ownerName: u.owner_name,
  status: u.use_case_status,
  createdAt: u.created_at instanceof Date ? u.created_at.toISOString() : String(u.created_at),
  goLiveTarget: u.go_live_target,
  goLiveDate: u.go_live_date,
  expectedMonthlyCents: num(u.expected_monthly_cents),
})

function useCaseQuery(where: RawBuilder<boolean>) {
  return sql<UseCaseSqlRow>`
    select d.id, d.name, d.account_id, a.name as account_name, d.owner_id, p.name as owner_name,
      d.use_case_status, d.created_at, cast(d.go_live_target as varchar) as go_live_target,
      cast(d.go_live_date as varchar) as go_live_date, d.expected_monthly_cents
    from deals d join accounts a on a.id = d.account_id
    left join people p on p.id = d.owner_id
    where d.kind = 'use_case' and ${where}
    order by d.account_id, d.id`
}

/** Every use case of the accounts in scope, with its account and owner names. */
export async function loadUseCaseList(db: Kysely<Database>, scope: OwnerScope): Promise<UseCaseRow[]> {
  return (await useCaseQuery(inScope(scope)).execute(db)).rows.map(toUseCase)
}

/** One account's detail, or null when it does not exist or is outside the scope. */
export async function loadAccountConsumptionDetail(
  db: Kysely<Database>,
  options: { accountId: string; asOf: IsoDate; days: number; scope: OwnerScope },
): Promise<AccountConsumptionDetailRows | null> {
  const { accountId, asOf, days, scope } = options
  const account = await sql<{ id: string; name: string; segment: string; region: string }>`
    select a.id, a.name, a.segment, a.region from accounts a
    where a.id = ${accountId} and ${inScope(scope)}`.execute(db)
  const row = account.rows[0]
  if (!row) return null
  const daily = await sql<{ day: string; sku: string; revenue_cents: unknown }>`
    select cast(c.day as varchar) as day, c.sku, sum(c.revenue_cents) as revenue_cents
    from consumption_daily c
    where c.account_id = ${accountId} and c.day between ${d(shift(asOf, -(days - 1)))} and ${d(asOf)}
    group by c.day, c.sku order by c.day, c.sku`.execute(db)
  const useCases = await useCaseQuery(sql<boolean>`a.id = ${accountId}`).execute(db)
  const reviews = await sql<{ id: string; due_at: string; held_at: string | null; status: string }>`
    select r.id, cast(r.due_at as varchar) as due_at, cast(r.held_at as varchar) as held_at, r.status
    from business_reviews r where r.account_id = ${accountId}
    order by r.due_at desc`.execute(db)
  return {
    account: row,
    daily: daily.rows.map((r) => ({ day: r.day, sku: r.sku, revenueCents: Number(r.revenue_cents) })),
    useCases: useCases.rows.map(toUseCase),
    businessReviews: reviews.rows.map((r) => ({
      id: r.id,
      dueAt: r.due_at,
      heldAt: r.held_at,
      status: r.status,
    })),
  }
}

/** The last business review held on or before `asOf`, per account in scope (accounts without one absent). */
export async function loadLastBusinessReviews(
  db: Kysely<Database>,
  options: { asOf: IsoDate; scope: OwnerScope },
): Promise<{ accountId: string; lastHeldAt: IsoDate }[]> {
  const rows = await sql<{ account_id: string; last_held: string }>`
    select r.account_id, cast(max(r.held_at) as varchar) as last_held
    from business_reviews r join accounts a on a.id = r.account_id
    where r.held_at is not null and r.held_at <= ${d(options.asOf)} and ${inScope(options.scope)}
    group by r.account_id order by r.account_id`.execute(db)
  return rows.rows.map((r) => ({ accountId: r.account_id, lastHeldAt: r.last_held }))
}
