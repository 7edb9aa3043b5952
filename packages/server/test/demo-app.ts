/**
 * A small demo company in a temp DuckDB file, with a login per role and the
 * API app over it: what the API tests run against (no port, no process).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createUser, loadDataset, migrateToLatest, openStore, type Engine, type Store } from '@revlab/db'
import { generateDemoCompany, type DemoCompany } from '@revlab/demo-data'
import { createApp, hashPassword, type RevlabApp } from '@revlab/server'
import { freshDatabase } from '../../db/test/engines.js'

export type DemoApp = { store: Store; app: RevlabApp; company: DemoCompany }

/** `engine` (default duckdb): run the same API tests on PostgreSQL too (see db/test/engines.ts). */
export async function openDemoApp(options: {
  seed: number
  now: Date
  asOf?: string
  engine?: Engine
}): Promise<DemoApp> {
  const asOf = options.asOf ?? options.now.toISOString().slice(0, 10)
  const store =
    options.engine && options.engine !== 'duckdb'
      ? await openStore(await freshDatabase(options.engine))
      : await openStore({
          engine: 'duckdb',
          path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-api-')), 'demo.duckdb'),
        })
  await migrateToLatest(store)
  const company = generateDemoCompany({ scale: 'small', seed: options.seed, asOf })
  await loadDataset(store, company.dataset)
  const passwordHash = await hashPassword(company.demoPassword)
  for (const l of company.logins) {
    await createUser(
      store.db,
      { email: l.email, name: l.name, role: l.role, personId: l.personId, passwordHash },
      options.now.toISOString(),
    )
  }
  return { store, app: createApp({ store, now: () => options.now }), company }
}
