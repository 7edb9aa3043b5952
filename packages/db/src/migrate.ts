import { Migrator, type MigrationProvider } from 'kysely'
import { RevlabError } from '@revlab/domain'
import { migrations } from './migrations/index.js'
import type { Store } from './open-store.js'

const provider: MigrationProvider = { getMigrations: async () => migrations }

export const LATEST_SCHEMA_VERSION = Object.keys(migrations).sort().at(-1) ?? 'none'

/** Brings the schema to the latest version; returns the names applied now. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new RevlabError('INTERNAL', `migration ${failed} failed on ${store.location}: ${String(error)}`, {
      cause: error,
    })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Reverts every migration (tests use it to prove `down` works). */
export async function migrateDownAll(store: Store): Promise<void> {
  const migrator = new Migrator({ db: store.db, provider })
  for (;;) {
    const { error, results } = await migrator.migrateDown()
    if (error) throw error
    if (!results || results.length === 0) return
  }
}

export async function schemaVersion(store: Store): Promise<string | null> {
  const applied = await new Migrator({ db: store.db, provider }).getMigrations()
  return (
    applied
      .filter((m) => m.executedAt)
      .map((m) => m.name)
      .sort()
      .at(-1) ?? null
  )
}
