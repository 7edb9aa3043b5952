/**
 * An explained deal score: a logistic model over closed deals whose terms a
 * sales leader can read — activity weighed by what it was and who attended,
 * conversations with VPs and C-levels, champion, economic buyer, executive
 * sponsor, strong budget, buying roles mapped. Each deal's score is shown
 * factor by factor (how many points each factor moves it from an average
 * deal), and the model is checked for calibration against closed outcomes
 * with out-of-fold predictions (calibration bins, Brier, AUC).
 */
import { brierScore, calibrationBins, fitLogistic, hashString, rocAuc } from '@revlab/stats'
import type { IsoInstant } from '@revlab/domain'
import { activityWeight, mostSenior } from './activity-weight.js'
import { knownSignals } from './exit-criteria.js'
import type {
  CalibrationSummary,
  DealHealthInputs,
  DealScore,
  DealScoreModel,
  HealthActivity,
  HealthDeal,
  HealthPoc,
  HealthSignal,
  HealthStakeholder,
  ScoreFactor,
} from './types.js'

export const SCORE_FEATURES = [
  { key: 'weightedActivity', label: 'Weighted activity' },
  { key: 'seniorConversations', label: 'Conversations with VP / C-level' },
  { key: 'champion', label: 'Champion' },
  { key: 'economicBuyer', label: 'Economic buyer engaged' },
  { key: 'execSponsor', label: 'Executive sponsor' },
  { key: 'priorOssUse', label: 'Tried DIY or open source' },
  { key: 'strongBudget', label: 'Strong budget' },
  { key: 'paidPoc', label: 'Paid POC' },
  { key: 'rolesCovered', label: 'Buying roles mapped' },
] as const
export type ScoreFeatureKey = (typeof SCORE_FEATURES)[number]['key']

type Grouped = {
  pocs: Map<string, HealthPoc[]>
  signals: Map<string, HealthSignal[]>
  stakeholders: Map<string, HealthStakeholder[]>
  activities: Map<string, HealthActivity[]>
}

function group<T extends { dealId: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const r of rows) {
    const list = m.get(r.dealId)
    if (list) list.push(r)
    else m.set(r.dealId, [r])
  }
  return m
}

export const groupInputs = (inputs: DealHealthInputs): Grouped => ({
  pocs: group(inputs.pocs),
  signals: group(inputs.signals),
  stakeholders: group(inputs.stakeholders),
  activities: group(inputs.activities),
})

const CONVERSATIONS = new Set(['call', 'meeting', 'demo', 'workshop', 'executive_briefing'])

/** What the score sees of a deal by `cutoff` (its close for a closed deal, else the as-of day). */
export function cutoffOf(deal: HealthDeal, asOf: string): IsoInstant {
  return `${deal.isClosed ? deal.closeDate : asOf}T23:59:59.999Z`
}

export function scoreFeatures(
  dealId: string,
  grouped: Grouped,
  cutoff: IsoInstant,
): {
  values: Record<ScoreFeatureKey, number>
  activityCount: number
  activityWeightSum: number
  seniorCount: number
  rolesCount: number
} {
  const acts = (grouped.activities.get(dealId) ?? []).filter((a) => a.occurredAt <= cutoff)
  let sum = 0
  let senior = 0
  for (const a of acts) {
    const seniorities = a.attendees.map((x) => x.seniority)
    sum += activityWeight(a.type, seniorities)
    const top = mostSenior(seniorities)
    if (CONVERSATIONS.has(a.type) && (top === 'vp' || top === 'c_level')) senior++
  }
  const known = knownSignals(grouped.signals.get(dealId) ?? [], cutoff)
  const people = (grouped.stakeholders.get(dealId) ?? []).filter((s) => s.addedAt <= cutoff)
  const hasRole = (r: string) => people.some((p) => p.roles.includes(r))
  const roles = new Set(people.flatMap((p) => p.roles).filter((r) => r !== 'blocker'))
  const budget = known.get('budget_status')
  return {
    values: {
      weightedActivity: Math.log1p(sum),
      seniorConversations: Math.log1p(senior),
      champion: known.has('champion') || hasRole('technical_champion') ? 1 : 0,
      economicBuyer: known.has('economic_buyer') || hasRole('economic_buyer') ? 1 : 0,
      execSponsor: known.has('exec_sponsor') || hasRole('exec_sponsor') ? 1 : 0,
      priorOssUse: known.has('prior_oss_use') ? 1 : 0,
      strongBudget: budget?.strength === 'strong' ? 1 : 0,
      paidPoc: (grouped.pocs.get(dealId) ?? []).some((q) => q.paid && q.startedAt <= cutoff) ? 1 : 0,
      rolesCovered: roles.size,
    },
    activityCount: acts.length,
    activityWeightSum: sum,
    seniorCount: senior,
    rolesCount: roles.size,
  }
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))
const L2 = 0.5

