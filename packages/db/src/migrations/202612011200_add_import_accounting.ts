/**
 * Import accounting: every run says how many rows it inserted, updated or
 * left unchanged (plus a JSON summary of notes and created records), and
 * every reject names its physical line and column as well as its row.
 * Frozen: no imports from app code.
 */
import { sql, type Kysely } from 'kysely'

const added: [table: string, column: string, type: string][] = [
  ['import_runs', 'inserted', 'bigint'],
  ['import_runs', 'updated', 'bigint'],
  ['import_runs', 'unchanged', 'bigint'],
  ['import_runs', 'summary', 'text'],
  ['import_rejects', 'line', 'bigint'],
  ['import_rejects', 'column_name', 'text'],
]

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: DuckDB takes a single action per ALTER TABLE.
  for (const [table, column, type] of added) {
    await db.schema.alterTable(table).addColumn(column, sql.raw(type)).execute()
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // DuckDB will not drop a column of a table that has an index: drop the index and put it back after.
  await db.schema.dropIndex('import_rejects_run_id_idx').ifExists().execute()
  for (const [table, column] of [...added].reverse()) {
    await db.schema.alterTable(table).dropColumn(column).execute()
  }
  await db.schema.createIndex('import_rejects_run_id_idx').on('import_rejects').column('run_id').execute()
}
