/**
 * The analyses section: win patterns and cycle time on a company of 200,000
 * deals (inputs generated in memory with the demo's planted win and cycle
 * models, so the figure is the analysis alone, not the store), and the model
 * fits timed beside R's glm and coxph on the same closed deals when Rscript
 * is installed.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { DealOutcomeInputs, DealOutcomeSignal } from '@revlab/domain'
import { analyzeCycleTime, analyzeWinPatterns } from '@revlab/analyses'
import { createRng, fitCox, fitLogistic } from '@revlab/stats'
import type { BenchOptions, BenchSection } from './types.js'

const DEALS = 200_000
const DAY_MS = 86_400_000
const BOOLEANS = [
  'exec_sponsor',
  'prior_oss_use',
  'hard_deadline',
  'multiple_projects',
  'budget_allocated',
  'metrics',
  'economic_buyer',
  'decision_criteria',
  'decision_process',
  'paper_process',
  'pain',
  'champion',
]

/** Deal outcomes shaped like the large demo company: the planted win and cycle models, independent null signals. */
export function syntheticDealOutcomes(deals: number, seed = 42): DealOutcomeInputs {
  const rng = createRng(seed)
  const asOfDay = Math.floor(Date.parse('2026-11-23T00:00:00Z') / DAY_MS)
  const iso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)
  const signals: DealOutcomeSignal[] = [
    ...BOOLEANS.map((key) => ({
      key,
      label: key.replace(/_/g, ' '),
      group: 'g',
      valueType: 'boolean' as const,
    })),
    { key: 'budget_status', label: 'Budget status', group: 'budget', valueType: 'category' },
    { key: 'competitor', label: 'Competition', group: 'competition', valueType: 'category' },
    { key: 'stakeholder_count', label: 'Stakeholders', group: 'stakeholders', valueType: 'number' },
    { key: 'poc', label: 'POC', group: 'poc', valueType: 'category' },
  ]
  const out: DealOutcomeInputs['deals'] = []
  for (let i = 0; i < deals; i++) {
    const s: Record<string, string> = {}
    const exec = rng.bernoulli(0.35)
    const oss = rng.bernoulli(0.4)
    const deadline = rng.bernoulli(0.3)
    const poc = rng.bernoulli(0.3) ? (rng.bernoulli(0.45) ? 'paid' : 'free') : 'none'
    s.exec_sponsor = String(exec)
    s.prior_oss_use = String(oss)
    s.hard_deadline = String(deadline)
    for (const key of BOOLEANS.slice(3)) if (rng.bernoulli(0.85)) s[key] = String(rng.bernoulli(0.5))
    s.budget_status = rng.pick(['allocated', 'prior_spend', 'fresh_funding', 'planning', 'unknown'])
    s.competitor = rng.pick(['none', 'open_source', 'vendor'])
    s.stakeholder_count = String(rng.int(1, 6))
    s.poc = poc
    const closed = !rng.bernoulli(0.1)
    const days = Math.max(
      1,
      Math.round(80 * Math.exp(Math.log(0.6) * (deadline ? 1 : 0) + rng.normal(0, 0.5))),
    )
    const closeDay = asOfDay - rng.int(0, 729)
    const logit =
      -1.55 +
      Math.log(2.5) * (exec ? 1 : 0) +
      Math.log(1.8) * (oss ? 1 : 0) +
      Math.log(2.2) * (poc === 'paid' ? 1 : 0)
    out.push({
      id: `d${i}`,
      ownerId: `p${i % 1000}`,
      segment: 'Mid-Market',
      createdOn: iso(closed ? closeDay - days : asOfDay - rng.int(1, 200)),
      closeDate: iso(closed ? closeDay : asOfDay + 30),
      isClosed: closed,
      isWon: closed && rng.next() < 1 / (1 + Math.exp(-logit)),
      amountCents: 1_000_000,
      signals: s,
    })
  }
  return { asOf: iso(asOfDay), signals, deals: out }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

function timeIt<T>(repeats: number, work: () => T): { ms: number; result: T } {
  const times: number[] = []
  let result: T | undefined
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now()
    result = work()
    times.push(performance.now() - t0)
  }
  return { ms: median(times), result: result as T }
}

