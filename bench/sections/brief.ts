/**
 * The daily questions on a populated store, DuckDB and PostgreSQL side by
 * side: the morning-coffee briefing, the exception chain, and answers from
 * the question box (median of repeated runs).
 */
import { performance } from 'node:perf_hooks'
import { answerQuestion, buildBrief, buildExceptions } from '@revlab/server'
import type { Store } from '@revlab/db'
import { demoStores } from './demo-stores.js'
import type { BenchOptions, BenchSection } from './types.js'

const REPEATS = 5
const AS_OF = '2026-11-23'

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

async function timed(work: () => Promise<unknown>): Promise<number> {
  await work() // warm up
  const runs: number[] = []
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now()
    await work()
    runs.push(performance.now() - t0)
  }
  return median(runs)
}

const tasks: { name: string; run: (store: Store) => Promise<unknown> }[] = [
  { name: 'morning-coffee briefing', run: (store) => buildBrief(store, { date: AS_OF }) },
  { name: 'exceptions (every rep and team)', run: (store) => buildExceptions(store, { date: AS_OF }) },
  {
    name: 'ask: "how is Lars doing over the last 30 days?"',
    run: (store) =>
      answerQuestion(store, { question: 'How is Lars doing over the last 30 days?', today: AS_OF }),
  },
  {
    name: 'ask: "which accounts lost the most consumption last week?"',
    run: (store) =>
      answerQuestion(store, {
        question: 'which accounts lost the most consumption last week?',
        today: AS_OF,
      }),
  },
]

export async function runBriefBench({ scale, log }: BenchOptions): Promise<BenchSection> {
  const demo = await demoStores(scale, log)
  log('brief: timing the briefing, exceptions and ask on both engines')
  const figures: Record<string, { duckdb: number; postgres: number }> = {}
  for (const task of tasks) {
    figures[task.name] = {
      duckdb: await timed(() => task.run(demo.stores.duckdb)),
      postgres: await timed(() => task.run(demo.stores.postgres)),
    }
  }
  return {
    title: `Daily questions — ${scale} demo company (${new Intl.NumberFormat('en-US').format(demo.generate.consumptionRows)} consumption rows), ms, median of ${REPEATS}`,
    columns: ['DuckDB', 'PostgreSQL'],
    rows: tasks.map((t) => [
      t.name,
      (figures[t.name]?.duckdb ?? NaN).toFixed(0),
      (figures[t.name]?.postgres ?? NaN).toFixed(0),
    ]),
    json: figures,
  }
}
