/**
 * The store section: demo generation (rows/s), bulk load per engine (rows/s),
 * and representative queries per engine (median of repeated runs), DuckDB
 * and PostgreSQL side by side on the same demo company.
 */
import { performance } from 'node:perf_hooks'
import { listDeals, loadDealOutcomeInputs, loadPipelineInputs, type Store } from '@revlab/db'
import { analyzePipelineOverview, analyzeWinPatterns } from '@revlab/analyses'
import { demoStores } from './demo-stores.js'
import type { BenchOptions, BenchSection } from './types.js'

const REPEATS = 7

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now()
  const result = await work()
  return { ms: performance.now() - t0, result }
}

type QueryBench = { name: string; run: (store: Store) => Promise<unknown> }

const queries: QueryBench[] = [
  {
    name: 'pipeline by stage + win rate by quarter',
    run: async (s) =>
      analyzePipelineOverview(await loadPipelineInputs(s.db, {}, { kind: 'all' }), { asOf: '2026-11-23' }),
  },
  {
    name: 'deals page 1 (25, by close date)',
    run: (s) => listDeals(s.db, { page: 1, pageSize: 25, sort: 'closeDate', order: 'desc' }, { kind: 'all' }),
  },
  {
    name: 'deals search "data" (25, by amount)',
    run: (s) =>
      listDeals(s.db, { page: 1, pageSize: 25, sort: 'amount', order: 'desc', q: 'data' }, { kind: 'all' }),
  },
  {
    // What the Win Patterns page waits for: every closed deal read from the store, then the whole analysis.
    name: 'win patterns (load + analyse, all deals)',
    run: async (s) => analyzeWinPatterns(await loadDealOutcomeInputs(s.db, { asOf: '2026-11-23' })),
  },
  {
    name: 'consumption: revenue by account (all days)',
    run: (s) =>
      s.db
        .selectFrom('consumption_daily')
        .select((eb) => ['account_id', eb.fn.sum<number>('revenue_cents').as('revenue')])
        .groupBy('account_id')
        .execute(),
  },
]

export async function runStoreBench({ scale, log }: BenchOptions): Promise<BenchSection> {
  log(`store: ${scale} demo company`)
  const demo = await demoStores(scale, log)
  const gen = { ms: demo.generate.ms }
  const consumptionMs = 0
  const { recordRows, consumptionRows } = demo.generate
  const results: Record<string, { loadMs: number; rows: number; queries: Record<string, number> }> = {}
  for (const engine of ['duckdb', 'postgres'] as const) {
    const store = demo.stores[engine]
    const timings: Record<string, number> = {}
    for (const q of queries) {
      await q.run(store) // warm up
      const runs: number[] = []
      for (let i = 0; i < REPEATS; i++) runs.push((await time(() => q.run(store))).ms)
      timings[q.name] = median(runs)
    }
    results[engine] = { loadMs: demo.load[engine].ms, rows: demo.load[engine].rows, queries: timings }
  }

  const duck = results.duckdb
  const pgr = results.postgres
  if (!duck || !pgr) throw new Error('an engine did not run')
  const totalRows = recordRows + consumptionRows
  const report = {
    scale,
    generate: {
      rows: totalRows,
      seconds: (gen.ms + consumptionMs) / 1000,
      rows_per_second: Math.round(totalRows / ((gen.ms + consumptionMs) / 1000)),
    },
    load: {
      duckdb: {
        rows: duck.rows,
        seconds: duck.loadMs / 1000,
        rows_per_second: Math.round(duck.rows / (duck.loadMs / 1000)),
      },
      postgres: {
        rows: pgr.rows,
        seconds: pgr.loadMs / 1000,
        rows_per_second: Math.round(pgr.rows / (pgr.loadMs / 1000)),
      },
    },
    queries_ms_median: queries.map((q) => ({
      query: q.name,
      duckdb: duck.queries[q.name],
      postgres: pgr.queries[q.name],
    })),
  }
  const fmt = new Intl.NumberFormat('en-US')
  return {
    title: `Store — ${scale} demo company (${fmt.format(totalRows)} rows)`,
    columns: ['DuckDB', 'PostgreSQL'],
    rows: [
      ['demo generation (rows/s, engine-free)', fmt.format(report.generate.rows_per_second), ''],
      [
        'bulk load (rows/s)',
        fmt.format(report.load.duckdb.rows_per_second),
        fmt.format(report.load.postgres.rows_per_second),
      ],
      ['bulk load (s)', report.load.duckdb.seconds.toFixed(2), report.load.postgres.seconds.toFixed(2)],
      ...report.queries_ms_median.map((q): string[] => [
        `${q.query} (ms, median of ${REPEATS})`,
        (q.duckdb ?? NaN).toFixed(1),
        (q.postgres ?? NaN).toFixed(1),
      ]),
    ],
    json: report,
  }
}
