import type { PlantedEffect } from '@revlab/domain'

/**
 * The true generating process behind the effects an analysis should find.
 * Each coefficient is used exactly once, where the quantity is drawn (see the
 * comments in deals.ts, calls.ts and amounts.ts).
 */

/** P(win) = logistic(intercept + Σ coefficient × indicator); no other terms. */
export const WIN_MODEL = {
  intercept: -1.55,
  execSponsor: Math.log(2.5),
  priorOssUse: Math.log(1.8),
  pocPaid: Math.log(2.2),
} as const

/** ln(days from createdAt to closeDate) = mu + Σ coefficient × indicator + Normal(0, sigma). */
export const CYCLE_MODEL = {
  mu: Math.log(80),
  hardDeadline: Math.log(0.6),
  dualChampionVariant: Math.log(0.8),
  sigma: 0.5,
} as const

/** Open discovery questions per call ~ Poisson(baseRate[rep] + lift × completed Discovery Excellence before the call). */
export const TRAINING_MODEL = {
  lift: 1.5,
  /** Each AE's base rate is drawn once: exp(Normal(ln 2.6, 0.3)), constant over time. */
  baseRateLogMean: Math.log(2.6),
  baseRateLogSd: 0.3,
} as const

/** ln(amountCents) = segment intercept + kind term + perOpenQuestion × mean open questions over the deal's calls + Normal(0, noiseSd). */
export const AMOUNT_MODEL = {
  perOpenQuestion: 0.08,
  segmentLogCents: {
    SMB: Math.log(1_600_000),
    'Mid-Market': Math.log(5_500_000),
    Enterprise: Math.log(16_000_000),
  },
  kindLogRatio: { new_logo: 0, expansion: Math.log(0.6), renewal: Math.log(0.8), use_case: Math.log(0.5) },
  noiseSd: 0.4,
} as const

/** Independent draws of the signals and POCs (independent of each other and of everything else). */
export const SIGNAL_RATES = {
  execSponsor: 0.35,
  priorOssUse: 0.4,
  hardDeadline: 0.3,
  /** P(the deal has a POC); renewals never do. */
  poc: 0.3,
  /** P(paid | POC). */
  pocPaid: 0.45,
} as const

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6

export const buildPlantedEffects = (options: {
  discoveryProgramId: string
  nullProgramId: string
  experimentId: string
}): PlantedEffect[] => [
  {
    key: 'win_exec_sponsor',
    description: 'Closed deals with an executive sponsor win at 2.5× the odds, other signals held fixed.',
    planted: 2.5,
    metric: 'odds_ratio',
    detail: JSON.stringify({
      model: 'logistic',
      terms: ['exec_sponsor', 'prior_oss_use', 'poc_paid'],
      signalKey: 'exec_sponsor',
      intercept: WIN_MODEL.intercept,
    }),
  },
  {
    key: 'win_prior_oss_use',
    description: 'Closed deals where the buyer already tried DIY or open source win at 1.8× the odds.',
    planted: 1.8,
    metric: 'odds_ratio',
    detail: JSON.stringify({
      model: 'logistic',
      terms: ['exec_sponsor', 'prior_oss_use', 'poc_paid'],
      signalKey: 'prior_oss_use',
      intercept: WIN_MODEL.intercept,
    }),
  },
  {
    key: 'poc_paid_conversion',
    description: 'A paid POC multiplies the odds of winning by 2.2; a free POC adds nothing over no POC.',
    planted: 2.2,
    metric: 'odds_ratio',
    detail: JSON.stringify({
      model: 'logistic',
      terms: ['exec_sponsor', 'prior_oss_use', 'poc_paid'],
      poc_paid: 'deal has a POC with paid = true; 0 for free POCs and no POC',
      intercept: WIN_MODEL.intercept,
    }),
  },
  {
    key: 'cycle_hard_deadline',
    description: 'Closed deals with a hard implementation deadline take 0.6× the days to close.',
    planted: 0.6,
    metric: 'ratio_of_median_days',
    detail: JSON.stringify({
      model: 'lognormal',
      terms: ['hard_deadline', 'dual_champion_variant'],
      signalKey: 'hard_deadline',
      medianDaysBase: 80,
      sigma: CYCLE_MODEL.sigma,
      days: 'closeDate minus the UTC date of createdAt',
    }),
  },
  {
    key: 'cycle_dual_champion',
    description: 'Deals assigned the dual-champion discovery variant close in 0.8× the days.',
    planted: 0.8,
    metric: 'ratio_of_median_days',
    detail: JSON.stringify({
      model: 'lognormal',
      terms: ['hard_deadline', 'dual_champion_variant'],
      experimentId: options.experimentId,
      medianDaysBase: 80,
      sigma: CYCLE_MODEL.sigma,
    }),
  },
  {
    key: 'training_open_questions',
    description:
      'After completing Discovery Excellence an AE asks 1.5 more open discovery questions per call.',
    planted: 1.5,
    metric: 'difference_in_means',
    detail: JSON.stringify({
      program: options.discoveryProgramId,
      metric: 'open_questions',
      model: 'poisson',
      rate: 'base_rate[rep] + 1.5 × completed_before_call',
      design: 'staggered regional rollout',
    }),
  },
  {
    key: 'training_null_program',
    description: 'Negotiation Foundations changes nothing: no behaviour or outcome depends on it.',
    planted: 0,
    metric: 'difference_in_means',
    detail: JSON.stringify({
      program: options.nullProgramId,
      metric: 'open_questions',
      design: 'staggered regional rollout',
    }),
  },
  {
    key: 'open_questions_deal_size',
    description:
      'Each additional open discovery question per call (deal average) adds 8% to the log deal amount.',
    planted: 0.08,
    metric: 'log_amount_per_open_question',
    detail: JSON.stringify({
      model: 'linear',
      response: 'ln(amountCents)',
      terms: {
        mean_open_questions: AMOUNT_MODEL.perOpenQuestion,
        segment: Object.fromEntries(
          Object.entries(AMOUNT_MODEL.segmentLogCents).map(([k, v]) => [k, round6(v)]),
        ),
        kind: Object.fromEntries(Object.entries(AMOUNT_MODEL.kindLogRatio).map(([k, v]) => [k, round6(v)])),
      },
      noiseSd: AMOUNT_MODEL.noiseSd,
      meanOpenQuestions: "mean of callMetrics.openQuestions over the deal's calls",
    }),
  },
]
