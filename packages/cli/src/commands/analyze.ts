/**
 * `revlab analyze win-patterns` and `revlab analyze cycle-time`: the analyses
 * of packages/analyses over the deals in the store, as a table or as JSON
 * (the keys are documented in docs/cli.md).
 */
import type { Command, Option } from 'commander'
import { loadDealOutcomeInputs } from '@revlab/db'
import { analyzeCycleTime, analyzeWinPatterns } from '@revlab/analyses'
import type { CycleTime, SignalPattern, WinPatterns } from '@revlab/domain'
import { formatCount, formatPercent, printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

type Deps = {
  dbOption: () => Option
  dateArg: (raw: string) => string
  run: <A extends unknown[]>(action: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
}

const today = (): string => new Date().toISOString().slice(0, 10)
const ci = (c: readonly [number, number] | null): string =>
  c ? `${formatPercent(c[0], 0)}–${formatPercent(c[1], 0)}` : '–'
const daysCi = (c: readonly [number | null, number | null]): string =>
  c[0] === null && c[1] === null
    ? '–'
    : `${c[0] === null ? '?' : Math.round(c[0])}–${c[1] === null ? 'not reached' : Math.round(c[1])}`

function renderWinPatterns(r: WinPatterns): string {
  const lines: string[] = []
  lines.push(
    `Win patterns as of ${r.as_of}: ${formatCount(r.closed_deals)} closed deals, ${formatCount(r.open_deals)} open; base win rate ${formatPercent(r.base_rate.estimate, 0)} (95% CI ${ci(r.base_rate.ci95)}).`,
  )
  lines.push(
    renderTable(r.signals, [
      { header: 'signal', value: (s: SignalPattern) => s.label },
      { header: 'value', value: (s) => s.value },
      { header: 'n', value: (s) => formatCount(s.n), align: 'right' },
      { header: 'win rate', value: (s) => formatPercent(s.win_rate.estimate, 0), align: 'right' },
      { header: '95% CI', value: (s) => ci(s.win_rate.ci95), align: 'right' },
      {
        header: 'lift',
        value: (s) => (s.lift.estimate === null ? '–' : s.lift.estimate.toFixed(2)),
        align: 'right',
      },
      { header: 'median days', value: (s) => s.days_to_close.median ?? '–', align: 'right' },
      { header: 'days 95% CI', value: (s) => daysCi(s.days_to_close.ci95), align: 'right' },
      { header: 'evidence', value: (s) => s.evidence },
    ]),
  )
  if (r.combinations.length) {
    lines.push(`Combinations (${formatCount(r.combinations_tested)} tested; q = Benjamini-Hochberg):`)
    lines.push(
      renderTable(r.combinations.slice(0, 10), [
        { header: 'signals', value: (c) => c.items.map((i) => `${i.key}=${i.value}`).join(' + ') },
        { header: 'n', value: (c) => formatCount(c.n), align: 'right' },
        { header: 'win rate', value: (c) => formatPercent(c.win_rate.estimate, 0), align: 'right' },
        { header: '95% CI', value: (c) => ci(c.win_rate.ci95), align: 'right' },
        { header: 'q', value: (c) => c.q_value.toPrecision(2), align: 'right' },
        { header: 'survives', value: (c) => (c.survives_correction ? 'yes' : 'no') },
      ]),
    )
  }
  if (r.model.logistic) {
    lines.push('Multivariable model (odds ratio of winning; hazard ratio of closing):')
    const cox = new Map((r.model.cox?.terms ?? []).map((t) => [t.term, t]))
    lines.push(
      renderTable(r.model.logistic.terms, [
        { header: 'term', value: (t) => t.term },
        { header: 'odds ratio', value: (t) => t.ratio.estimate?.toFixed(2) ?? '–', align: 'right' },
        {
          header: '95% CI',
          value: (t) => (t.ratio.ci95 ? `${t.ratio.ci95[0].toFixed(2)}–${t.ratio.ci95[1].toFixed(2)}` : '–'),
          align: 'right',
        },
        { header: 'evidence', value: (t) => t.evidence },
        {
          header: 'hazard ratio',
          value: (t) => cox.get(t.term)?.ratio.estimate?.toFixed(2) ?? '–',
          align: 'right',
        },
      ]),
    )
  } else lines.push(r.model.note)
  lines.push('', ...r.sentences)
  return `${lines.join('\n')}\n`
}

function renderCycleTime(r: CycleTime): string {
  const lines = [
    renderTable(r.groups, [
      { header: r.by ?? 'deals', value: (g) => g.value },
      { header: 'n', value: (g) => formatCount(g.n), align: 'right' },
      { header: 'closed', value: (g) => formatCount(g.events), align: 'right' },
      { header: 'median days', value: (g) => g.median_days ?? '–', align: 'right' },
      { header: '95% CI', value: (g) => daysCi(g.ci95), align: 'right' },
    ]),
    renderTable(r.cumulative_win.by_day, [
      { header: 'by day', value: (d) => d.day, align: 'right' },
      { header: 'won', value: (d) => formatPercent(d.won.estimate, 1), align: 'right' },
      { header: '95% CI', value: (d) => ci(d.won.ci95), align: 'right' },
      { header: 'lost', value: (d) => formatPercent(d.lost, 1), align: 'right' },
      { header: 'still open', value: (d) => formatPercent(d.still_open, 1), align: 'right' },
    ]),
    '',
    ...r.sentences,
  ]
  return `${lines.join('\n')}\n`
}

export function registerAnalyzeCommands(program: Command, { dbOption, dateArg, run }: Deps): Command {
  const analyze =
    program.commands.find((c) => c.name() === 'analyze') ??
    program.command('analyze').description('run an analysis over the store and print it (--json for scripts)')
  analyze
    .command('win-patterns')
    .description('win rate, lift and days to close per signal and combination, with intervals and a model')
    .addOption(dbOption())
    .option('--segment <segment>', 'only deals in this segment')
    .option('--since <date>', 'only deals created on or after this date', dateArg)
    .option('--as-of <date>', 'the analysis date: only what was known then (default: today)', dateArg)
    .option(
      '--min-support <n>',
      'closed deals a value or combination needs before it is judged',
      (v) => Number(v),
      30,
    )
    .option('--json', 'print the analysis as JSON (see docs/cli.md)')
    .action(
      run(
        async (options: {
          db?: string
          segment?: string
          since?: string
          asOf?: string
          minSupport: number
          json?: boolean
        }) => {
          const asOf = options.asOf ?? today()
          const result = await withStore(options.db, async (store) =>
            analyzeWinPatterns(
              await loadDealOutcomeInputs(store.db, { asOf, segment: options.segment, since: options.since }),
              {
                segment: options.segment ?? null,
                since: options.since ?? null,
                minSupport: options.minSupport,
              },
            ),
          )
          if (options.json) printJson(result)
          else process.stdout.write(renderWinPatterns(result))
        },
      ),
    )
  analyze
    .command('cycle-time')
    .description(
      'days to close by Kaplan-Meier (open deals censored) and the chance of winning by day 30-120',
    )
    .addOption(dbOption())
    .option('--by <signal>', 'split by the values of this signal key')
    .option('--as-of <date>', 'censor open deals at this date (default: today)', dateArg)
    .option('--segment <segment>', 'only deals in this segment')
    .option('--json', 'print the analysis as JSON (see docs/cli.md)')
    .action(
      run(async (options: { db?: string; by?: string; asOf?: string; segment?: string; json?: boolean }) => {
        const asOf = options.asOf ?? today()
        const result = await withStore(options.db, async (store) =>
          analyzeCycleTime(await loadDealOutcomeInputs(store.db, { asOf, segment: options.segment }), {
            by: options.by ?? null,
          }),
        )
        if (options.json) printJson(result)
        else process.stdout.write(renderCycleTime(result))
      }),
    )
  return analyze
}
