/**
 * `revlab analyze forecast`: the period's bookings forecast (per open deal a
 * win probability and a chance of closing in the period; the total by
 * simulation with P10/P50/P90 and the chance of reaching quota, by team and
 * rep) and its backtest against the CRM's stage probabilities, as tables or
 * JSON (keys in docs/cli.md).
 */
import type { Command, Option } from 'commander'
import { loadForecastInputs } from '@revlab/db'
import { analyzeForecast } from '@revlab/analyses'
import { PERIOD_PATTERN, type BookingsDistribution, type Forecast } from '@revlab/domain'
import { InvalidArgumentError } from 'commander'
import {
  formatCount,
  formatMoney,
  formatPercent,
  formatSimulatedChance,
  printJson,
  renderTable,
} from '../output.js'
import { withStore } from '../with-store.js'

const periodArg = (raw: string): string => {
  if (!PERIOD_PATTERN.test(raw)) throw new InvalidArgumentError('periods are quarters: YYYY-Qn, e.g. 2026-Q1')
  return raw
}

const distColumns = <T extends BookingsDistribution>() =>
  [
    { header: 'booked', value: (d: T) => formatMoney(d.booked_cents), align: 'right' as const },
    { header: 'P10', value: (d: T) => formatMoney(d.p10_cents), align: 'right' as const },
    { header: 'P50', value: (d: T) => formatMoney(d.p50_cents), align: 'right' as const },
    { header: 'P90', value: (d: T) => formatMoney(d.p90_cents), align: 'right' as const },
    {
      header: 'stage baseline',
      value: (d: T) => formatMoney(d.stage_baseline_cents),
      align: 'right' as const,
    },
    {
      header: 'quota',
      value: (d: T) => (d.target_cents === null ? '–' : formatMoney(d.target_cents)),
      align: 'right' as const,
    },
    {
      header: 'carriers P50',
      value: (d: T) => (d.carriers_p50_cents === null ? '–' : formatMoney(d.carriers_p50_cents)),
      align: 'right' as const,
    },
    {
      header: 'P(quota)',
      value: (d: T) => formatSimulatedChance(d.probability_of_target),
      align: 'right' as const,
    },
  ] as const

export function renderForecast(r: Forecast, options: { deals?: number } = {}): string {
  const t = r.bookings.total
  const lines: string[] = []
  lines.push(
    `Forecast of ${r.period.key} (${r.period.start} to ${r.period.end}) as of ${r.as_of}${r.team ? `, team ${r.team}` : ''}: ${formatCount(r.open_deals)} open deals.`,
  )
  lines.push(
    renderTable(
      [{ scope: 'total', ...t }],
      [
        { header: '', value: (d: { scope: string }) => d.scope },
        ...distColumns<typeof t & { scope: string }>(),
      ],
    ),
  )
  lines.push('By team:')
  lines.push(
    renderTable(r.bookings.by_team, [
      { header: 'team', value: (d) => d.team },
      ...distColumns<(typeof r.bookings.by_team)[number]>(),
    ]),
  )
  const reps = r.bookings.by_rep.slice().sort((a, b) => b.p50_cents - a.p50_cents)
  lines.push(`By rep (${reps.length}; --json for all fields):`)
  lines.push(
    renderTable(reps, [
      { header: 'rep', value: (d) => d.name },
      { header: 'team', value: (d) => d.team },
      ...distColumns<(typeof reps)[number]>(),
    ]),
  )
  const top = r.deals.slice(0, options.deals ?? 15)
  lines.push(`Largest expected contributions (${top.length} of ${r.deals.length} open deals):`)
  lines.push(
    renderTable(top, [
      { header: 'deal', value: (d) => d.id },
      { header: 'owner', value: (d) => d.owner_name },
      { header: 'stage', value: (d) => d.stage },
      { header: 'amount', value: (d) => formatMoney(d.amount_cents), align: 'right' },
      { header: 'P(win)', value: (d) => formatPercent(d.win_probability, 0), align: 'right' },
      {
        header: 'P(close in period)',
        value: (d) => formatPercent(d.close_in_period_probability, 0),
        align: 'right',
      },
      { header: 'stage prob.', value: (d) => formatPercent(d.stage_probability, 0), align: 'right' },
      { header: 'expected', value: (d) => formatMoney(d.expected_cents), align: 'right' },
      { header: 'expected close', value: (d) => d.expected_close_date ?? '–' },
    ]),
  )
  const b = r.backtest
  if (b.periods.length) {
    lines.push('Backtest (each quarter forecast on its first day with only what was known then):')
    lines.push(
      renderTable(b.periods, [
        { header: 'quarter', value: (p) => p.period },
        { header: 'actual', value: (p) => formatMoney(p.actual_cents), align: 'right' },
        { header: 'model', value: (p) => formatMoney(p.model.expected_cents), align: 'right' },
        {
          header: 'P10–P90',
          value: (p) => `${formatMoney(p.model.p10_cents)}–${formatMoney(p.model.p90_cents)}`,
          align: 'right',
        },
        { header: 'held', value: (p) => (p.model.covered ? 'yes' : 'no') },
        { header: 'from pipeline', value: (p) => formatMoney(p.actual_from_pipeline_cents), align: 'right' },
        {
          header: 'model pipeline',
          value: (p) => formatMoney(p.model.pipeline_expected_cents),
          align: 'right',
        },
        { header: 'stage baseline', value: (p) => formatMoney(p.baseline.expected_cents), align: 'right' },
        { header: 'Brier model', value: (p) => p.model.brier?.toFixed(3) ?? '–', align: 'right' },
        { header: 'Brier baseline', value: (p) => p.baseline.brier?.toFixed(3) ?? '–', align: 'right' },
      ]),
    )
  }
  lines.push('', ...r.sentences)
  return `${lines.join('\n')}\n`
}

