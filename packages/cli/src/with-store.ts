import { migrateToLatest, openStore, resolveDbSpec, type Store } from '@revlab/db'

/** Opens the store named by --db / REVLAB_DB / ./revlab.duckdb, brings its schema up to date, runs `work`, closes it. */
export async function withStore<T>(
  dbFlag: string | undefined,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(resolveDbSpec(dbFlag))
  try {
    await migrateToLatest(store)
    return await work(store)
  } finally {
    await store.close()
  }
}
