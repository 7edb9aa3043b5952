/**
 * The rollups of daily consumption (migration 202612061200):
 * consumption_monthly, one row per month, account, use case and SKU with the
 * revenue and the first day seen; consumption_day_totals, one row per day,
 * account and use case (SKUs summed), written a month at a time in day order
 * so a range of days is read without scanning the whole table. Every writer
 * of consumption_daily calls `refreshConsumptionRollup` for what it wrote
 * (the demo loader, the consumption importer, test fixtures) in the same
 * transaction, so the briefing can read the rollups alone.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { IsoDate } from '@revlab/domain'
import type { Database } from '../schema.js'

/** Accounts per statement when a refresh is limited to some accounts. */
const ACCOUNT_CHUNK = 1000

const monthOf = (date: IsoDate): IsoDate => `${date.slice(0, 7)}-01`

/** The first day of the month after `month`'s. */
function nextMonth(month: IsoDate): IsoDate {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

const literal = (date: IsoDate): RawBuilder<string> => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a date: ${date}`)
  return sql<string>`${sql.raw(`date '${date}'`)}`
}

/**
 * Recomputes both rollups for the months touching [from, to], optionally
 * only for some accounts; without a range, rebuilds them whole. Run it in the
 * transaction that wrote consumption_daily.
 */
export async function refreshConsumptionRollup(
  db: Kysely<Database>,
  options: { from?: IsoDate; to?: IsoDate; accountIds?: readonly string[] } = {},
): Promise<void> {
  if (options.accountIds && options.accountIds.length === 0) return
  const { from, to } = options
  if (!from || !to) {
    const span = await sql<{ lo: string | null; hi: string | null }>`
      select cast(min(day) as varchar) as lo, cast(max(day) as varchar) as hi from consumption_daily`.execute(
      db,
    )
    // Everything: clear the rollups and rebuild each in one pass over the daily rows.
    await sql`delete from consumption_monthly`.execute(db)
    await sql`delete from consumption_day_totals`.execute(db)
    if (!span.rows[0]?.lo) return
    await sql`
      insert into consumption_monthly (month, account_id, use_case_id, sku, revenue_cents, first_day, day_rows)
      select cast(date_trunc('month', cast(c.day as timestamp)) as date), c.account_id, c.use_case_id, c.sku,
        sum(c.revenue_cents), min(c.day), count(*)
      from consumption_daily c
      group by cast(date_trunc('month', cast(c.day as timestamp)) as date), c.account_id, c.use_case_id, c.sku`.execute(
      db,
    )
    await sql`
      insert into consumption_day_totals (day, account_id, use_case_id, revenue_cents)
      select c.day, c.account_id, c.use_case_id, sum(c.revenue_cents)
      from consumption_daily c
      group by c.day, c.account_id, c.use_case_id
      order by c.day`.execute(db)
    return
  }
  const ids = options.accountIds
  const chunks = ids
    ? Array.from({ length: Math.ceil(ids.length / ACCOUNT_CHUNK) }, (_, i) =>
        ids.slice(i * ACCOUNT_CHUNK, (i + 1) * ACCOUNT_CHUNK),
      )
    : [null]
  for (let month = monthOf(from); month <= to; month = nextMonth(month)) {
    const start = literal(month)
    const end = literal(nextMonth(month))
    for (const accounts of chunks) {
      const inAccounts = (column: string) =>
        accounts ? sql`${sql.ref(column)} in (${sql.join(accounts)})` : sql`true`
      await sql`delete from consumption_monthly
        where month = ${start} and ${inAccounts('account_id')}`.execute(db)
      await sql`
        insert into consumption_monthly (month, account_id, use_case_id, sku, revenue_cents, first_day, day_rows)
        select ${start}, c.account_id, c.use_case_id, c.sku, sum(c.revenue_cents), min(c.day), count(*)
        from consumption_daily c
        where c.day >= ${start} and c.day < ${end} and ${inAccounts('c.account_id')}
        group by c.account_id, c.use_case_id, c.sku`.execute(db)
      await sql`delete from consumption_day_totals
        where day >= ${start} and day < ${end} and ${inAccounts('account_id')}`.execute(db)
      await sql`
        insert into consumption_day_totals (day, account_id, use_case_id, revenue_cents)
        select c.day, c.account_id, c.use_case_id, sum(c.revenue_cents)
        from consumption_daily c
        where c.day >= ${start} and c.day < ${end} and ${inAccounts('c.account_id')}
        group by c.day, c.account_id, c.use_case_id
        order by c.day`.execute(db)
    }
  }
}

/**
 * For a writer that does not know which days it touched (the staged
 * importer): compares each month's row count and revenue in
 * consumption_daily with the rollup's and refreshes the months that differ.
 * One grouped scan of the daily table.
 */
export async function refreshStaleConsumptionMonths(db: Kysely<Database>): Promise<IsoDate[]> {
  const daily = await sql<{ month: string; n: unknown; cents: unknown }>`
    select cast(cast(date_trunc('month', cast(day as timestamp)) as date) as varchar) as month, count(*) as n, sum(revenue_cents) as cents
    from consumption_daily group by cast(date_trunc('month', cast(day as timestamp)) as date)`.execute(db)
  const rolled = await sql<{ month: string; n: unknown; cents: unknown }>`
    select cast(month as varchar) as month, sum(day_rows) as n, sum(revenue_cents) as cents
    from consumption_monthly group by month`.execute(db)
  const signature = (r: { n: unknown; cents: unknown }): string => `${Number(r.n)}|${Number(r.cents)}`
  const before = new Map(rolled.rows.map((r) => [r.month, signature(r)]))
  const stale = new Set<IsoDate>()
  for (const r of daily.rows) {
    if (before.get(r.month) !== signature(r)) stale.add(r.month)
    before.delete(r.month)
  }
  for (const month of before.keys()) stale.add(month)
  for (const month of [...stale].sort()) {
    const y = Number(month.slice(0, 4))
    const m = Number(month.slice(5, 7))
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
    await refreshConsumptionRollup(db, { from: month, to: last })
  }
  return [...stale].sort()
}
