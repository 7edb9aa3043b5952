/**
 * `revlab demo`: generates the synthetic company into the chosen store (one
 * transaction), creates a login per role, prints a briefing of what it holds,
 * and serves the web app. Refuses to overwrite a database with data in it
 * unless told `--replace`.
 */
import { performance } from 'node:perf_hooks'
import { RevlabError } from '@revlab/domain'
import {
  countRows,
  createUser,
  loadDataset,
  loadPipelineInputs,
  migrateDownAll,
  migrateToLatest,
  openStore,
  resolveDbSpec,
  type Store,
} from '@revlab/db'
import { generateDemoCompany, type DemoCompany, type DemoScale } from '@revlab/demo-data'
import { analyzePipelineOverview } from '@revlab/analyses'
import { hashPassword } from '@revlab/server'
import { createProgress } from '../progress.js'
import { formatCount, formatMoney, formatPercent, note, printJson, renderTable } from '../output.js'
import { serveStore } from './serve.js'
import { printBriefFor } from './brief.js'

export const DEMO_SCALE_NAMES = ['small', 'medium', 'large'] as const satisfies readonly DemoScale[]

export type DemoOptions = {
  db?: string
  scale: DemoScale
  seed: number
  asOf: string
  serve: boolean
  port: number
  replace?: boolean
  json?: boolean
}

export type DemoResult = {
  database: string
  engine: string
  scale: DemoScale
  seed: number
  as_of: string
  seconds: number
  rows_per_second: number
  counts: Record<string, number>
  planted_effects: { key: string; description: string; planted: number; metric: string; detail: unknown }[]
  logins: { email: string; name: string; role: string; person_id: string | null; password: string }[]
}

async function assertEmptyOrReplace(store: Store, replace: boolean): Promise<void> {
  const counts = await countRows(store)
  const held = Object.entries(counts).filter(([, n]) => n > 0)
  if (held.length === 0) return
  if (!replace) {
    const summary = held
      .slice(0, 4)
      .map(([t, n]) => `${formatCount(n)} ${t}`)
      .join(', ')
    throw new RevlabError(
      'DB_NOT_EMPTY',
      `${store.location} already holds data (${summary}${held.length > 4 ? ', …' : ''})`,
      {
        hint: 'pass --replace to delete it and load the demo, or --db to use another database',
      },
    )
  }
  await migrateDownAll(store)
  await migrateToLatest(store)
}

/** Generates and loads the demo into an open, migrated store. */
export async function loadDemo(
  store: Store,
  options: Omit<DemoOptions, 'db' | 'serve' | 'port' | 'json'>,
): Promise<DemoResult> {
  await assertEmptyOrReplace(store, options.replace ?? false)
  const started = performance.now()
  const company: DemoCompany = generateDemoCompany({
    scale: options.scale,
    seed: options.seed,
    asOf: options.asOf,
  })
  const progress = createProgress('Loading demo')
  try {
    await loadDataset(store, company.dataset, {
      consumption: company.consumption,
      consumptionRowEstimate: company.consumptionRowEstimate,
      onProgress: (p) => progress.update(p.rows, p.totalRows, p.table),
    })
  } finally {
    progress.stop()
  }
  const passwordHash = await hashPassword(company.demoPassword)
  for (const login of company.logins) {
    await createUser(
      store.db,
      { email: login.email, name: login.name, role: login.role, personId: login.personId, passwordHash },
      `${options.asOf}T00:00:00.000Z`,
    )
  }
  const seconds = (performance.now() - started) / 1000
  const counts = await countRows(store)
  const totalRows = Object.values(counts).reduce((a, b) => a + b, 0)
  return {
    database: store.location,
    engine: store.engine,
    scale: options.scale,
    seed: options.seed,
    as_of: options.asOf,
    seconds: Math.round(seconds * 100) / 100,
    rows_per_second: Math.round(totalRows / seconds),
    counts,
    planted_effects: company.dataset.plantedEffects.map((e) => ({
      key: e.key,
      description: e.description,
      planted: e.planted,
      metric: e.metric,
      detail: JSON.parse(e.detail) as unknown,
    })),
    logins: company.logins.map((l) => ({
      email: l.email,
      name: l.name,
      role: l.role,
      person_id: l.personId,
      password: company.demoPassword,
    })),
  }
}

async function printBriefing(store: Store, result: DemoResult): Promise<void> {
  const overview = analyzePipelineOverview(await loadPipelineInputs(store.db, {}, { kind: 'all' }), {
    asOf: result.as_of,
  })
  const t = overview.totals
  const lines = [
    `Revlab demo company — ${result.scale} scale, seed ${result.seed}, as of ${result.as_of}`,
    `Stored in ${result.database} (${result.engine}): ${formatCount(Object.values(result.counts).reduce((a, b) => a + b, 0))} rows in ${result.seconds.toFixed(1)} s`,
    '',
    `  ${formatCount(result.counts.people ?? 0)} people · ${formatCount(result.counts.accounts ?? 0)} accounts · ${formatCount(result.counts.deals ?? 0)} deals · ${formatCount(result.counts.calls ?? 0)} calls · ${formatCount(result.counts.consumption_daily ?? 0)} consumption rows`,
    `  Open pipeline ${formatMoney(t.openAmountCents)} in ${formatCount(t.openDeals)} deals.`,
    `  Win rate ${formatPercent(t.winRate)} (95% CI ${formatPercent(t.winRateCi95?.[0] ?? null)}–${formatPercent(t.winRateCi95?.[1] ?? null)}) over ${formatCount(t.closedDeals)} closed deals.`,
  ]
  const recent = overview.byQuarter.slice(-4)
  if (recent.length > 0) {
    lines.push(
      `  Last quarters: ${recent.map((q) => `${q.quarter} ${formatPercent(q.winRate, 0)} of ${formatCount(q.closed)}`).join(' · ')}`,
    )
  }
  lines.push('', 'Planted effects (the truth `revlab demo verify` checks the analyses against):')
  process.stdout.write(`${lines.join('\n')}\n`)
  process.stdout.write(
    `${renderTable(result.planted_effects, [
      { header: 'effect', value: (e) => e.key },
      { header: 'planted', value: (e) => e.planted, align: 'right' },
      { header: 'as', value: (e) => e.metric },
      { header: 'what it means', value: (e) => e.description },
    ])}\n`,
  )
  process.stdout.write('\n')
  await printBriefFor(store, {})
}

function printLogins(result: DemoResult, url: string | undefined): void {
  const lines = [url ? `\nSign in at ${url} as any of:` : '\nLogins (serve with `revlab serve`):']
  for (const l of result.logins)
    lines.push(`  ${l.role.padEnd(8)} ${l.email.padEnd(36)} password: ${l.password}`)
  process.stdout.write(`${lines.join('\n')}\n`)
}

export async function demoCommand(options: DemoOptions): Promise<void> {
  const store = await openStore(resolveDbSpec(options.db))
  let serving = false
  try {
    await migrateToLatest(store)
    const result = await loadDemo(store, options)
    if (options.json) {
      printJson(result)
    } else {
      await printBriefing(store, result)
    }
    if (!options.serve) {
      if (!options.json) printLogins(result, undefined)
      return
    }
    const server = await serveStore(store, options.port)
    serving = true
    if (!options.json) printLogins(result, server.url)
    note(`\nServing at ${server.url} — Ctrl-C to stop`)
  } finally {
    if (!serving) await store.close()
  }
}
