/**
 * The enablement ROI analysis on a populated store, DuckDB and PostgreSQL
 * side by side: reading the inputs (people, learning events, per-call
 * metrics, deals), the pure analysis, and the whole request as the API and
 * `revlab analyze enablement` run it (median of repeated runs).
 */
import { performance } from 'node:perf_hooks'
import { loadEnablementInputs, type Engine } from '@revlab/db'
import { analyzeEnablement } from '@revlab/analyses'
import { buildEnablement } from '@revlab/server'
import { demoStores } from './demo-stores.js'
import type { BenchOptions, BenchSection } from './types.js'

const REPEATS = 3

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  await work() // warm up
  const runs: number[] = []
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now()
    await work()
    runs.push(performance.now() - t0)
  }
  return median(runs)
}

export async function runEnablementBench({ scale, log }: BenchOptions): Promise<BenchSection> {
  const demo = await demoStores(scale, log)
  log('enablement: timing the inputs, the analysis and the whole request on both engines')
  const engines: Engine[] = ['duckdb', 'postgres']
  const figures: Record<string, Record<Engine, number>> = {
    'load inputs': { duckdb: NaN, postgres: NaN },
    'analysis (pure)': { duckdb: NaN, postgres: NaN },
    'whole request (buildEnablement)': { duckdb: NaN, postgres: NaN },
  }
  let rows = ''
  for (const engine of engines) {
    const store = demo.stores[engine]
    const inputs = await loadEnablementInputs(store.db)
    rows = `${inputs.calls.length.toLocaleString('en-US')} calls, ${inputs.deals.length.toLocaleString('en-US')} deals`
    ;(figures['load inputs'] as Record<Engine, number>)[engine] = await timed(() =>
      loadEnablementInputs(store.db),
    )
    ;(figures['analysis (pure)'] as Record<Engine, number>)[engine] = await timed(() =>
      analyzeEnablement(inputs),
    )
    ;(figures['whole request (buildEnablement)'] as Record<Engine, number>)[engine] = await timed(() =>
      buildEnablement(store),
    )
  }
  return {
    title: `Enablement ROI — ${scale} demo company (${rows}), ms, median of ${REPEATS}`,
    columns: ['DuckDB', 'PostgreSQL'],
    rows: Object.entries(figures).map(([name, f]) => [name, f.duckdb.toFixed(0), f.postgres.toFixed(0)]),
    json: figures,
  }
}
