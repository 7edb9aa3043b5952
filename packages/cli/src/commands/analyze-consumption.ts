/**
 * `revlab analyze consumption`: run rates, baselines and incremental
 * attainment per owner, NRR/GRR by cohort, gainers and losers, use cases and
 * business reviews. `registerConsumptionAnalyses` adds it (and later
 * `exceptions`) to the `analyze` command group, whoever created the group.
 */
import type { Command, Option } from 'commander'
import type { ConsumptionAnalysis, Move } from '@revlab/analyses'
import { buildConsumption } from '@revlab/server'
import { formatMoney, formatPercent, printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

export type AnalyzeConsumptionOptions = { db?: string; date?: string; team?: string; json?: boolean }

const signed = (cents: number): string => `${cents >= 0 ? '+' : '−'}${formatMoney(Math.abs(cents))}`

function renderConsumption(result: Extract<ConsumptionAnalysis, { status: 'ok' }>): string {
  const t = result.totals
  const moves = (title: string, list: Move[]): string =>
    list.length === 0
      ? `${title}: none\n`
      : `${title}\n${renderTable(list, [
          { header: 'name', value: (m) => m.name },
          { header: 'owner', value: (m) => m.ownerName ?? '–' },
          { header: 'last 7 d', value: (m) => formatMoney(m.last7Cents), align: 'right' },
          { header: 'prior 7 d', value: (m) => formatMoney(m.prior7Cents), align: 'right' },
          { header: 'move', value: (m) => signed(m.changeCents), align: 'right' },
          { header: '%', value: (m) => formatPercent(m.changePct, 0), align: 'right' },
        ])}\n`
  return [
    `Consumption as of ${result.asOf} (fiscal year ${result.fiscalYear})`,
    `  Yesterday ${formatMoney(t.yesterdayCents)} (same day last week ${formatMoney(t.weekAgoCents)}); last 7 days ${formatMoney(t.last7Cents)} vs ${formatMoney(t.prior7Cents)}`,
    `  Run rate ${formatMoney(t.runRate30Cents)}/yr (30-day), ${formatMoney(t.runRate7Cents)}/yr (7-day); baseline ${formatMoney(t.baselineRunRateCents)}; incremental ${signed(t.incrementalRunRateCents)} vs quota ${formatMoney(t.incrementalQuotaCents)} (${formatPercent(t.attainment, 0)})`,
    `  Year to date ${formatMoney(t.ytdCents)} vs the baseline's ${formatMoney(t.ytdBaselineCents)}: ${signed(t.ytdIncrementalCents)}`,
    `  NRR ${formatPercent(result.retention.overall.nrr)} · GRR ${formatPercent(result.retention.overall.grr)} over ${result.retention.overall.accounts} accounts (30 days now vs a year ago)`,
    `  Use cases in the last ${result.eventDays} days: ${result.useCases.created.length} created, ${result.useCases.wentLive.length} live, ${result.useCases.slipped.length} slipped`,
    `  Business reviews: ${result.businessReviews.overdue.length} accounts overdue of ${result.businessReviews.accountsTracked}; ${result.businessReviews.dueNext30Days} due in 30 days`,
    '',
    moves('Top gainers (accounts, week over week)', result.gainers),
    moves('Top losers (accounts)', result.losers),
    moves('Top use-case gainers', result.useCaseGainers),
    moves('Top use-case losers', result.useCaseLosers),
    'Retention by cohort (first year of consumption)',
    renderTable(result.retention.byCohort, [
      { header: 'cohort', value: (r) => r.cohort },
      { header: 'accounts', value: (r) => r.accounts, align: 'right' },
      { header: 'NRR', value: (r) => formatPercent(r.nrr), align: 'right' },
      { header: 'GRR', value: (r) => formatPercent(r.grr), align: 'right' },
    ]),
    '',
    'Incremental attainment by owner',
    renderTable(result.owners.slice(0, 25), [
      { header: 'owner', value: (o) => o.name },
      { header: 'type', value: (o) => o.aeType ?? '–' },
      { header: 'accounts', value: (o) => o.accounts, align: 'right' },
      { header: 'baseline', value: (o) => formatMoney(o.baselineRunRateCents), align: 'right' },
      { header: 'run rate', value: (o) => formatMoney(o.runRate30Cents), align: 'right' },
      { header: 'incremental', value: (o) => signed(o.incrementalRunRateCents), align: 'right' },
      {
        header: 'quota',
        value: (o) => (o.quotaCents === null ? '–' : formatMoney(o.quotaCents)),
        align: 'right',
      },
      { header: 'attained', value: (o) => formatPercent(o.attainment, 0), align: 'right' },
    ]),
    '',
  ].join('\n')
}

export async function analyzeConsumptionCommand(options: AnalyzeConsumptionOptions): Promise<void> {
  const result = await withStore(options.db, (store) =>
    buildConsumption(store, { date: options.date ?? null, team: options.team ?? null }),
  )
  if (options.json) return printJson(result)
  if (result.status !== 'ok') {
    process.stdout.write(`${result.reason}\n`)
    return
  }
  process.stdout.write(renderConsumption(result))
}

/** Adds `consumption` to an `analyze` group (created by the caller or found on the program). */
export function registerConsumptionAnalyses(
  analyze: Command,
  helpers: {
    dbOption: () => Option
    dateArg: (raw: string) => string
    run: <A extends unknown[]>(action: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
  },
): void {
  analyze
    .command('consumption')
    .description(
      'run rates, yearly baselines and incremental attainment, NRR/GRR by cohort, gainers and losers, use cases, business reviews',
    )
    .addOption(helpers.dbOption())
    .option(
      '--date <date>',
      'the last day to report (default: the latest day with consumption)',
      helpers.dateArg,
    )
    .option('--team <team>', 'only accounts owned by this team')
    .option('--json', 'print the whole analysis as JSON (see docs/cli.md)')
    .action(helpers.run(async (options: AnalyzeConsumptionOptions) => analyzeConsumptionCommand(options)))
}
