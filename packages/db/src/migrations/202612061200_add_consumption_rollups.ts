/**
 * Two rollups of daily consumption so the briefing reads pre-aggregated
 * rows instead of tens of millions: consumption_monthly (by month, account,
 * use case and SKU) for whole months of a year to date, and
 * consumption_day_totals (by day, account and use case, SKUs summed, stored
 * in day order so a range of days is read without scanning the whole
 * table) for the recent windows. Filled here from the rows already stored;
 * the writers of consumption_daily keep them current afterwards (see
 * repositories/consumption-rollup.ts). Frozen: no imports from app code.
 */
import { sql, type Kysely } from 'kysely'

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db)
  return rows[0]?.v.startsWith('PostgreSQL') ?? false
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consumption_monthly')
    .addColumn('month', sql.raw('date'), (c) => c.notNull())
    .addColumn('account_id', sql.raw('text'), (c) => c.notNull())
    .addColumn('use_case_id', sql.raw('text'))
    .addColumn('sku', sql.raw('text'), (c) => c.notNull())
    .addColumn('revenue_cents', sql.raw('bigint'), (c) => c.notNull())
    .addColumn('first_day', sql.raw('date'), (c) => c.notNull())
    .addColumn('day_rows', sql.raw('bigint'), (c) => c.notNull())
    .execute()
  // Like the other fact tables, indexed on PostgreSQL only (DuckDB scans with zone maps).
  if (await isPostgres(db)) {
    await db.schema
      .createIndex('consumption_monthly_account_id_month_idx')
      .on('consumption_monthly')
      .columns(['account_id', 'month'])
      .execute()
    await db.schema
      .createIndex('consumption_monthly_month_idx')
      .on('consumption_monthly')
      .column('month')
      .execute()
  }
  await db.schema
    .createTable('consumption_day_totals')
    .addColumn('day', sql.raw('date'), (c) => c.notNull())
    .addColumn('account_id', sql.raw('text'), (c) => c.notNull())
    .addColumn('use_case_id', sql.raw('text'))
    .addColumn('revenue_cents', sql.raw('bigint'), (c) => c.notNull())
    .execute()
  if (await isPostgres(db)) {
    await db.schema
      .createIndex('consumption_day_totals_day_idx')
      .on('consumption_day_totals')
      .column('day')
      .execute()
  }
  // One pass each over the rows already stored; the day totals land in day order.
  await sql`
    insert into consumption_monthly (month, account_id, use_case_id, sku, revenue_cents, first_day, day_rows)
    select cast(date_trunc('month', c.day) as date), c.account_id, c.use_case_id, c.sku,
      sum(c.revenue_cents), min(c.day), count(*)
    from consumption_daily c
    group by cast(date_trunc('month', c.day) as date), c.account_id, c.use_case_id, c.sku`.execute(db)
  await sql`
    insert into consumption_day_totals (day, account_id, use_case_id, revenue_cents)
    select c.day, c.account_id, c.use_case_id, sum(c.revenue_cents)
    from consumption_daily c
    group by c.day, c.account_id, c.use_case_id
    order by c.day`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('consumption_day_totals').ifExists().execute()
  await db.schema.dropTable('consumption_monthly').ifExists().execute()
}
