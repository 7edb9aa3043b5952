/**
 * Experiment design fields the edit API records: the smallest effect worth
 * detecting (a win-rate difference or a ratio, by primary metric) and, for
 * assignment by rule, the rule as JSON. Frozen: no imports from app code.
 */
import { sql, type Kysely } from 'kysely'

const added: [table: string, column: string, type: string][] = [
  ['experiments', 'smallest_effect', 'double precision'],
  ['experiments', 'assignment_rule', 'text'],
]

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: DuckDB takes a single action per ALTER TABLE.
  for (const [table, column, type] of added) {
    await db.schema.alterTable(table).addColumn(column, sql.raw(type)).execute()
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of [...added].reverse()) {
    await db.schema.alterTable(table).dropColumn(column).execute()
  }
}
