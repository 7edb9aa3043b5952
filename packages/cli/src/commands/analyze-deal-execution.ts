/**
 * `revlab analyze pocs` (POCs at risk with a pause/stop recommendation, SE
 * load, which POC shapes convert) and `revlab analyze experiments` (playbook
 * experiments, variant vs control). `registerDealExecutionAnalyses` adds both
 * to the `analyze` command group.
 */
import type { Command, Option } from 'commander'
import type { ExperimentAnalysis, PocAnalysis, RatioEstimate } from '@revlab/analyses'
import { buildExperiments, buildPocs } from '@revlab/server'
import { formatPercent, printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

export type AnalyzeDealExecutionOptions = { db?: string; date?: string; json?: boolean }

const interval = (ci: [number, number] | null, format: (x: number) => string): string =>
  ci ? `[${format(ci[0])}, ${format(ci[1])}]` : '–'
const pct = (x: number | null): string => formatPercent(x, 0)
const num = (x: number | null, digits = 2): string => (x === null ? '–' : x.toFixed(digits))

function renderPocs(result: Extract<PocAnalysis, { status: 'ok' }>): string {
  const t = result.totals
  return [
    `POCs as of ${result.asOf}: ${t.active} active, ${t.atRisk} at risk (${t.recommendedPause} pause, ${t.recommendedStop} stop); ${t.closed} closed, ${t.won} won`,
    '',
    renderTable(result.active, [
      { header: 'POC', value: (p) => p.id },
      { header: 'deal', value: (p) => p.dealName },
      { header: 'SE', value: (p) => p.seName },
      { header: 'paid', value: (p) => (p.paid ? 'paid' : 'free') },
      { header: 'week', value: (p) => `${p.weeksElapsed}/${p.plannedWeeks}`, align: 'right' },
      { header: 'metric', value: (p) => pct(p.metricProgress), align: 'right' },
      { header: 'commitments', value: (p) => pct(p.commitmentShare), align: 'right' },
      { header: 'flags', value: (p) => p.flags.join(', ') || '–' },
      { header: 'do', value: (p) => p.recommendation },
      { header: 'why', value: (p) => p.reason },
    ]),
    '',
    'SE load',
    renderTable(result.seLoad, [
      { header: 'SE', value: (s) => s.name },
      { header: 'active POCs', value: (s) => s.activePocs, align: 'right' },
      { header: 'time in POCs', value: (s) => pct(s.timeShareInPocs), align: 'right' },
      { header: 'at risk', value: (s) => s.atRiskPocs, align: 'right' },
      { header: 'overloaded', value: (s) => (s.overloaded ? 'yes' : '') },
    ]),
    '',
    'Which POC shapes convert (closed deals)',
    ...result.conversion.map((c) => `  ${c.label}: ${c.sentence}`),
    '',
  ].join('\n')
}

const ratio = (r: RatioEstimate): string => `${num(r.estimate)} ${interval(r.ci95, (x) => x.toFixed(2))}`

function renderExperiments(result: Extract<ExperimentAnalysis, { status: 'ok' }>): string {
  const lines: string[] = [`Experiments as of ${result.asOf}`]
  for (const e of result.experiments) {
    lines.push(
      '',
      `${e.name} (${e.status}, ${e.assignmentMethod}${e.seed === null ? '' : ` seed ${e.seed}`}): ${e.variantPlaybook} vs ${e.controlPlaybook}; primary metric ${e.primaryMetric}`,
      `  ${e.hypothesis}`,
    )
    const rows = [
      { label: 'intention to treat', c: e.intentionToTreat },
      { label: `per protocol (${e.perProtocol.excluded} excluded)`, c: e.perProtocol },
      ...e.bySegment.map((s) => ({ label: `segment ${s.segment}`, c: s.intentionToTreat })),
      ...e.byAeType.map((s) => ({ label: `AE type ${s.aeType}`, c: s.intentionToTreat })),
    ]
    lines.push(
      renderTable(rows, [
        { header: 'population', value: (r) => r.label },
        { header: 'n ctl/var', value: (r) => `${r.c.n.control}/${r.c.n.variant}`, align: 'right' },
        {
          header: 'win rate ctl → var',
          value: (r) => `${pct(r.c.winRate.control.estimate)} → ${pct(r.c.winRate.variant.estimate)}`,
        },
        {
          header: 'difference',
          value: (r) =>
            `${num(r.c.winRate.difference.estimate)} ${interval(r.c.winRate.difference.ci95, (x) => x.toFixed(2))}`,
        },
        { header: 'P(var better)', value: (r) => pct(r.c.winRate.probabilityVariantBetter), align: 'right' },
        {
          header: 'median days ctl/var',
          value: (r) =>
            `${num(r.c.daysToClose.control.medianDays, 0)}/${num(r.c.daysToClose.variant.medianDays, 0)}`,
        },
        { header: 'days ratio', value: (r) => ratio(r.c.daysToClose.ratioOfMedians) },
        {
          header: 'log-rank p',
          value: (r) => num(r.c.daysToClose.logRank?.pValue ?? null, 3),
          align: 'right',
        },
        { header: 'size ratio', value: (r) => ratio(r.c.dealSize.ratio) },
      ]),
    )
    const s = e.sampleSize
    lines.push(
      `  Sample: ${s.neededPerArm ?? '?'} ${s.unit} per arm needed (${s.basis}); have ${s.current.control}/${s.current.variant}; ` +
        (s.reached
          ? 'reached.'
          : `about ${s.weeksToGo ?? '?'} more weeks at ${s.weeklyFlow.toFixed(1)} a week.`),
      ...e.warnings.map((w) => `  ! ${w}`),
    )
  }
  return `${lines.join('\n')}\n`
}

export async function analyzePocsCommand(options: AnalyzeDealExecutionOptions): Promise<void> {
  const result = await withStore(options.db, (store) => buildPocs(store, { date: options.date ?? null }))
  if (options.json) return printJson(result)
  process.stdout.write(result.status === 'ok' ? renderPocs(result) : `${result.reason}\n`)
}

export async function analyzeExperimentsCommand(options: AnalyzeDealExecutionOptions): Promise<void> {
  const result = await withStore(options.db, (store) =>
    buildExperiments(store, { date: options.date ?? null }),
  )
  if (options.json) return printJson(result)
  process.stdout.write(result.status === 'ok' ? renderExperiments(result) : `${result.reason}\n`)
}

/** Adds `pocs` and `experiments` to an `analyze` group. */
export function registerDealExecutionAnalyses(
  analyze: Command,
  helpers: {
    dbOption: () => Option
    dateArg: (raw: string) => string
    run: <A extends unknown[]>(action: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
  },
): void {
  analyze
    .command('pocs')
    .description('POCs at risk with a pause/stop recommendation, SE load, and which POC shapes convert')
    .addOption(helpers.dbOption())
    .option('--date <date>', 'the as-of day (default: the newest check-in or close date)', helpers.dateArg)
    .option('--json', 'print the whole analysis as JSON (see docs/cli.md)')
    .action(helpers.run(async (options: AnalyzeDealExecutionOptions) => analyzePocsCommand(options)))
  analyze
    .command('experiments')
    .description(
      'playbook experiments: win rate, days to close (Kaplan-Meier, log-rank), deal size, P(variant better), sample size',
    )
    .addOption(helpers.dbOption())
    .option('--date <date>', 'the as-of day (default: the newest close date)', helpers.dateArg)
    .option('--json', 'print the whole analysis as JSON (see docs/cli.md)')
    .action(helpers.run(async (options: AnalyzeDealExecutionOptions) => analyzeExperimentsCommand(options)))
}
