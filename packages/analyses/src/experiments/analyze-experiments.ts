/**
 * Playbook experiments: variant against control on win rate, days to close
 * (Kaplan-Meier with open deals censored, log-rank) and deal size, with the
 * Bayesian probability that the variant is better; intention to treat and
 * per protocol side by side, per segment and AE type; the sample the primary
 * metric needs and how long that takes at the current deal flow. Pure and
 * seeded: the same inputs give the same numbers.
 */
import type { IsoDate } from '@revlab/domain'
import {
  createRng,
  kaplanMeier,
  logRankTest,
  normalQuantile,
  studentTQuantile,
  type Rng,
} from '@revlab/stats'
import { proportion, proportionDifference } from '../pocs/intervals.js'
import type {
  ArmComparison,
  ExperimentAnalysis,
  ExperimentDealInput,
  ExperimentInputs,
  ExperimentOptions,
  ExperimentResult,
  RatioEstimate,
  SampleSizePlan,
  SurvivalArm,
} from './types.js'

export const DEFAULT_EXPERIMENT_OPTIONS: ExperimentOptions = {
  adherenceThreshold: 0.8,
  bootstrapResamples: 400,
  posteriorDraws: 10_000,
  seed: 20_240_601,
  alpha: 0.05,
  power: 0.8,
  smallestWinRateDifference: 0.1,
  smallestDaysRatio: 0.8,
  smallestDealSizeRatio: 1.2,
  flowWeeks: 12,
}

const DAY_MS = 86_400_000
const daysBetween = (from: IsoDate, to: IsoDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)

/** Marsaglia and Tsang's gamma sampler (shape ≥ 1 here: Beta(1 + x, 1 + y)). */
function sampleGamma(rng: Rng, shape: number): number {
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    const x = rng.normal()
    const v = (1 + c * x) ** 3
    if (v <= 0) continue
    const u = rng.next()
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v
  }
}

const sampleBeta = (rng: Rng, a: number, b: number): number => {
  const x = sampleGamma(rng, a)
  return x / (x + sampleGamma(rng, b))
}

function probabilityBetter(
  rng: Rng,
  variant: { won: number; n: number },
  control: { won: number; n: number },
  draws: number,
): number | null {
  if (variant.n === 0 || control.n === 0) return null
  let better = 0
  for (let i = 0; i < draws; i++) {
    const pv = sampleBeta(rng, 1 + variant.won, 1 + variant.n - variant.won)
    const pc = sampleBeta(rng, 1 + control.won, 1 + control.n - control.won)
    if (pv > pc) better += 1
  }
  return better / draws
}

type Survival = { time: number[]; event: boolean[] }

const survivalOf = (deals: ExperimentDealInput[], asOf: IsoDate): Survival => ({
  // Open deals are censored at the as-of date: they have taken at least that long.
  time: deals.map((d) => Math.max(0, daysBetween(d.createdOn, d.isClosed ? d.closeDate : asOf))),
  event: deals.map((d) => d.isClosed),
})

function survivalArm(s: Survival): SurvivalArm {
  if (s.time.length === 0) return { n: 0, events: 0, medianDays: null, medianCi95: [null, null] }
  const km = kaplanMeier(s.time, s.event)
  return { n: km.n, events: km.events, medianDays: km.median, medianCi95: km.medianCi95 }
}

const medianOf = (s: Survival): number | null =>
  s.time.length === 0 ? null : kaplanMeier(s.time, s.event).median

function resample(rng: Rng, s: Survival): Survival {
  const time: number[] = []
  const event: boolean[] = []
  for (let i = 0; i < s.time.length; i++) {
    const j = Math.floor(rng.next() * s.time.length)
    time.push(s.time[j] as number)
    event.push(s.event[j] as boolean)
  }
  return { time, event }
}

const quantileOf = (sorted: number[], p: number): number => {
  const pos = (sorted.length - 1) * p
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo)
}

