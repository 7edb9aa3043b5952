/**
 * SQL an importer composes as text (the mapped import's native path: a
 * mapping compiled to SQL), run inside the import's transaction. The text
 * is trusted: its literals are quoted by the caller, never taken from input
 * without quoting.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../schema.js'

/** Runs one statement. */
export async function runSqlText(tx: Kysely<Database>, text: string): Promise<void> {
  await sql.raw(text).execute(tx)
}

/** Runs one query and returns its rows. */
export async function querySqlText<T>(tx: Kysely<Database>, text: string): Promise<T[]> {
  return (await sql.raw<T>(text).execute(tx)).rows
}
