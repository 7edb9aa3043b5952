import type { Poc, PocCheckin, PocStatus } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import { toIsoDate } from './dates.js'

const SCOPES = [
  {
    question: 'Can nightly ETL finish before 06:00 on production volumes?',
    metric: 'ETL runtime (hours)',
    baseline: 6,
    target: 2,
  },
  {
    question: 'Can analysts onboard a new source without engineering help?',
    metric: 'Days to onboard a source',
    baseline: 30,
    target: 5,
  },
  {
    question: 'Do the top 20 dashboard queries return in under 3 seconds?',
    metric: 'p95 query latency (s)',
    baseline: 14,
    target: 3,
  },
  {
    question: 'Can we cut monthly infrastructure cost for the reporting workload?',
    metric: 'Monthly cost (k$)',
    baseline: 80,
    target: 50,
  },
  {
    question: 'Can the fraud model score events within a minute of arrival?',
    metric: 'Scoring delay (min)',
    baseline: 45,
    target: 1,
  },
] as const

const COMMITMENT_KEYS = ['dedicatedResource', 'weeklyMeeting', 'dataAccess', 'goNoGoDecision'] as const

/**
 * A POC on the deal (when the plan has one): one question, one metric with
 * baseline and target, 3-6 planned weeks, a commitment agreement and weekly
 * check-ins until the close (or asOf). Paid POCs carry a price. Whether the
 * POC was paid is the planted term; its shape has no effect on winning.
 */
export const generatePoc = (
  rng: Rng,
  options: { deal: DealPlan; asOfDay: number; pocId: string },
): { poc: Poc; checkins: PocCheckin[] } | null => {
  const { deal, asOfDay, pocId } = options
  if (!deal.hasPoc || deal.seId === null) return null
  const endDay = deal.isClosed ? deal.closeDay : asOfDay
  const span = Math.max(
    1,
    (deal.isClosed ? deal.closeDay : Math.max(asOfDay, deal.closeDay)) - deal.createdDay,
  )
  const startDay = deal.createdDay + Math.floor(span * rng.float(0.15, 0.5))
  const plannedWeeks = rng.int(3, 6)
  const scope = rng.pick(SCOPES)
  const commitments = Object.fromEntries(COMMITMENT_KEYS.map((key) => [key, rng.bernoulli(0.6)])) as Record<
    (typeof COMMITMENT_KEYS)[number],
    boolean
  >
  let status: PocStatus
  if (deal.isClosed) status = deal.isWon ? 'won' : rng.bernoulli(0.3) ? 'stopped' : 'lost'
  else if (startDay > asOfDay) status = 'planned'
  else status = rng.bernoulli(0.15) ? 'paused' : 'running'
  const poc: Poc = {
    id: pocId,
    dealId: deal.id,
    seId: deal.seId,
    question: scope.question,
    metric: scope.metric,
    baseline: scope.baseline,
    target: scope.target,
    plannedWeeks,
    startedAt: toIsoDate(startDay),
    goNoGoDate: toIsoDate(startDay + plannedWeeks * 7),
    paid: deal.pocPaid,
    priceCents: deal.pocPaid ? rng.int(2, 10) * 500_000 : 0,
    commitments: JSON.stringify(commitments),
    status,
  }
  const checkins: PocCheckin[] = []
  const promised = COMMITMENT_KEYS.filter((key) => commitments[key])
  for (let week = 1; week <= plannedWeeks + 2; week += 1) {
    const day = startDay + week * 7
    if (day > endDay || day > asOfDay) break
    if (week > plannedWeeks && rng.bernoulli(0.5)) break
    const progress = Math.min(1, week / plannedWeeks) * rng.float(0.6, 1.1)
    const metricValue = Math.round((scope.baseline + (scope.target - scope.baseline) * progress) * 10) / 10
    checkins.push({
      id: `${pocId}-w${week}`,
      pocId,
      week,
      checkedAt: toIsoDate(day),
      metricValue: rng.bernoulli(0.9) ? metricValue : null,
      commitmentsMet: JSON.stringify(promised.filter(() => rng.bernoulli(0.85))),
      note:
        progress >= 0.9
          ? 'On track against the success metric.'
          : progress >= 0.5
            ? 'Progressing; one milestone slipped a few days.'
            : 'Behind plan; data access still pending.',
    })
  }
  return { poc, checkins }
}
