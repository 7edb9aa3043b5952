import {
  migrateToLatest,
  openStore,
  removeServerNote,
  resolveDbSpec,
  writeServerNote,
  type Store,
} from '@revlab/db'
import { startServer, stopImportRuns, type RunningServer } from '@revlab/server'
import { note } from '../output.js'
import { WEB_DIST } from '../web-dist.js'

export const DEFAULT_PORT = 4600

/** Serves an open store until the process is told to stop; the DuckDB file stays held meanwhile. */
export async function serveStore(store: Store, port: number, host?: string): Promise<RunningServer> {
  const server = await startServer({ store, port, ...(host ? { host } : {}), webDist: WEB_DIST })
  if (store.engine === 'duckdb') {
    writeServerNote(store.location, {
      pid: process.pid,
      url: server.url,
      startedAt: new Date().toISOString(),
    })
  }
  const stop = async (): Promise<void> => {
    note('\nstopping…')
    // A running import rolls back (its transaction never commits) before the store closes.
    await stopImportRuns(store, 'the server is stopping')
    await server.close()
    if (store.engine === 'duckdb') removeServerNote(store.location)
    await store.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  return server
}

export function parsePort(raw: string): number {
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`not a port number: ${raw}`)
  }
  return port
}

export async function serveCommand(options: { db?: string; port: number; host?: string }): Promise<void> {
  const store = await openStore(resolveDbSpec(options.db))
  await migrateToLatest(store)
  const server = await serveStore(store, options.port, options.host)
  note(`Revlab is serving ${store.location} (${store.engine}) at ${server.url} — Ctrl-C to stop`)
}
