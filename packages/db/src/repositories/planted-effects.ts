import type { Kysely } from 'kysely'
import type { PlantedEffect } from '@revlab/domain'
import type { Database } from '../schema.js'

export async function listPlantedEffects(db: Kysely<Database>): Promise<PlantedEffect[]> {
  const rows = await db.selectFrom('planted_effects').selectAll().orderBy('key').execute()
  return rows.map((r) => ({
    key: r.key,
    description: r.description,
    planted: r.planted,
    metric: r.metric,
    detail: r.detail,
  }))
}
