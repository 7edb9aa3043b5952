import type { Kysely } from 'kysely'
import type { User } from '@revlab/domain'
import { assertNever } from '@revlab/domain'
import type { Database } from '../schema.js'

/** Whose deals a user may see: a rep their own, a manager their team's, everyone else all. */
export type OwnerScope = { kind: 'all' } | { kind: 'owners'; ownerIds: string[] }

export async function ownerScopeFor(db: Kysely<Database>, user: User): Promise<OwnerScope> {
  switch (user.role) {
    case 'admin':
    case 'leader':
    case 'analyst':
      return { kind: 'all' }
    case 'rep':
      return { kind: 'owners', ownerIds: user.personId ? [user.personId] : [] }
    case 'manager': {
      if (!user.personId) return { kind: 'owners', ownerIds: [] }
      const team = await db
        .selectFrom('people')
        .select('id')
        .where('manager_id', '=', user.personId)
        .execute()
      return { kind: 'owners', ownerIds: [user.personId, ...team.map((p) => p.id)] }
    }
    default:
      return assertNever(user.role, 'role')
  }
}
