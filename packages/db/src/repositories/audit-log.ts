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
