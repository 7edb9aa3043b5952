import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

export type AuditEntry = {
  at: string
  userId: string | null
  action: string
  entity: string
  entityId: string | null
  detail?: Record<string, unknown>
}

/** Every change to a record is written here. Never put a secret in `detail`. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: `aud_${randomUUID()}`,
      at: entry.at,
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute()
}

/**
 * A fingerprint of what the store holds, for caches of slow analyses: it
 * changes with every committed import and every audited edit (sign-ins do
 * not count). Two small aggregates: cheap to ask before serving a cached result.
 */
export async function loadDataVersion(db: Kysely<Database>): Promise<string> {
  const imports = await db
    .selectFrom('import_runs')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('finished_at').as('last')])
    .executeTakeFirst()
  const edits = await db
    .selectFrom('audit_log')
    .where('action', '<>', 'login')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst()
  const last: unknown = imports?.last
  return [
    String(imports?.n ?? 0),
    last instanceof Date ? last.toISOString() : String(last ?? ''),
    String(edits?.n ?? 0),
  ].join('|')
}
