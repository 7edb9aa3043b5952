/**
 * Reading the audit log: a record's history (a deal and its POCs), newest
 * first, with the name of who made each change.
 */
import type { Kysely } from 'kysely'
import type { AuditEntryView } from '@revlab/domain'
import type { Database } from '../schema.js'

export async function listAuditEntries(
  db: Kysely<Database>,
  filter: { entityIds?: string[]; entity?: string; limit?: number } = {},
): Promise<AuditEntryView[]> {
  let q = db.selectFrom('audit_log as l').leftJoin('users as u', 'u.id', 'l.user_id')
  if (filter.entityIds) {
    if (filter.entityIds.length === 0) return []
    q = q.where('l.entity_id', 'in', filter.entityIds)
  }
  if (filter.entity) q = q.where('l.entity', '=', filter.entity)
  const rows = await q
    .select([
      'l.id',
      'l.at',
      'l.user_id',
      'u.name as user_name',
      'l.action',
      'l.entity',
      'l.entity_id',
      'l.detail',
    ])
    .orderBy('l.at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(filter.limit ?? 200)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    at: String(r.at),
    userId: r.user_id,
    userName: r.user_name ?? null,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }))
}

/** The ids whose audit entries make up a deal's history: the deal and its POCs. */
export async function dealAuditIds(db: Kysely<Database>, dealId: string): Promise<string[]> {
  const pocs = await db.selectFrom('pocs').select('id').where('deal_id', '=', dealId).execute()
  return [dealId, ...pocs.map((p) => p.id)]
}
