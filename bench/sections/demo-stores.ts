/**
 * One demo company, generated once per benchmark run and loaded into DuckDB
 * and into a throwaway PostgreSQL; every section that needs a populated store
 * shares these instead of loading its own. The load itself is timed here.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  countRows,
  loadDataset,
  migrateToLatest,
  openStore,
  startPostgresCluster,
  type Engine,
  type Store,
} from '@revlab/db'
import { generateDemoCompany, type DemoScale } from '@revlab/demo-data'

export type DemoStores = {
  scale: DemoScale
  stores: Record<Engine, Store>
  load: Record<Engine, { ms: number; rows: number }>
  generate: { ms: number; recordRows: number; consumptionRows: number }
}

let loaded: { scale: DemoScale; promise: Promise<DemoStores> } | undefined
let cleanup: (() => Promise<void>) | undefined

export function demoStores(scale: DemoScale, log: (m: string) => void): Promise<DemoStores> {
  if (loaded?.scale !== scale) loaded = { scale, promise: loadDemoStores(scale, log) }
  return loaded.promise
}

export async function closeDemoStores(): Promise<void> {
  await cleanup?.()
  cleanup = undefined
  loaded = undefined
}

async function loadDemoStores(scale: DemoScale, log: (m: string) => void): Promise<DemoStores> {
  const t0 = performance.now()
  const company = generateDemoCompany({ scale, seed: 42, asOf: '2026-11-23' })
  let consumptionRows = 0
  for (const chunk of company.consumption()) consumptionRows += chunk.length
  const generate = {
    ms: performance.now() - t0,
    recordRows: Object.values(company.dataset).reduce((n, rows) => n + rows.length, 0),
    consumptionRows,
  }
  log(`generated ${generate.recordRows + consumptionRows} rows in ${(generate.ms / 1000).toFixed(1)} s`)

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-bench-'))
  const cluster = await startPostgresCluster()
  const stores: Partial<Record<Engine, Store>> = {}
  cleanup = async () => {
    for (const store of Object.values(stores)) await store.close()
    cluster.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const specs = [
    { engine: 'duckdb' as const, path: path.join(dir, 'bench.duckdb') },
    { engine: 'postgres' as const, url: await cluster.createDatabase('bench') },
  ]
  const load: Partial<DemoStores['load']> = {}
  for (const spec of specs) {
    const store = await openStore(spec)
    stores[spec.engine] = store
    await migrateToLatest(store)
    log(`loading into ${spec.engine}…`)
    const started = performance.now()
    await loadDataset(store, company.dataset, { consumption: company.consumption })
    const ms = performance.now() - started
    load[spec.engine] = { ms, rows: Object.values(await countRows(store)).reduce((a, b) => a + b, 0) }
  }
  return { scale, stores: stores as Record<Engine, Store>, load: load as DemoStores['load'], generate }
}
