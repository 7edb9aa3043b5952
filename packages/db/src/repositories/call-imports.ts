/**
 * What a call import needs beyond id-keyed upserts: utterances have no id of
 * their own (call + seq), so a changed call's utterances, metrics, evidence
 * and call-sourced deal signals are deleted before they are written again.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../schema.js'

/** Deletes everything stored under the given calls except the call rows themselves. */
export async function deleteCallChildren(tx: Kysely<Database>, callIds: readonly string[]): Promise<void> {
  if (callIds.length === 0) return
  const ids = [...callIds]
  await tx.deleteFrom('utterances').where('call_id', 'in', ids).execute()
  await tx.deleteFrom('call_metrics').where('call_id', 'in', ids).execute()
  await tx.deleteFrom('call_evidence').where('call_id', 'in', ids).execute()
  // Call-sourced signals carry the call id in their id (`<callId>:signal:<kind>`).
  await tx
    .deleteFrom('deal_signals')
    .where('source', '=', 'call')
    .where((eb) =>
      eb.or(ids.map((id) => eb('id', 'like', `${id.replace(/[%_\\]/g, (c) => `\\${c}`)}:signal:%`))),
    )
    .execute()
}

/** Whether a deal with this id exists (a `--deal` given to a call import). */
export async function dealExists(db: Kysely<Database>, dealId: string): Promise<boolean> {
  const row = await db.selectFrom('deals').select('id').where('id', '=', dealId).executeTakeFirst()
  return row !== undefined
}