function medianRatio(
  rng: Rng,
  control: Survival,
  variant: Survival,
  resamples: number,
): { ratio: RatioEstimate; probabilityFaster: number | null } {
  const method = `ratio of Kaplan-Meier medians; percentile bootstrap 95% CI (${resamples} resamples within arm)`
  const mc = medianOf(control)
  const mv = medianOf(variant)
  if (mc === null || mv === null || mc === 0) {
    return { ratio: { estimate: null, ci95: null, method }, probabilityFaster: null }
  }
  const ratios: number[] = []
  for (let i = 0; i < resamples; i++) {
    const c = medianOf(resample(rng, control))
    const v = medianOf(resample(rng, variant))
    // A resample whose curve never reaches one half has no median: it is left out.
    if (c !== null && v !== null && c > 0) ratios.push(v / c)
  }
  ratios.sort((a, b) => a - b)
  return {
    ratio: {
      estimate: mv / mc,
      ci95: ratios.length >= 20 ? [quantileOf(ratios, 0.025), quantileOf(ratios, 0.975)] : null,
      method,
    },
    probabilityFaster: ratios.length > 0 ? ratios.filter((r) => r < 1).length / ratios.length : null,
  }
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
const variance = (xs: number[]): number => {
  const m = mean(xs)
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)
}

function logAmountRatio(control: number[], variant: number[]): RatioEstimate {
  const method = 'exp(difference in mean ln amount), won deals; Welch t 95% CI'
  if (control.length < 2 || variant.length < 2) return { estimate: null, ci95: null, method }
  const lc = control.map(Math.log)
  const lv = variant.map(Math.log)
  const vc = variance(lc) / lc.length
  const vv = variance(lv) / lv.length
  const diff = mean(lv) - mean(lc)
  const se = Math.sqrt(vc + vv)
  const df = (vc + vv) ** 2 / (vc ** 2 / (lc.length - 1) + vv ** 2 / (lv.length - 1))
  const t = studentTQuantile(0.975, df)
  return { estimate: Math.exp(diff), ci95: [Math.exp(diff - t * se), Math.exp(diff + t * se)], method }
}

const geometricMean = (xs: number[]): number | null =>
  xs.length === 0 ? null : Math.round(Math.exp(mean(xs.map(Math.log))))

function compareArms(
  deals: ExperimentDealInput[],
  asOf: IsoDate,
  rng: Rng,
  opts: ExperimentOptions,
  resamples: number,
): ArmComparison {
  const control = deals.filter((d) => d.variant === 'control')
  const variant = deals.filter((d) => d.variant === 'variant')
  const closedC = control.filter((d) => d.isClosed)
  const closedV = variant.filter((d) => d.isClosed)
  const winC = proportion(closedC.filter((d) => d.isWon).length, closedC.length)
  const winV = proportion(closedV.filter((d) => d.isWon).length, closedV.length)
  const survC = survivalOf(control, asOf)
  const survV = survivalOf(variant, asOf)
  const bothHaveEvents = closedC.length > 0 && closedV.length > 0
  const lr = bothHaveEvents
    ? logRankTest(
        [...survC.time, ...survV.time],
        [...survC.event, ...survV.event],
        [...control.map(() => 'control'), ...variant.map(() => 'variant')],
      )
    : null
  const { ratio, probabilityFaster } = medianRatio(rng, survC, survV, resamples)
  const wonAmounts = (ds: ExperimentDealInput[]): number[] =>
    ds.filter((d) => d.isWon && d.amountCents > 0).map((d) => d.amountCents)
  const amountsC = wonAmounts(closedC)
  const amountsV = wonAmounts(closedV)
  return {
    n: { control: control.length, variant: variant.length },
    winRate: {
      control: winC,
      variant: winV,
      difference: proportionDifference(winV, winC),
      probabilityVariantBetter: probabilityBetter(
        rng,
        { won: winV.successes, n: winV.n },
        { won: winC.successes, n: winC.n },
        opts.posteriorDraws,
      ),
    },
    daysToClose: {
      control: survivalArm(survC),
      variant: survivalArm(survV),
      ratioOfMedians: ratio,
      probabilityVariantFaster: probabilityFaster,
      logRank: lr ? { chisq: lr.chisq, pValue: lr.pValue } : null,
    },
    dealSize: {
      control: { n: amountsC.length, geometricMeanCents: geometricMean(amountsC) },
      variant: { n: amountsV.length, geometricMeanCents: geometricMean(amountsV) },
      ratio: logAmountRatio(amountsC, amountsV),
    },
  }
}

