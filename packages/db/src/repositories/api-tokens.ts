import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

export type ApiToken = {
  id: string
  userId: string
  name: string
  createdAt: string
  lastUsedAt: string | null
}

/** Stores only the hash of the token; the token itself is shown once, when made. */
export async function createApiToken(
  db: Kysely<Database>,
  token: { id: string; userId: string; name: string; tokenHash: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      created_at: token.createdAt,
      last_used_at: null,
    })
    .execute()
}

export async function findApiTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      name: row.name,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
    }
  )
}

export async function touchApiToken(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute()
}
