/**
 * `revlab analyze enablement`: did a training program change behaviour and
 * revenue? Coverage of the join, behaviour change and outcome change with
 * intervals (staggered DiD against reps not yet trained, and matched
 * untrained reps with the balance table), behaviour to outcome, a waitlist
 * design for the next program, content, and the business case (--html /
 * --pdf write the one-page report).
 */
import fs from 'node:fs'
import { InvalidArgumentError, type Command, type Option } from 'commander'
import type { EnablementAnalysis, EventStudyPoint } from '@revlab/analyses'
import { renderBusinessCaseHtml } from '@revlab/analyses'
import { buildEnablement, renderBusinessCasePdf } from '@revlab/server'
import { RevlabError } from '@revlab/domain'
import { formatMoney, note, printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

export type AnalyzeEnablementOptions = {
  db?: string
  date?: string
  program?: string
  json?: boolean
  html?: string
  pdf?: string
  effect?: number
  grossMargin?: number
}

type Ok = Extract<EnablementAnalysis, { status: 'ok' }>

const num = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined ? '–' : x.toFixed(digits)
const ci = (
  c: [number, number] | null,
  digits = 2,
  f: (x: number) => string = (x) => x.toFixed(digits),
): string => (c ? `[${f(c[0])}, ${f(c[1])}]` : '–')
const pctLog = (x: number): string => `${((Math.exp(x) - 1) * 100).toFixed(1)}%`

const outcomeValue = (key: string, x: number): string =>
  key === 'winRate'
    ? `${(x * 100).toFixed(1)}pt`
    : key === 'logDealSize'
      ? pctLog(x)
      : key === 'daysToClose'
        ? `${x.toFixed(1)}d`
        : `$${Math.round(x).toLocaleString('en-US')}/mo`

const eventStudyLine = (points: EventStudyPoint[]): string =>
  points.map((p) => `${p.bin}:${p.estimate.toFixed(2)}`).join('  ')

export function renderEnablement(result: Ok): string {
  const a = result.analysis
  const p = a.program
  const lines: string[] = [
    `Enablement ROI as of ${result.asOf}: ${p.name} (${p.id}), ${p.completed} completed of ${p.enrolled} enrolled, ${p.costCentsPerLearner === null ? 'cost unknown' : `${formatMoney(p.costCentsPerLearner)} per learner`}`,
    `Programs: ${result.programs.map((x) => `${x.name} (${x.completed} completed)`).join(', ')}`,
    '',
    `The join: ${result.join.sentence}`,
    `  AEs ${result.join.reps} · in LMS ${result.join.withLms} · with CRM deals ${result.join.withDeals} · with calls ${result.join.withCalls} · matched ${result.join.matched}`,
    ...result.join.unmatched.map((u) => `  not matched: ${u.name} (${u.region}): ${u.reasons.join('; ')}`),
    '',
    'Rollout (AEs completing, by region)',
    renderTable(p.rollout, [
      { header: 'region', value: (r) => r.region },
      { header: 'first', value: (r) => r.firstCompletion },
      { header: 'median', value: (r) => r.medianCompletion },
      { header: 'completed', value: (r) => `${r.completed}/${r.reps}`, align: 'right' },
    ]),
    '',
    'Behaviour change (staggered DiD vs reps not yet trained, 95% CI clustered by rep)',
    renderTable(a.behaviour, [
      { header: 'behaviour', value: (b) => b.label },
      { header: 'baseline', value: (b) => num(b.baseline), align: 'right' },
      { header: 'change', value: (b) => num(b.estimate, 3), align: 'right' },
      { header: '95% CI', value: (b) => ci(b.ci95, 3) },
      { header: 'calls (trained)', value: (b) => `${b.calls} (${b.trainedCalls})`, align: 'right' },
      { header: 'verdict', value: (b) => b.verdict },
    ]),
    ...a.behaviour.slice(0, 1).map((b) => `  ${b.sentence}`),
    ...a.behaviour
      .slice(0, 1)
      .map((b) => `  event study (4-week months since training): ${eventStudyLine(b.eventStudy)}`),
    '',
    'Outcome change',
    renderTable(a.outcomes.outcomes, [
      { header: 'outcome', value: (o) => o.label },
      {
        header: 'staggered DiD',
        value: (o) => (o.staggered.estimate === null ? '–' : outcomeValue(o.outcome, o.staggered.estimate)),
        align: 'right',
      },
      { header: '95% CI', value: (o) => ci(o.staggered.ci95, 2, (x) => outcomeValue(o.outcome, x)) },
      {
        header: 'matched DiD',
        value: (o) => (o.matched.estimate === null ? '–' : outcomeValue(o.outcome, o.matched.estimate)),
        align: 'right',
      },
      { header: '95% CI', value: (o) => ci(o.matched.ci95, 2, (x) => outcomeValue(o.outcome, x)) },
      { header: 'pairs', value: (o) => o.matched.pairs, align: 'right' },
      { header: 'verdict', value: (o) => o.verdict },
    ]),
    ...a.outcomes.outcomes.map((o) => `  ${o.sentence}`),
    '',
    `Balance: ${a.outcomes.matching.matched} of ${a.outcomes.matching.trained} trained reps matched (${a.outcomes.matching.method})`,
    renderTable(a.outcomes.balance, [
      { header: 'covariate', value: (b) => b.covariate },
      { header: 'trained', value: (b) => num(b.trainedMean), align: 'right' },
      { header: 'untrained pool', value: (b) => num(b.poolMean), align: 'right' },
      { header: 'matched', value: (b) => num(b.matchedMean), align: 'right' },
      { header: 'SMD before', value: (b) => num(b.smdBefore), align: 'right' },
      { header: 'SMD after', value: (b) => num(b.smdAfter), align: 'right' },
    ]),
    '',
    `Behaviour to outcome: ${result.behaviourToOutcome.sentence}`,
    `  ${result.behaviourToOutcome.method}; ${result.behaviourToOutcome.deals} deals, ${result.behaviourToOutcome.reps} reps`,
    '',
    `Design for the next program: ${result.design.sentence}`,
    renderTable(result.design.options, [
      { header: 'weeks before/after', value: (o) => o.weeks, align: 'right' },
      { header: 'SD of change', value: (o) => num(o.sdOfChange), align: 'right' },
      { header: 'reps per wave', value: (o) => o.repsPerWave ?? '–', align: 'right' },
      { header: 'feasible', value: (o) => (o.feasible ? 'yes' : 'no') },
    ]),
    '',
    'Content',
    renderTable(result.content.items, [
      { header: 'content', value: (c) => c.title },
      { header: 'kind', value: (c) => c.kind },
      { header: 'learners', value: (c) => c.learners, align: 'right' },
      { header: 'completions', value: (c) => c.completions, align: 'right' },
      {
        header: 'by role',
        value: (c) =>
          Object.entries(c.byRole)
            .map(([r, n]) => `${r} ${n}`)
            .join(', '),
      },
      { header: 'teaches', value: (c) => c.targetBehaviour ?? '–' },
      { header: 'effect', value: (c) => num(c.effect.estimate), align: 'right' },
      { header: '95% CI', value: (c) => ci(c.effect.ci95) },
    ]),
    '',
    'Per rep: content for the weakest behaviour',
    renderTable(result.content.recommendations, [
      { header: 'rep', value: (r) => r.name },
      { header: 'weakest', value: (r) => r.weakestBehaviour },
      { header: 'rep / team median', value: (r) => `${num(r.value)} / ${num(r.teamMedian)}`, align: 'right' },
      {
        header: 'content',
        value: (r) => `${r.contentTitle ?? '–'}${r.alreadyCompleted ? ' (done: revisit)' : ''}`,
      },
    ]),
    '',
    `Business case: ${a.businessCase.headline}`,
    ...a.businessCase.caveats.map((c) => `  - ${c}`),
    '',
  ]
  return lines.join('\n')
}

export async function analyzeEnablementCommand(options: AnalyzeEnablementOptions): Promise<void> {
  const result = await withStore(options.db, (store) =>
    buildEnablement(store, {
      date: options.date ?? null,
      options: {
        ...(options.program === undefined ? {} : { program: options.program }),
        ...(options.effect === undefined ? {} : { designEffect: options.effect }),
        ...(options.grossMargin === undefined ? {} : { grossMargin: options.grossMargin }),
      },
    }),
  )
  if ((options.pdf || options.html) && result.status !== 'ok')
    throw new RevlabError('BAD_INPUT', `no business case: ${result.reason}`)
  if (result.status === 'ok') {
    if (options.html) {
      fs.writeFileSync(options.html, renderBusinessCaseHtml(result))
      note(`wrote the business case to ${options.html}`)
    }
    if (options.pdf) {
      fs.writeFileSync(options.pdf, await renderBusinessCasePdf(result))
      note(`wrote the business case to ${options.pdf}`)
    }
  }
  if (options.json) return printJson(result)
  process.stdout.write(result.status === 'ok' ? renderEnablement(result) : `${result.reason}\n`)
}

const positive = (raw: string): number => {
  const x = Number(raw)
  if (!(x > 0) || !Number.isFinite(x)) throw new InvalidArgumentError('a number above 0')
  return x
}
const share = (raw: string): number => {
  const x = Number(raw)
  if (!(x > 0 && x <= 1)) throw new InvalidArgumentError('a share in (0, 1], e.g. 0.8')
  return x
}

/** Adds `enablement` to an `analyze` group. */
export function registerEnablementAnalysis(
  analyze: Command,
  helpers: {
    dbOption: () => Option
    dateArg: (raw: string) => string
    run: <A extends unknown[]>(action: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
  },
): void {
  analyze
    .command('enablement')
    .description(
      'enablement ROI: did a program change call behaviour and revenue (staggered DiD, matched reps, intervals), design, content, business case',
    )
    .addOption(helpers.dbOption())
    .option(
      '--program <id|name>',
      'the program (name or content id; default: the one most people enrolled in)',
    )
    .option(
      '--date <date>',
      'the as-of day (default: the newest call, learning event or close date)',
      helpers.dateArg,
    )
    .option(
      '--effect <n>',
      'design helper: the change to detect, in open questions per call (default 1)',
      positive,
    )
    .option('--gross-margin <share>', 'business case: gross margin applied to bookings (default 0.8)', share)
    .option('--html <file>', 'also write the one-page business case as HTML')
    .option('--pdf <file>', 'also write the one-page business case as PDF')
    .option('--json', 'print the whole analysis as JSON (see docs/cli.md)')
    .action(helpers.run(async (options: AnalyzeEnablementOptions) => analyzeEnablementCommand(options)))
}
