import { sql } from 'kysely'
import { TABLES, type TableName } from './schema.js'
import type { Store } from './open-store.js'

/** Rows in every table, in the order of TABLES. */
export async function countRows(store: Store): Promise<Record<TableName, number>> {
  const union = sql.join(
    TABLES.map((t) => sql`select ${t} as t, count(*) as n from ${sql.table(t)}`),
    sql` union all `,
  )
  const { rows } = await sql<{ t: TableName; n: number | string }>`${union}`.execute(store.db)
  const byTable = new Map(rows.map((r) => [r.t, Number(r.n)]))
  return Object.fromEntries(TABLES.map((t) => [t, byTable.get(t) ?? 0])) as Record<TableName, number>
}