export function registerForecastAnalysis(
  analyze: Command,
  helpers: {
    dbOption: () => Option
    dateArg: (raw: string) => string
    run: <A extends unknown[]>(action: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
  },
): void {
  analyze
    .command('forecast')
    .description(
      "the period's bookings forecast (P10/P50/P90, chance of quota, by team and rep) with a backtest against the CRM's stage probabilities",
    )
    .addOption(helpers.dbOption())
    .option(
      '--as-of <date>',
      'forecast as of this day: only what is dated before it is known (default: today)',
      helpers.dateArg,
    )
    .option(
      '--period <quarter>',
      'the quarter to forecast, YYYY-Qn (default: the quarter holding --as-of)',
      periodArg,
    )
    .option('--team <team>', "only this team's deals and quotas (the model still learns from every deal)")
    .option('--seed <n>', 'seed of the simulation', (v) => Number(v), 1)
    .option('--json', 'print the forecast as JSON (see docs/cli.md)')
    .addHelpText(
      'after',
      `
Bookings are won new-logo, expansion and renewal deals. Each open deal gets
P(win) from a logistic model fitted on monthly snapshots of deals that closed
before the as-of date (signals, stage, kind and age as known on each snapshot
day), and P(close in period) from Kaplan-Meier curves of the days to close by
stage and age. The total is simulated (10,000 seeded replicates), adding
deals not yet created from the same part of the last four quarters. The
backtest re-runs all of it on the first day of each of the last 8 quarters.

Examples:
  revlab analyze forecast
  revlab analyze forecast --period 2026-Q1 --as-of 2026-01-01 --team "NA East Enterprise"
  revlab analyze forecast --json | jq .backtest.summary`,
    )
    .action(
      helpers.run(
        async (options: {
          db?: string
          asOf?: string
          period?: string
          team?: string
          seed: number
          json?: boolean
        }) => {
          const asOf = options.asOf ?? new Date().toISOString().slice(0, 10)
          const result = await withStore(options.db, async (store) =>
            analyzeForecast(await loadForecastInputs(store.db), {
              asOf,
              period: options.period ?? null,
              team: options.team ?? null,
              seed: options.seed,
            }),
          )
          if (options.json) printJson(result)
          else process.stdout.write(renderForecast(result))
        },
      ),
    )
}
