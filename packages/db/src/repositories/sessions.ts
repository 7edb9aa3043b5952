import type { Kysely } from 'kysely'
import type { Database, SessionTable } from '../schema.js'

export type Session = { id: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string }

const toSession = (row: SessionTable): Session => ({
  id: row.id,
  userId: row.user_id,
  csrfToken: row.csrf_token,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
})

/** `id` is the hash of the cookie's token, never the token itself. */
export async function createSession(db: Kysely<Database>, session: Session): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute()
}

export async function findLiveSession(
  db: Kysely<Database>,
  id: string,
  now: string,
): Promise<Session | undefined> {
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row && toSession(row)
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute()
}
