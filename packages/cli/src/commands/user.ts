import { randomBytes } from 'node:crypto'
import { RevlabError, USER_ROLES, type UserRole } from '@revlab/domain'
import { createUser, writeAudit } from '@revlab/db'
import { hashPassword } from '@revlab/server'
import { note, printJson } from '../output.js'
import { withStore } from '../with-store.js'

export type UserAddOptions = { db?: string; role: string; name?: string; person?: string; json?: boolean }

export async function userAddCommand(email: string, options: UserAddOptions): Promise<void> {
  if (!USER_ROLES.includes(options.role as UserRole)) {
    throw new RevlabError('BAD_USAGE', `unknown role "${options.role}"`, {
      hint: `use one of ${USER_ROLES.join(', ')}`,
    })
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new RevlabError('BAD_USAGE', `not an email address: "${email}"`)
  }
  // The password comes from the environment (never a flag: flags land in shell history), else one is made up and shown once.
  const given = process.env.REVLAB_PASSWORD
  const password = given && given.length > 0 ? given : randomBytes(12).toString('base64url')
  const user = await withStore(options.db, async (store) => {
    const now = new Date().toISOString()
    const created = await createUser(
      store.db,
      {
        email,
        name: options.name ?? email.split('@')[0] ?? email,
        role: options.role as UserRole,
        personId: options.person ?? null,
        passwordHash: await hashPassword(password),
      },
      now,
    )
    await writeAudit(store.db, {
      at: now,
      userId: null,
      action: 'create',
      entity: 'user',
      entityId: created.id,
      detail: { email: created.email, role: created.role },
    })
    return created
  })
  const shown = given ? undefined : password
  if (options.json)
    return printJson({
      id: user.id,
      email: user.email,
      role: user.role,
      ...(shown ? { password: shown } : {}),
    })
  note(`added ${user.email} as ${user.role}`)
  if (shown) note(`password (shown once): ${shown}`)
}