function planSample(
  deals: ExperimentDealInput[],
  primary: ExperimentResult['primaryMetric'],
  asOf: IsoDate,
  opts: ExperimentOptions,
): SampleSizePlan {
  const z = normalQuantile(1 - opts.alpha / 2) + normalQuantile(opts.power)
  const closed = deals.filter((d) => d.isClosed)
  const won = closed.filter((d) => d.isWon)
  const unitDeals = primary === 'deal_size' ? won : closed
  const unit = primary === 'deal_size' ? 'won deals' : 'closed deals'
  let neededPerArm: number | null = null
  let smallestEffect: number
  let basis: string
  switch (primary) {
    case 'win_rate': {
      smallestEffect = opts.smallestWinRateDifference
      const ctrl = closed.filter((d) => d.variant === 'control')
      const p0 = ctrl.length > 0 ? ctrl.filter((d) => d.isWon).length / ctrl.length : 0.25
      const p1 = Math.min(0.99, p0 + smallestEffect)
      neededPerArm = Math.ceil((z ** 2 * (p0 * (1 - p0) + p1 * (1 - p1))) / (p1 - p0) ** 2)
      basis = `two-sided test of proportions: control win rate ${Math.round(p0 * 100)}% vs +${Math.round(smallestEffect * 100)} points`
      break
    }
    case 'days_to_close':
    case 'deal_size': {
      smallestEffect = primary === 'days_to_close' ? opts.smallestDaysRatio : opts.smallestDealSizeRatio
      const logs =
        primary === 'days_to_close'
          ? closed.map((d) => Math.log(Math.max(1, daysBetween(d.createdOn, d.closeDate))))
          : won.filter((d) => d.amountCents > 0).map((d) => Math.log(d.amountCents))
      const sigma = logs.length >= 3 ? Math.sqrt(variance(logs)) : null
      if (sigma !== null) neededPerArm = Math.ceil((2 * z ** 2 * sigma ** 2) / Math.log(smallestEffect) ** 2)
      basis =
        sigma === null
          ? 'too few closed deals to estimate the spread'
          : `two-sided t test on the log scale: ratio ${smallestEffect}, observed SD of ln ${primary === 'days_to_close' ? 'days' : 'amount'} ${sigma.toFixed(2)}`
      break
    }
  }
  const current = {
    control: unitDeals.filter((d) => d.variant === 'control').length,
    variant: unitDeals.filter((d) => d.variant === 'variant').length,
  }
  const flowStart = daysBetween('1970-01-01', asOf) - opts.flowWeeks * 7
  const recent = unitDeals.filter((d) => daysBetween('1970-01-01', d.closeDate) > flowStart).length
  const weeklyFlow = recent / opts.flowWeeks
  const reached = neededPerArm !== null && current.control >= neededPerArm && current.variant >= neededPerArm
  const missing =
    neededPerArm === null
      ? null
      : Math.max(0, neededPerArm - current.control) + Math.max(0, neededPerArm - current.variant)
  return {
    primaryMetric: primary,
    smallestEffect,
    neededPerArm,
    unit,
    current,
    weeklyFlow,
    weeksToGo:
      missing === null ? null : missing === 0 ? 0 : weeklyFlow > 0 ? Math.ceil(missing / weeklyFlow) : null,
    reached,
    basis,
  }
}