function hasRscript(): boolean {
  try {
    execFileSync('Rscript', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export async function runAnalysesBench({ log }: BenchOptions): Promise<BenchSection> {
  log(`analyses: generating ${DEALS.toLocaleString('en-US')} deal outcomes in memory`)
  const inputs = syntheticDealOutcomes(DEALS)
  const win = timeIt(3, () => analyzeWinPatterns(inputs))
  log(`analyses: win patterns ${win.ms.toFixed(0)} ms`)
  const cycle = timeIt(3, () => analyzeCycleTime(inputs, { by: 'hard_deadline' }))
  log(`analyses: cycle time ${cycle.ms.toFixed(0)} ms`)

  // Model fits on the same data: 3 planted terms + 3 null terms.
  const closed = inputs.deals.filter((d) => d.isClosed)
  const terms = ['exec_sponsor', 'prior_oss_use', 'hard_deadline', 'multiple_projects', 'metrics', 'pain']
  const cols = Object.fromEntries(terms.map((t) => [t, closed.map((d) => (d.signals[t] === 'true' ? 1 : 0))]))
  const y = closed.map((d) => d.isWon)
  const logistic = timeIt(3, () => fitLogistic(y, cols))
  const days = closed.map((d) => Math.round((Date.parse(d.closeDate) - Date.parse(d.createdOn)) / DAY_MS))
  const event = closed.map((d) => (d.isWon ? 1 : 0))
  const cox = timeIt(3, () => fitCox(days, event, cols))
  let rLogisticMs: number | null = null
  let rCoxMs: number | null = null
  let maxCoefDiff: number | null = null
  if (hasRscript()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-bench-r-'))
    const csv = path.join(dir, 'fit.csv')
    const header = ['won', 'days', ...terms].join(',')
    const rows = closed.map((_, i) =>
      [y[i] ? 1 : 0, days[i], ...terms.map((t) => (cols[t] as number[])[i])].join(','),
    )
    fs.writeFileSync(csv, `${header}\n${rows.join('\n')}\n`)
    const script = `suppressMessages(library(survival)); d <- read.csv("${csv}")
f <- won ~ ${terms.join(' + ')}
tl <- median(sapply(1:3, function(i) system.time(g <- glm(f, family = binomial, data = d))[["elapsed"]]))
g <- glm(f, family = binomial, data = d)
fc <- Surv(days, won) ~ ${terms.join(' + ')}
tc <- median(sapply(1:3, function(i) system.time(cf <- coxph(fc, data = d, ties = "efron"))[["elapsed"]]))
cf <- coxph(fc, data = d, ties = "efron")
cat(tl * 1000, tc * 1000, coef(g), coef(cf), "\\n")`
    const out = execFileSync('Rscript', ['-e', script], { encoding: 'utf8' }).trim().split(/\s+/).map(Number)
    rLogisticMs = out[0] ?? null
    rCoxMs = out[1] ?? null
    const rGlm = out.slice(2, 3 + terms.length)
    const rCox = out.slice(3 + terms.length)
    if (logistic.result.status === 'ok' && cox.result.status === 'ok') {
      const diffs = [
        ...logistic.result.coefficients.map((c, i) => Math.abs(c.estimate - (rGlm[i] ?? NaN))),
        ...cox.result.coefficients.map((c, i) => Math.abs(c.estimate - (rCox[i] ?? NaN))),
      ]
      maxCoefDiff = Math.max(...diffs)
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const fmt = (ms: number | null): string => (ms === null ? '–' : `${ms.toFixed(0)} ms`)
  const json = {
    deals: DEALS,
    closed_deals: win.result.closed_deals,
    win_patterns_ms: Math.round(win.ms),
    combinations_tested: win.result.combinations_tested,
    cycle_time_ms: Math.round(cycle.ms),
    logistic_ms: { revlab: Math.round(logistic.ms), r_glm: rLogisticMs },
    cox_ms: { revlab: Math.round(cox.ms), r_coxph: rCoxMs },
    max_coefficient_difference_vs_r: maxCoefDiff,
  }
  return {
    title: `Analyses — ${DEALS.toLocaleString('en-US')} deals (${win.result.closed_deals.toLocaleString('en-US')} closed), inputs in memory`,
    columns: ['Revlab', 'R'],
    rows: [
      [`win patterns (${win.result.combinations_tested} combinations, models)`, fmt(win.ms), ''],
      ['cycle time by hard_deadline (KM, log-rank, Aalen-Johansen)', fmt(cycle.ms), ''],
      [`logistic fit, ${terms.length} terms (glm)`, fmt(logistic.ms), fmt(rLogisticMs)],
      [`Cox fit, Efron ties, ${terms.length} terms (coxph)`, fmt(cox.ms), fmt(rCoxMs)],
      ['largest coefficient difference vs R', maxCoefDiff === null ? '–' : maxCoefDiff.toExponential(1), ''],
    ],
    json,
  }
}
