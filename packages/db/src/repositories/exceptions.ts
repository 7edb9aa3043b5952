/**
 * The inputs of the exception chain, per account executive: quotas of the
 * fiscal year, bookings won, open pipeline, weighted activity, what their
 * accounts consume by SKU, certifications and training. Sums in SQL; the
 * incremental run rate comes from the consumption analysis (see
 * server/src/exceptions), not from a second copy of its arithmetic.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { IsoDate } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

export type ExceptionInputRows = {
  asOf: IsoDate
  fiscalYear: number
  activityDays: number
  reps: {
    id: string
    name: string
    aeType: string | null
    team: string
    region: string
    quotas: { kind: 'bookings' | 'incremental'; period: string; amountCents: number }[]
    wonBookingsCents: number
    openBookingsCents: number
    openDeals: number
    openUseCaseRunRateCents: number
    openUseCases: number
    activities: number
    weightedActivity: number
    skuRevenue: { sku: string; revenueCents: number }[]
    certifications: {
      name: string
      product: string | null
      status: 'earned' | 'due' | 'expired'
      earnedAt: IsoDate | null
      expiresAt: IsoDate | null
    }[]
    trainingCompleted: number
  }[]
  certifiableProducts: string[]
}

const DAY_MS = 86_400_000
const shift = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
const d = (date: IsoDate): RawBuilder<string> => sql<string>`cast(${date} as date)`
const ts = (date: IsoDate): RawBuilder<string> => sql<string>`cast(${`${date}T00:00:00.000Z`} as timestamptz)`

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export async function loadExceptionInputs(
  db: Kysely<Database>,
  options: { asOf: IsoDate; scope?: OwnerScope; activityDays?: number },
): Promise<ExceptionInputRows> {
  const { asOf } = options
  const activityDays = options.activityDays ?? 30
  const scope = options.scope ?? { kind: 'all' }
  const fiscalYear = Number(asOf.slice(0, 4))
  const jan1 = `${fiscalYear}-01-01`
  const yearEnd = `${fiscalYear}-12-31`
  const ids = scope.kind === 'all' ? null : scope.ownerIds.length ? scope.ownerIds : ['\u0000']

  const people = await db
    .selectFrom('people')
    .select(['id', 'name', 'ae_type', 'team', 'region'])
    .where('role', '=', 'ae')
    .where('active', '=', true)
    .$if(ids !== null, (q) => q.where('id', 'in', ids ?? []))
    .orderBy('id')
    .execute()
  const personIds = people.map((p) => p.id)
  const inPeople = personIds.length ? personIds : ['\u0000']

  const quotas = await db
    .selectFrom('quotas')
    .select(['person_id', 'kind', 'period', 'amount_cents'])
    .where('fiscal_year', '=', fiscalYear)
    .where('person_id', 'in', inPeople)
    .orderBy('person_id')
    .orderBy('period')
    .execute()

  const deals = await sql<{
    owner_id: string
    won_cents: unknown
    open_cents: unknown
    open_deals: unknown
    open_uc_monthly: unknown
    open_use_cases: unknown
  }>`
    select d.owner_id,
      sum(case when d.kind <> 'use_case' and d.is_won and d.close_date between ${d(jan1)} and ${d(asOf)}
        then d.amount_cents else 0 end) as won_cents,
      sum(case when d.kind <> 'use_case' and not d.is_closed and d.close_date <= ${d(yearEnd)}
        then d.amount_cents else 0 end) as open_cents,
      sum(case when d.kind <> 'use_case' and not d.is_closed and d.close_date <= ${d(yearEnd)}
        then 1 else 0 end) as open_deals,
      sum(case when d.kind = 'use_case' and not d.is_closed and coalesce(d.use_case_status, '') not in ('live', 'lost')
        then coalesce(d.expected_monthly_cents, 0) else 0 end) as open_uc_monthly,
      sum(case when d.kind = 'use_case' and not d.is_closed and coalesce(d.use_case_status, '') not in ('live', 'lost')
        then 1 else 0 end) as open_use_cases
    from deals d
    where d.owner_id in (${sql.join(inPeople)})
    group by d.owner_id`.execute(db)

  const activities = await sql<{ person_id: string; n: unknown; weight: unknown }>`
    select a.person_id, count(*) as n, sum(a.weight) as weight
    from activities a
    where a.occurred_at >= ${ts(shift(asOf, -(activityDays - 1)))} and a.occurred_at < ${ts(shift(asOf, 1))}
      and a.person_id in (${sql.join(inPeople)})
    group by a.person_id`.execute(db)

  // By account and SKU first (a small result), then credited to the hunter and the core owner in JS.
  const skus = await sql<{
    owner_id: string | null
    core_owner_id: string | null
    sku: string
    cents: unknown
  }>`
    select a.owner_id, a.core_owner_id, c.sku, sum(c.revenue_cents) as cents
    from consumption_daily c join accounts a on a.id = c.account_id
    where c.day between ${d(shift(asOf, -29))} and ${d(asOf)}
    group by a.owner_id, a.core_owner_id, c.sku`.execute(db)

  const certifications = await db
    .selectFrom('certifications')
    .select(['person_id', 'name', 'product', 'status', 'earned_at', 'expires_at'])
    .where('person_id', 'in', inPeople)
    .orderBy('person_id')
    .orderBy('name')
    .execute()
  const products = await db
    .selectFrom('certifications')
    .select('product')
    .distinct()
    .where('product', 'is not', null)
    .orderBy('product')
    .execute()

  const training = await sql<{ person_id: string; n: unknown }>`
    select l.person_id, count(distinct l.content_id) as n
    from learning_events l
    where l.verb in ('completed', 'passed')
      and l.occurred_at >= ${ts(shift(asOf, -364))} and l.occurred_at < ${ts(shift(asOf, 1))}
      and l.person_id in (${sql.join(inPeople)})
    group by l.person_id`.execute(db)

  const quotasBy = new Map<string, ExceptionInputRows['reps'][number]['quotas']>()
  for (const q of quotas)
    push(quotasBy, q.person_id, { kind: q.kind, period: q.period, amountCents: Number(q.amount_cents) })
  const dealsBy = new Map(deals.rows.map((r) => [r.owner_id, r]))
  const activityBy = new Map(activities.rows.map((r) => [r.person_id, r]))
  const skuBy = new Map<string, Map<string, number>>()
  for (const r of skus.rows) {
    const owners = new Set([r.owner_id, r.core_owner_id].filter((o): o is string => o !== null))
    for (const owner of owners) {
      const bySku = skuBy.get(owner) ?? new Map<string, number>()
      bySku.set(r.sku, (bySku.get(r.sku) ?? 0) + Number(r.cents))
      skuBy.set(owner, bySku)
    }
  }
  const certsBy = new Map<string, ExceptionInputRows['reps'][number]['certifications']>()
  for (const c of certifications)
    push(certsBy, c.person_id, {
      name: c.name,
      product: c.product,
      status: c.status,
      earnedAt: c.earned_at,
      expiresAt: c.expires_at,
    })
  const trainingBy = new Map(training.rows.map((r) => [r.person_id, Number(r.n)]))

  return {
    asOf,
    fiscalYear,
    activityDays,
    reps: people.map((p) => {
      const dealRow = dealsBy.get(p.id)
      const activity = activityBy.get(p.id)
      return {
        id: p.id,
        name: p.name,
        aeType: p.ae_type,
        team: p.team,
        region: p.region,
        quotas: quotasBy.get(p.id) ?? [],
        wonBookingsCents: Number(dealRow?.won_cents ?? 0),
        openBookingsCents: Number(dealRow?.open_cents ?? 0),
        openDeals: Number(dealRow?.open_deals ?? 0),
        openUseCaseRunRateCents: Number(dealRow?.open_uc_monthly ?? 0) * 12,
        openUseCases: Number(dealRow?.open_use_cases ?? 0),
        activities: Number(activity?.n ?? 0),
        weightedActivity: Number(activity?.weight ?? 0),
        skuRevenue: [...(skuBy.get(p.id) ?? new Map<string, number>()).entries()]
          .map(([sku, revenueCents]) => ({ sku, revenueCents }))
          .sort((a, b) => b.revenueCents - a.revenueCents || a.sku.localeCompare(b.sku)),
        certifications: certsBy.get(p.id) ?? [],
        trainingCompleted: trainingBy.get(p.id) ?? 0,
      }
    }),
    certifiableProducts: products.map((r) => r.product).filter((x): x is string => x !== null),
  }
}