type Fitted = {
  intercept: number
  beta: Record<ScoreFeatureKey, number>
  ci: Record<ScoreFeatureKey, [number, number]>
}

function fit(y: number[], rows: Record<ScoreFeatureKey, number>[]): Fitted | null {
  const columns = Object.fromEntries(SCORE_FEATURES.map((f) => [f.key, rows.map((r) => r[f.key])]))
  const result = fitLogistic(y as (0 | 1)[], columns, { l2: L2 })
  if (result.status !== 'ok') return null
  const byName = new Map(result.coefficients.map((c) => [c.name, c]))
  const beta = {} as Record<ScoreFeatureKey, number>
  const ci = {} as Record<ScoreFeatureKey, [number, number]>
  for (const f of SCORE_FEATURES) {
    beta[f.key] = byName.get(f.key)?.estimate ?? 0
    ci[f.key] = byName.get(f.key)?.ci95 ?? [0, 0]
  }
  return { intercept: byName.get('(Intercept)')?.estimate ?? 0, beta, ci }
}

const predict = (m: Fitted, x: Record<ScoreFeatureKey, number>): number =>
  sigmoid(SCORE_FEATURES.reduce((z, f) => z + m.beta[f.key] * x[f.key], m.intercept))

export type FittedScoreModel = { model: DealScoreModel; fitted: Fitted | null; grouped: Grouped }

/** Fits the score on every closed deal and checks its calibration with `folds`-fold out-of-fold predictions. */
export function fitDealScore(
  inputs: DealHealthInputs,
  options: { folds?: number; minDeals?: number } = {},
): FittedScoreModel {
  const folds = options.folds ?? 5
  const minDeals = options.minDeals ?? 60
  const grouped = groupInputs(inputs)
  const closed = inputs.deals.filter((d) => d.isClosed)
  const wins = closed.filter((d) => d.isWon).length
  if (closed.length < minDeals || wins < 10 || closed.length - wins < 10) {
    return {
      model: {
        status: 'insufficient-data',
        needed: minDeals,
        got: closed.length,
        reason: 'too few closed deals (or wins/losses) to fit and check a score',
      },
      fitted: null,
      grouped,
    }
  }
  const feats = closed.map((d) => scoreFeatures(d.id, grouped, cutoffOf(d, inputs.asOf)))
  const rows = feats.map((f) => f.values)
  const y = closed.map((d) => (d.isWon ? 1 : 0))
  const fitted = fit(y, rows)
  if (!fitted) {
    return {
      model: {
        status: 'insufficient-data',
        needed: minDeals,
        got: closed.length,
        reason: 'the model did not converge',
      },
      fitted: null,
      grouped,
    }
  }
  // Out-of-fold predictions: each deal scored by a model that never saw it.
  const foldOf = closed.map((d) => hashString(d.id) % folds)
  const oof = new Array<number>(closed.length).fill(0)
  for (let k = 0; k < folds; k++) {
    const train = closed.map((_, i) => i).filter((i) => foldOf[i] !== k)
    const m =
      fit(
        train.map((i) => y[i] as number),
        train.map((i) => rows[i] as Record<ScoreFeatureKey, number>),
      ) ?? fitted
    closed.forEach((_, i) => {
      if (foldOf[i] === k) oof[i] = predict(m, rows[i] as Record<ScoreFeatureKey, number>)
    })
  }
  const baseRate = wins / closed.length
  const brier = brierScore(y, oof)
  const brierBaseRate = brierScore(
    y,
    y.map(() => baseRate),
  )
  const auc = rocAuc(y, oof)
  const calibration: CalibrationSummary = {
    n: closed.length,
    wins,
    folds,
    brier,
    brierBaseRate,
    auc,
    aucActivityCount: rocAuc(
      y,
      feats.map((f) => f.activityCount),
    ),
    aucWeightedActivity: rocAuc(
      y,
      feats.map((f) => f.activityWeightSum),
    ),
    bins: calibrationBins(y, oof, 10).map((b) => ({
      ...b,
      observedCi95: [b.observedCi95[0], b.observedCi95[1]] as [number, number],
    })),
    sentence:
      `Out of sample (${folds}-fold, ${closed.length} closed deals): Brier ${brier.toFixed(3)} vs ${brierBaseRate.toFixed(3)} for the base rate, ` +
      `AUC ${auc === null ? 'n/a' : auc.toFixed(2)}.`,
  }
  const means = Object.fromEntries(
    SCORE_FEATURES.map((f) => [f.key, rows.reduce((a, r) => a + r[f.key], 0) / rows.length]),
  ) as Record<ScoreFeatureKey, number>
  return {
    model: {
      status: 'ok',
      n: closed.length,
      baseRate,
      coefficients: SCORE_FEATURES.map((f) => ({
        key: f.key,
        label: f.label,
        estimate: fitted.beta[f.key],
        ci95: fitted.ci[f.key],
      })),
      means,
      calibration,
    },
    fitted,
    grouped,
  }
}

