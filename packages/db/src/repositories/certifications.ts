import type { Kysely } from 'kysely'
import { RevlabError, type Certification } from '@revlab/domain'
import type { Database } from '../schema.js'

/** The sales-team person with this email (on their record or as an alias), or undefined. */
export async function findPersonIdByEmail(db: Kysely<Database>, email: string): Promise<string | undefined> {
  const value = email.trim().toLowerCase()
  const direct = await db
    .selectFrom('people')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', value))
    .executeTakeFirst()
  if (direct) return direct.id
  const alias = await db
    .selectFrom('person_aliases')
    .select('person_id')
    .where('kind', '=', 'email')
    .where((eb) => eb(eb.fn('lower', ['value']), '=', value))
    .executeTakeFirst()
  return alias?.person_id
}

/**
 * Records a certification outcome, replacing an earlier record with the same
 * id (one per person, certification and day), so re-running is idempotent.
 */
export async function recordCertification(db: Kysely<Database>, cert: Certification): Promise<void> {
  if (!(await db.selectFrom('people').select('id').where('id', '=', cert.personId).executeTakeFirst())) {
    throw new RevlabError('NOT_FOUND', `no person ${cert.personId}`)
  }
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('certifications').where('id', '=', cert.id).execute()
    await tx
      .insertInto('certifications')
      .values({
        id: cert.id,
        person_id: cert.personId,
        name: cert.name,
        product: cert.product,
        earned_at: cert.earnedAt,
        expires_at: cert.expiresAt,
        status: cert.status,
      })
      .execute()
  })
}
