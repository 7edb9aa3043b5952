/**
 * Writing an edited record with its audit entry, in one transaction: a
 * record whose fields map one to one onto a table's columns (a POC, an
 * experiment). The audit entry holds before and after (only the changed
 * fields on an update), plus any context the caller adds (the POC's deal).
 */
import type { Kysely } from 'kysely'
import type { Database, TableName } from '../schema.js'
import { writeAudit } from './audit-log.js'
import type { EditActor } from './deal-edits.js'

/** A record's fields (all but `id`) and the columns that hold them. */
export type FieldColumns<R> = Readonly<Record<Exclude<keyof R, 'id'>, string>>

type Audited = { entity: string; context?: Record<string, unknown> }

export async function insertAuditedRecord<R extends { id: string }>(
  db: Kysely<Database>,
  table: TableName,
  columns: FieldColumns<R>,
  record: R,
  actor: EditActor,
  audit: Audited,
): Promise<void> {
  const values: Record<string, unknown> = { id: record.id }
  for (const [field, column] of Object.entries(columns)) values[column as string] = record[field as keyof R]
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto(table)
      .values(values as never)
      .execute()
    await writeAudit(tx, {
      at: actor.at,
      userId: actor.userId,
      action: 'create',
      entity: audit.entity,
      entityId: record.id,
      detail: { ...audit.context, before: null, after: record },
    })
  })
}

/** Writes the fields of `after` that differ from `before`; returns them (none: nothing written, no audit entry). */
export async function updateAuditedRecord<R extends { id: string }>(
  db: Kysely<Database>,
  table: TableName,
  columns: FieldColumns<R>,
  before: R,
  after: R,
  actor: EditActor,
  audit: Audited,
): Promise<Exclude<keyof R, 'id'>[]> {
  const fields = Object.keys(columns) as Exclude<keyof R, 'id'>[]
  const changed = fields.filter((k) => after[k] !== before[k])
  if (changed.length === 0) return []
  const set: Record<string, unknown> = {}
  for (const k of changed) set[columns[k]] = after[k]
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable(table)
      .set(set as never)
      .where('id' as never, '=', before.id as never)
      .execute()
    await writeAudit(tx, {
      at: actor.at,
      userId: actor.userId,
      action: 'update',
      entity: audit.entity,
      entityId: before.id,
      detail: {
        ...audit.context,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
    })
  })
  return changed
}
