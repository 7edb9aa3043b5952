import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { User, UserRole } from '@revlab/domain'
import { RevlabError } from '@revlab/domain'
import type { Database, RowOf } from '../schema.js'

const toUser = (row: RowOf<User>): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  personId: row.person_id,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  disabled: row.disabled,
})

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst()
  return row && toUser(row)
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toUser(row)
}

export type NewUser = {
  email: string
  name: string
  role: UserRole
  personId?: string | null
  passwordHash: string
}

export async function createUser(db: Kysely<Database>, user: NewUser, now: string): Promise<User> {
  const email = user.email.trim().toLowerCase()
  if (await findUserByEmail(db, email)) {
    throw new RevlabError('CONFLICT', `a user with the email ${email} exists already`, {
      hint: 'pick another email, or change that user instead',
    })
  }
  const row: RowOf<User> = {
    id: `usr_${randomUUID()}`,
    email,
    name: user.name,
    role: user.role,
    person_id: user.personId ?? null,
    password_hash: user.passwordHash,
    created_at: now,
    disabled: false,
  }
  await db.insertInto('users').values(row).execute()
  return toUser(row)
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute()
  return rows.map(toUser)
}