function groupBy<K extends string>(
  deals: ExperimentDealInput[],
  key: (d: ExperimentDealInput) => K,
): [K, ExperimentDealInput[]][] {
  const groups = new Map<K, ExperimentDealInput[]>()
  for (const d of deals) groups.set(key(d), [...(groups.get(key(d)) ?? []), d])
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))
}

const meanAdherence = (deals: ExperimentDealInput[]): number | null => {
  const xs = deals.map((d) => d.adherence).filter((a): a is number => a !== null)
  return xs.length === 0 ? null : mean(xs)
}

export function analyzeExperiments(
  inputs: ExperimentInputs,
  options: Partial<ExperimentOptions> = {},
): ExperimentAnalysis {
  const opts = { ...DEFAULT_EXPERIMENT_OPTIONS, ...options } satisfies ExperimentOptions
  const { asOf } = inputs
  if (inputs.experiments.length === 0) {
    return { status: 'insufficient-data', asOf, needed: 1, got: 0, reason: 'no experiments in the store' }
  }
  const playbookName = new Map(inputs.playbooks.map((p) => [p.id, p.name]))
  const rng = createRng(opts.seed)
  const experiments = [...inputs.experiments]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e): ExperimentResult => {
      const own = rng.fork(e.id)
      const deals = inputs.assignments.filter((a) => a.experimentId === e.id && a.createdOn <= asOf)
      const adherent = deals.filter((d) => d.adherence !== null && d.adherence >= opts.adherenceThreshold)
      const small = Math.max(20, Math.round(opts.bootstrapResamples / 4))
      const sampleSize = planSample(deals, e.primaryMetric, asOf, opts)
      const itt = compareArms(deals, asOf, own, opts, opts.bootstrapResamples)
      const warnings: string[] = []
      if (!sampleSize.reached && (e.status === 'running' || e.status === 'draft')) {
        const need =
          sampleSize.neededPerArm === null ? 'an unknown number of' : String(sampleSize.neededPerArm)
        warnings.push(
          `Planned sample not reached: ${sampleSize.current.control} control and ${sampleSize.current.variant} variant ${sampleSize.unit} of ${need} per arm` +
            (sampleSize.weeksToGo !== null
              ? ` (about ${sampleSize.weeksToGo} more weeks at the current flow)`
              : '') +
            '. Do not stop early or declare a winner on a trend: looking repeatedly and stopping when it looks good inflates false positives.',
        )
      }
      if (e.status === 'stopped' && !sampleSize.reached) {
        warnings.push(
          'Stopped before the planned sample: treat any difference as a hint to re-test, not a result.',
        )
      }
      if (deals.length === 0) warnings.push('No deals assigned yet.')
      return {
        id: e.id,
        name: e.name,
        hypothesis: e.hypothesis,
        status: e.status,
        assignmentMethod: e.assignmentMethod,
        seed: e.seed,
        primaryMetric: e.primaryMetric,
        startedAt: e.startedAt,
        controlPlaybook: playbookName.get(e.controlPlaybookId) ?? e.controlPlaybookId,
        variantPlaybook: playbookName.get(e.variantPlaybookId) ?? e.variantPlaybookId,
        meanAdherence: {
          control: meanAdherence(deals.filter((d) => d.variant === 'control')),
          variant: meanAdherence(deals.filter((d) => d.variant === 'variant')),
        },
        intentionToTreat: itt,
        perProtocol: {
          ...compareArms(adherent, asOf, own, opts, opts.bootstrapResamples),
          excluded: deals.length - adherent.length,
        },
        bySegment: groupBy(deals, (d) => d.segment).map(([segment, ds]) => ({
          segment,
          intentionToTreat: compareArms(ds, asOf, own, opts, small),
        })),
        byAeType: groupBy(deals, (d) => d.aeType ?? 'unknown').map(([aeType, ds]) => ({
          aeType,
          intentionToTreat: compareArms(ds, asOf, own, opts, small),
        })),
        sampleSize,
        warnings,
      }
    })
  return { status: 'ok', asOf, options: opts, experiments }
}
