/**
 * `revlab analyze exceptions`: the exception chain per rep and per team —
 * making the number, pipeline, activity, certification — ending in the most
 * likely cause and a suggested action.
 */
import type { Command, Option } from 'commander'
import { InvalidArgumentError } from 'commander'
import type { ExceptionLink, ExceptionsAnalysis, ExceptionThresholds } from '@revlab/analyses'
import { buildExceptions } from '@revlab/server'
import pc from 'picocolors'
import { formatMoney, formatPercent, printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

export type AnalyzeExceptionsOptions = {
  db?: string
  date?: string
  team?: string
  json?: boolean
  activityDays?: number
} & Partial<ExceptionThresholds>

const mark = (link: ExceptionLink | undefined): string => {
  if (!link) return '–'
  const figure =
    link.figure === null
      ? ''
      : link.key === 'pipeline'
        ? `${link.figure.toFixed(1)}×`
        : formatPercent(link.figure, 0)
  const sign = link.status === 'pass' ? pc.green('✓') : link.status === 'fail' ? pc.red('✗') : pc.dim('?')
  return `${sign} ${figure}`.trim()
}

function renderExceptions(result: Extract<ExceptionsAnalysis, { status: 'ok' }>): string {
  const t = result.thresholds
  const link = (links: ExceptionLink[], key: string) => links.find((l) => l.key === key)
  return [
    pc.bold(`Exceptions as of ${result.asOf}`) +
      ` — ${result.summary.onTrack} of ${result.summary.reps} reps on track, ${result.summary.exceptions} exceptions`,
    pc.dim(
      `  thresholds: attainment ≥ ${formatPercent(t.minAttainment, 0)}, coverage ≥ ${t.minCoverage}×, activity ≥ ${formatPercent(t.minActivityRatio, 0)} of norm (${result.activityDays} days), certified on ${formatPercent(t.minCertifiedShare, 0)} of products sold`,
    ),
    '',
    renderTable(result.teams, [
      { header: 'team', value: (r) => r.team },
      { header: 'off track', value: (r) => `${r.repsOffTrack}/${r.reps}`, align: 'right' },
      { header: 'number', value: (r) => mark(link(r.links, 'number')) },
      { header: 'pipeline', value: (r) => mark(link(r.links, 'pipeline')) },
      { header: 'activity', value: (r) => mark(link(r.links, 'activity')) },
      { header: 'certified', value: (r) => mark(link(r.links, 'enablement')) },
      { header: 'cause', value: (r) => r.cause },
    ]),
    '',
    renderTable(result.reps, [
      { header: 'rep', value: (r) => r.name },
      { header: 'team', value: (r) => r.team },
      { header: 'quota', value: (r) => r.quotaKind ?? '–' },
      {
        header: 'to date',
        value: (r) => `${formatMoney(r.achievedCents)}/${formatMoney(r.quotaToDateCents)}`,
      },
      { header: 'number', value: (r) => mark(link(r.links, 'number')) },
      { header: 'pipeline', value: (r) => mark(link(r.links, 'pipeline')) },
      { header: 'activity', value: (r) => mark(link(r.links, 'activity')) },
      { header: 'certified', value: (r) => mark(link(r.links, 'enablement')) },
      { header: 'cause', value: (r) => r.cause },
    ]),
    '',
    ...result.reps
      .filter((r) => !r.onTrack)
      .flatMap((r) => [`${pc.bold(r.name)}: ${r.diagnosis}`, `  → ${r.action}`]),
    '',
  ].join('\n')
}

export async function analyzeExceptionsCommand(options: AnalyzeExceptionsOptions): Promise<void> {
  const thresholds: Partial<ExceptionThresholds> = {}
  for (const key of ['minAttainment', 'minCoverage', 'minActivityRatio', 'minCertifiedShare'] as const)
    if (options[key] !== undefined) thresholds[key] = options[key]
  const result = await withStore(options.db, (store) =>
    buildExceptions(store, {
      date: options.date ?? null,
      team: options.team ?? null,
      activityDays: options.activityDays,
      thresholds,
    }),
  )
  if (options.json) return printJson(result)
  if (result.status !== 'ok') {
    process.stdout.write(`${result.reason}\n`)
    return
  }
  process.stdout.write(renderExceptions(result))
}

const positive = (raw: string): number => {
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number ≥ 0, e.g. 0.9 or 3')
  return n
}
const days = (raw: string): number => {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 366) throw new InvalidArgumentError('whole days from 1 to 366')
  return n
}

/** Adds `exceptions` to the `analyze` group. */
export function registerExceptionsAnalysis(
  analyze: Command,
  helpers: {
    dbOption: () => Option
    dateArg: (raw: string) => string
    run: <A extends unknown[]>(action: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
  },
): void {
  analyze
    .command('exceptions')
    .description(
      'the exception chain per rep and team: number → pipeline → activity → certification, with the likely cause and an action',
    )
    .addOption(helpers.dbOption())
    .option(
      '--date <date>',
      'the day to measure on (default: the latest day with consumption)',
      helpers.dateArg,
    )
    .option('--team <team>', 'only this team')
    .option(
      '--min-attainment <fraction>',
      'making the number: attainment to date at least (default 0.9)',
      positive,
    )
    .option(
      '--min-coverage <multiple>',
      'enough pipeline: open pipeline / quota to go at least (default 3)',
      positive,
    )
    .option(
      '--min-activity-ratio <fraction>',
      'enough activity: share of the peers’ norm (default 0.8)',
      positive,
    )
    .option(
      '--min-certified-share <fraction>',
      'share of products sold they are certified on (default 1)',
      positive,
    )
    .option('--activity-days <days>', 'days of activity counted (default 30)', days)
    .option('--json', 'print the whole analysis as JSON (see docs/cli.md)')
    .action(helpers.run(async (options: AnalyzeExceptionsOptions) => analyzeExceptionsCommand(options)))
}
