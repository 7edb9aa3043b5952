/**
 * Results of slow analyses (the forecast runs tens of thousands of
 * simulations over every deal), kept per store and question until the data
 * changes — a committed import or an audited edit moves the store's data
 * version — or `ttlMs` passes. Requests for the same result while it is
 * being computed share that one computation, so ten people opening the
 * Forecast page at nine o'clock cost one run, not ten.
 */
import { loadDataVersion, type Store } from '@revlab/db'

type Entry = { version: string; at: number; value: Promise<unknown> }

export type AnalysisCache = {
  /** The cached result for `key` when the data has not changed since, else `compute()`'s (then cached). */
  get<T>(store: Store, key: string, compute: () => Promise<T>, nowMs?: number): Promise<T>
}

export function createAnalysisCache(options: { ttlMs: number; maxEntries: number }): AnalysisCache {
  const byStore = new WeakMap<Store, Map<string, Entry>>()
  return {
    async get<T>(store: Store, key: string, compute: () => Promise<T>, nowMs = Date.now()): Promise<T> {
      const entries = byStore.get(store) ?? new Map<string, Entry>()
      byStore.set(store, entries)
      const version = await loadDataVersion(store.db)
      const hit = entries.get(key)
      if (hit && hit.version === version && nowMs - hit.at < options.ttlMs) {
        // Most recently used last, so the oldest is the first to go.
        entries.delete(key)
        entries.set(key, hit)
        return hit.value as Promise<T>
      }
      const value = compute()
      entries.set(key, { version, at: nowMs, value })
      // A failed computation is not kept: the next request tries again.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key)
      })
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value
        if (oldest === undefined) break
        entries.delete(oldest)
      }
      return value
    },
  }
}