const yesNo = (v: number) => (v ? 'yes' : 'no')

/** One deal's score, explained factor by factor. */
export function scoreDeal(
  scored: FittedScoreModel,
  inputs: DealHealthInputs,
  deal: HealthDeal,
): DealScore | null {
  const { fitted, model, grouped } = scored
  if (!fitted || model.status !== 'ok') return null
  const f = scoreFeatures(deal.id, grouped, cutoffOf(deal, inputs.asOf))
  const x = f.values
  const p = predict(fitted, x)
  const text: Record<ScoreFeatureKey, [string, string]> = {
    weightedActivity: [
      `${f.activityCount} activities, weight ${f.activityWeightSum.toFixed(1)}`,
      'each activity weighs its kind × the most senior buyer present (hallway 0.2 … executive briefing with a C-level 6)',
    ],
    seniorConversations: [
      `${f.seniorCount}`,
      'calls, meetings, demos and briefings a VP or C-level attended',
    ],
    champion: [yesNo(x.champion), 'a champion signal or a technical champion mapped'],
    economicBuyer: [yesNo(x.economicBuyer), 'the economic buyer identified and engaged'],
    execSponsor: [yesNo(x.execSponsor), 'an executive sponsors the project'],
    priorOssUse: [
      yesNo(x.priorOssUse),
      'the buyer already tried building it or an open-source tool (readiness)',
    ],
    strongBudget: [yesNo(x.strongBudget), 'budget: prior spend, fresh funding, hypergrowth or allocated'],
    paidPoc: [yesNo(x.paidPoc), 'a POC the buyer pays for (commitment)'],
    rolesCovered: [
      `${f.rolesCount} of 5`,
      'technical champion, business stakeholder, economic buyer, budget owner, executive sponsor',
    ],
  }
  const factors: ScoreFactor[] = SCORE_FEATURES.map((feat) => {
    const atMean = { ...x, [feat.key]: model.means[feat.key] ?? 0 }
    return {
      key: feat.key,
      label: feat.label,
      value: x[feat.key],
      display: text[feat.key][0],
      coefficient: fitted.beta[feat.key],
      effect: p - predict(fitted, atMean),
      explanation: text[feat.key][1],
    }
  }).sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect))
  const acts = (grouped.activities.get(deal.id) ?? []).filter(
    (a) => a.occurredAt <= cutoffOf(deal, inputs.asOf),
  )
  const topActivities = acts
    .map((a) => {
      const s = a.attendees.map((t) => t.seniority)
      return {
        type: a.type,
        occurredAt: a.occurredAt,
        seniority: mostSenior(s),
        weight: activityWeight(a.type, s),
      }
    })
    .sort((a, b) => b.weight - a.weight || b.occurredAt.localeCompare(a.occurredAt))
    .slice(0, 5)
  const up = factors
    .filter((q) => q.effect > 0.005)
    .slice(0, 2)
    .map((q) => q.label.toLowerCase())
  const down = factors
    .filter((q) => q.effect < -0.005)
    .slice(0, 2)
    .map((q) => q.label.toLowerCase())
  const sentence =
    `${Math.round(p * 100)}% chance to win against a ${Math.round(model.baseRate * 100)}% base rate` +
    (up.length ? `; lifted by ${up.join(' and ')}` : '') +
    (down.length ? `; held back by ${down.join(' and ')}` : '') +
    '.'
  return { probability: p, factors, topActivities, sentence }
}
