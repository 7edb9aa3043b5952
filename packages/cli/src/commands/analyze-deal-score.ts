/**
 * `revlab analyze deal-score` (the explained deal score: its terms and its
 * calibration against closed outcomes) and `revlab analyze coaching --rep ID`
 * (where a rep's deals differ from the winning pattern, with next steps).
 */
import type { Command, Option } from 'commander'
import { RevlabError } from '@revlab/domain'
import { latestCloseDate } from '@revlab/db'
import { buildCoaching, dealHealthModel } from '@revlab/server'
import { formatPercent, printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

export type AnalyzeDealScoreOptions = { db?: string; date?: string; json?: boolean; rep?: string }

const pct = (x: number | null): string => formatPercent(x, 0)

export async function analyzeDealScoreCommand(options: AnalyzeDealScoreOptions): Promise<void> {
  const model = await withStore(options.db, async (store) => {
    const asOf = options.date ?? (await latestCloseDate(store.db)) ?? new Date().toISOString().slice(0, 10)
    return (await dealHealthModel(store, asOf, Date.now())).scored.model
  })
  if (options.json) return printJson(model)
  if (model.status !== 'ok') {
    process.stdout.write(`${model.reason} (${model.got} of ${model.needed})\n`)
    return
  }
  const c = model.calibration
  process.stdout.write(
    [
      `Deal score over ${model.n} closed deals (base rate ${pct(model.baseRate)})`,
      '',
      renderTable(model.coefficients, [
        { header: 'factor', value: (k) => k.label },
        { header: 'log-odds', value: (k) => k.estimate.toFixed(2), align: 'right' },
        {
          header: '95% CI',
          value: (k) => `[${k.ci95[0].toFixed(2)}, ${k.ci95[1].toFixed(2)}]`,
          align: 'right',
        },
      ]),
      '',
      c.sentence,
      `AUC of the raw activity count ${c.aucActivityCount?.toFixed(2) ?? 'n/a'}, of weighted activity ${c.aucWeightedActivity?.toFixed(2) ?? 'n/a'}`,
      '',
      'Calibration (out of fold)',
      renderTable(c.bins, [
        { header: 'predicted', value: (b) => `${pct(b.lo)}-${pct(b.hi)}`, align: 'right' },
        { header: 'deals', value: (b) => b.n, align: 'right' },
        { header: 'mean predicted', value: (b) => pct(b.meanPredicted), align: 'right' },
        { header: 'won', value: (b) => pct(b.observedRate), align: 'right' },
        {
          header: '95% CI',
          value: (b) => `[${pct(b.observedCi95[0])}, ${pct(b.observedCi95[1])}]`,
          align: 'right',
        },
      ]),
      '',
    ].join('\n'),
  )
}

export async function analyzeCoachingCommand(options: AnalyzeDealScoreOptions): Promise<void> {
  if (!options.rep) throw new RevlabError('BAD_USAGE', 'say which rep: --rep PERSON_ID')
  const rep = options.rep
  const result = await withStore(options.db, async (store) => {
    const asOf = options.date ?? (await latestCloseDate(store.db)) ?? new Date().toISOString().slice(0, 10)
    return buildCoaching(store, rep, asOf)
  })
  if (!result)
    throw new RevlabError('BAD_INPUT', `no deals owned by ${rep}`, {
      hint: 'give a person id of a deal owner',
    })
  if (options.json) return printJson(result)
  process.stdout.write(
    [
      `${result.repName}: ${result.deals.open} open, ${result.deals.won} won, ${result.deals.lost} lost; win rate ${pct(result.deals.winRate)} (all ${pct(result.teamWinRate)})`,
      result.summary,
      '',
      renderTable(result.signalGaps, [
        { header: 'stage', value: (g) => g.stageName },
        { header: 'signal', value: (g) => g.label },
        { header: 'won deals', value: (g) => pct(g.winners), align: 'right' },
        { header: 'this rep', value: (g) => `${pct(g.rep)} of ${g.repDeals}`, align: 'right' },
      ]),
      '',
      ...result.nextSteps.flatMap((s) => [
        `${s.dealName} (${s.stageName})`,
        ...s.steps.map((t) => `  - ${t}`),
      ]),
      '',
    ].join('\n'),
  )
}

/** Adds `deal-score` and `coaching` to an `analyze` group. */
export function registerDealScoreAnalyses(
  analyze: Command,
  helpers: {
    dbOption: () => Option
    dateArg: (raw: string) => string
    run: <A extends unknown[]>(action: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
  },
): void {
  analyze
    .command('deal-score')
    .description(
      'The explained deal score: its factors and its calibration against closed deals (bins, Brier, AUC)',
    )
    .addOption(helpers.dbOption())
    .option('--date <date>', 'the as-of day (default: the newest close date)', helpers.dateArg)
    .option('--json', 'print the model as JSON (see docs/cli.md)')
    .action(helpers.run(async (options: AnalyzeDealScoreOptions) => analyzeDealScoreCommand(options)))
  analyze
    .command('coaching')
    .description("Where a rep's deals differ from the winning pattern, with next steps per open deal")
    .addOption(helpers.dbOption())
    .requiredOption('--rep <id>', 'the rep (person id)')
    .option('--date <date>', 'the as-of day (default: the newest close date)', helpers.dateArg)
    .option('--json', 'print the coaching view as JSON (see docs/cli.md)')
    .action(helpers.run(async (options: AnalyzeDealScoreOptions) => analyzeCoachingCommand(options)))
}
